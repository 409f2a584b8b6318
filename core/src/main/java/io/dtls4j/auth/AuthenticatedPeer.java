package io.dtls4j.auth;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A peer whose certificate or raw public key passed verification: its chain (empty for a raw public
 * key, RFC 7250) and the key it must now prove it holds.
 */
public record AuthenticatedPeer(List<X509Certificate> chain, PublicKey key) {
    public AuthenticatedPeer {
        chain = List.copyOf(chain);
    }

    /** "server certificate CN=…" or "client raw public key (EC, …)", for messages. */
    public String describe(boolean peerIsServer) {
        return (peerIsServer ? "server " : "client ") + PeerDescriptions.identity(chain, key);
    }
}
