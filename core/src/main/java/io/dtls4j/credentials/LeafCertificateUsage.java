package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Checks that the peer's end-entity certificate may be used the way DTLS uses it: the key signs
 * (ServerKeyExchange in ECDHE suites, CertificateVerify for client certificates), and the extended
 * key usage names the peer's role.
 */
final class LeafCertificateUsage {
    private static final int DIGITAL_SIGNATURE = 0; // RFC 5280 §4.2.1.3 KeyUsage bit 0
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private LeafCertificateUsage() {
    }

    /**
     * @param peerIsServer true when the certificate is a server's (serverAuth needed), false for a
     *                     client's (clientAuth needed)
     * @throws PeerVerificationException unsupported_certificate for a forbidden usage, bad_certificate
     *                                   when the extension cannot be parsed
     */
    static void check(X509Certificate leaf, boolean peerIsServer) throws PeerVerificationException {
        boolean[] keyUsage = leaf.getKeyUsage();
        // RFC 5280 §4.2.1.3: when the extension is present, only the usages it lists are allowed
        if (keyUsage != null && (keyUsage.length <= DIGITAL_SIGNATURE || !keyUsage[DIGITAL_SIGNATURE])) {
            throw new PeerVerificationException(AlertDescription.UNSUPPORTED_CERTIFICATE, "certificate "
                    + CertificateText.subject(leaf) + " has a key usage without digitalSignature, "
                    + "but its key must sign the handshake");
        }
        List<String> extendedKeyUsage;
        try {
            extendedKeyUsage = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "certificate "
                    + CertificateText.subject(leaf) + " has an extended key usage extension that cannot be parsed", e);
        }
        String needed = peerIsServer ? SERVER_AUTH : CLIENT_AUTH;
        // RFC 5280 §4.2.1.12: when present, the certificate is for the listed purposes only
        if (extendedKeyUsage != null && !extendedKeyUsage.contains(needed)
                && !extendedKeyUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new PeerVerificationException(AlertDescription.UNSUPPORTED_CERTIFICATE, "certificate "
                    + CertificateText.subject(leaf) + " is not for " + (peerIsServer ? "server" : "client")
                    + " authentication (its extended key usage lacks " + (peerIsServer ? "serverAuth" : "clientAuth")
                    + ")");
        }
    }
}
