package io.dtls4j.engine;

import javax.security.auth.x500.X500Principal;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** Names of the peer's credentials for the messages of handshake failures: which certificate or key failed. */
final class PeerDescriptions {
    private PeerDescriptions() {
    }

    /** The subject DN in RFC 2253 form, or the serial number when the subject is empty. */
    static String subject(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return name.isEmpty() ? "(empty subject, serial " + certificate.getSerialNumber().toString(16) + ")" : name;
    }

    /** "certificate CN=…" for a chain's leaf, "raw public key (EC)" for a raw key. */
    static String identity(List<X509Certificate> chain, PublicKey key) {
        if (!chain.isEmpty()) {
            return "certificate " + subject(chain.get(0));
        }
        return "raw public key (" + key.getAlgorithm() + ")";
    }
}
