package io.dtls4j.session;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a completed handshake negotiated.
 *
 * @param protocolVersion    "DTLSv1.2"
 * @param cipherSuite        the suite in use
 * @param namedGroup         the ECDHE group, or null for a plain PSK session
 * @param peerSignatureScheme the scheme the peer signed with, or null when the peer did not sign (a client without certificate)
 * @param peerCertificates   the peer's chain, leaf first; empty when the peer sent none
 * @param extendedMasterSecret whether RFC 7627 was negotiated
 * @param peerPublicKey      the key the peer authenticated with (its leaf certificate's, or its raw public key), or null
 * @param pskIdentity        the PSK identity of a PSK or ECDHE_PSK session (RFC 4279), or null; never the key
 */
public record SessionInfo(String protocolVersion, CipherSuite cipherSuite, NamedGroup namedGroup,
                          SignatureScheme peerSignatureScheme, List<X509Certificate> peerCertificates,
                          boolean extendedMasterSecret, PublicKey peerPublicKey, String pskIdentity) {

    /** A session without PSK. */
    public SessionInfo(String protocolVersion, CipherSuite cipherSuite, NamedGroup namedGroup,
                       SignatureScheme peerSignatureScheme, List<X509Certificate> peerCertificates,
                       boolean extendedMasterSecret, PublicKey peerPublicKey) {
        this(protocolVersion, cipherSuite, namedGroup, peerSignatureScheme, peerCertificates, extendedMasterSecret,
                peerPublicKey, null);
    }

    /** True when the peer authenticated with a raw public key (RFC 7250) rather than a certificate. */
    public boolean peerUsedRawPublicKey() {
        return peerPublicKey != null && peerCertificates.isEmpty();
    }
}
