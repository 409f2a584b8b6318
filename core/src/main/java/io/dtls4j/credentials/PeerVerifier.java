package io.dtls4j.credentials;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Decides whether the peer's certificate chain is trusted. Called once per handshake, after the
 * chain is decoded and before any signature made with its key is accepted.
 */
@FunctionalInterface
public interface PeerVerifier {
    /**
     * @param chain the peer's chain, leaf first, never empty
     * @throws PeerVerificationException naming the alert to send and what failed
     */
    void verify(List<X509Certificate> chain, PeerContext context) throws PeerVerificationException;
}
