package io.dtls4j.auth;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.credentials.CertificateText;
import io.dtls4j.credentials.SelfSignedCertificate;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.PSSParameterSpec;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * The signature algorithms on the certificates of a peer's chain, checked against those we accept.
 *
 * <p>RFC 5246 §7.4.2 and §7.4.6: every certificate the peer provides is signed by a hash/signature
 * pair we listed (signature_algorithms, or the CertificateRequest's list); RFC 8446 §4.2.3 lets
 * signature_algorithms_cert set that list apart, and exempts certificates that are self-signed,
 * since nobody checks the signature that begins a certification path. A chain that breaks the rule
 * is refused with unsupported_certificate, the default alert of RFC 8446 §4.4.2.2.
 *
 * <p>A certificate's algorithm maps to a scheme code by its hash and signature kind, as the DTLS 1.2
 * pairs do (RFC 5246 §7.4.1.4.1): ecdsa-with-SHA256 is 0x0403 whatever the issuer's curve, and
 * RSASSA-PSS is the rsa_pss_rsae code of its hash.
 */
public final class CertificateSignatures {
    /** A certificate signature algorithm no TLS scheme names. */
    public static final int UNKNOWN = -1;

    private CertificateSignatures() {
    }

    /** The TLS SignatureScheme code (RFC 8446 §4.2.3) of the algorithm that signed {@code certificate}, or {@link #UNKNOWN}. */
    public static int schemeOf(X509Certificate certificate) {
        switch (certificate.getSigAlgOID()) {
            case "1.2.840.113549.1.1.4": return 0x0101;  // md5WithRSAEncryption (RFC 5246 pair md5, rsa)
            case "1.2.840.113549.1.1.5": return 0x0201;  // sha1WithRSAEncryption
            case "1.2.840.113549.1.1.14": return 0x0301; // sha224WithRSAEncryption
            case "1.2.840.113549.1.1.11": return 0x0401; // sha256WithRSAEncryption
            case "1.2.840.113549.1.1.12": return 0x0501; // sha384WithRSAEncryption
            case "1.2.840.113549.1.1.13": return 0x0601; // sha512WithRSAEncryption
            case "1.2.840.10045.4.1": return 0x0203;     // ecdsa-with-SHA1
            case "1.2.840.10045.4.3.1": return 0x0303;   // ecdsa-with-SHA224
            case "1.2.840.10045.4.3.2": return 0x0403;   // ecdsa-with-SHA256
            case "1.2.840.10045.4.3.3": return 0x0503;   // ecdsa-with-SHA384
            case "1.2.840.10045.4.3.4": return 0x0603;   // ecdsa-with-SHA512
            case "1.3.101.112": return 0x0807;           // Ed25519 (RFC 8410)
            case "1.3.101.113": return 0x0808;           // Ed448
            case "1.2.840.113549.1.1.10": return pssScheme(certificate.getSigAlgParams());
            default: return UNKNOWN;
        }
    }

    /** RSASSA-PSS: rsa_pss_rsae_sha256/384/512 by the hash its parameters name (RFC 4055 §3.1). */
    private static int pssScheme(byte[] parameters) {
        if (parameters == null) {
            return UNKNOWN; // RFC 4055 defaults to SHA-1, which no PSS scheme covers
        }
        String hash;
        try {
            AlgorithmParameters decoded = AlgorithmParameters.getInstance("RSASSA-PSS");
            decoded.init(parameters);
            hash = decoded.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            return UNKNOWN;
        }
        switch (hash.replace("-", "").toUpperCase(Locale.ROOT)) {
            case "SHA256": return 0x0804;
            case "SHA384": return 0x0805;
            case "SHA512": return 0x0806;
            default: return UNKNOWN;
        }
    }

    /**
     * Refuses, with unsupported_certificate, a chain holding a certificate that is not self-signed
     * and is signed by an algorithm outside {@code accepted}.
     *
     * @param whose "server" or "client", for the message
     */
    public static void check(List<X509Certificate> chain, List<SignatureScheme> accepted, String whose) throws DtlsException {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            int scheme = schemeOf(certificate);
            if (isAccepted(scheme, accepted)) {
                continue;
            }
            // RFC 8446 §4.2.3: the signature that begins a path is not validated. Asked only now: telling
            // a self-signed certificate costs a signature verification (a whole ECDSA verify on a
            // self-signed WebRTC leaf), which an accepted algorithm makes unnecessary
            if (!SelfSignedCertificate.isSelfSigned(certificate)) {
                throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, whose + " certificate "
                        + CertificateText.subject(certificate) + (i == 0 ? "" : " (number " + (i + 1) + " in its chain)")
                        + " is signed with " + certificate.getSigAlgName()
                        + (scheme == UNKNOWN ? "" : String.format(" (0x%04x)", scheme))
                        + ", which is not among the accepted certificate signature algorithms " + accepted);
            }
        }
    }

    private static boolean isAccepted(int scheme, List<SignatureScheme> accepted) {
        for (SignatureScheme s : accepted) {
            if (s.id() == scheme) {
                return true;
            }
        }
        return false;
    }
}
