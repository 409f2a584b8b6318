package io.dtls4j.config;

/**
 * Signature schemes for ServerKeyExchange and CertificateVerify. In DTLS 1.2 these are the
 * SignatureAndHashAlgorithm pairs (RFC 5246 §7.4.1.4.1) written as one 16-bit code (RFC 8446 §4.2.3).
 */
public enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403, "SHA256withECDSA", KeyType.EC, "secp256r1"),
    ECDSA_SECP384R1_SHA384(0x0503, "SHA384withECDSA", KeyType.EC, "secp384r1"),
    ECDSA_SECP521R1_SHA512(0x0603, "SHA512withECDSA", KeyType.EC, "secp521r1"),
    ED25519(0x0807, "Ed25519", KeyType.ED25519, null),
    RSA_PSS_RSAE_SHA256(0x0804, "RSASSA-PSS", KeyType.RSA, null),
    RSA_PSS_RSAE_SHA384(0x0805, "RSASSA-PSS", KeyType.RSA, null),
    RSA_PSS_RSAE_SHA512(0x0806, "RSASSA-PSS", KeyType.RSA, null),
    RSA_PKCS1_SHA256(0x0401, "SHA256withRSA", KeyType.RSA, null),
    RSA_PKCS1_SHA384(0x0501, "SHA384withRSA", KeyType.RSA, null),
    RSA_PKCS1_SHA512(0x0601, "SHA512withRSA", KeyType.RSA, null);

    /** The kind of key a scheme signs with. */
    public enum KeyType { EC, RSA, ED25519 }

    private final int id;
    private final String jcaAlgorithm;
    private final KeyType keyType;
    private final String curve;

    SignatureScheme(int id, String jcaAlgorithm, KeyType keyType, String curve) {
        this.id = id;
        this.jcaAlgorithm = jcaAlgorithm;
        this.keyType = keyType;
        this.curve = curve;
    }

    public int id() {
        return id;
    }

    /** The JCA Signature algorithm name (PSS parameters are set separately). */
    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The curve the scheme is bound to (ECDSA in the TLS 1.3 naming), or null. */
    public String curve() {
        return curve;
    }

    public static SignatureScheme fromId(int id) {
        for (SignatureScheme s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }
}
