package io.dtls4j.credentials;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Key types for generated certificates, each with the signature algorithm its certificate is signed with. */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256 (secp256r1) with SHA-256: the default, and what WebRTC endpoints use. */
    EC_P256("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA"),
    /** ECDSA on NIST P-384 (secp384r1) with SHA-384. */
    EC_P384("EC", new ECGenParameterSpec("secp384r1"), "SHA384withECDSA"),
    /** ECDSA on NIST P-521 (secp521r1) with SHA-512. */
    EC_P521("EC", new ECGenParameterSpec("secp521r1"), "SHA512withECDSA"),
    /** EdDSA on edwards25519 (RFC 8410 certificates, RFC 8422 TLS use). */
    ED25519("Ed25519", NamedParameterSpec.ED25519, "Ed25519"),
    /** RSA with a 2048-bit modulus, certificate signed with SHA256withRSA. */
    RSA_2048("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), "SHA256withRSA"),
    /** RSA with a 3072-bit modulus, certificate signed with SHA256withRSA. */
    RSA_3072("RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), "SHA256withRSA");

    /** The algorithm used when none is chosen. */
    public static final KeyAlgorithm DEFAULT = EC_P256;

    private final String keyPairAlgorithm;
    private final AlgorithmParameterSpec parameters;
    private final String signatureAlgorithm;

    KeyAlgorithm(String keyPairAlgorithm, AlgorithmParameterSpec parameters, String signatureAlgorithm) {
        this.keyPairAlgorithm = keyPairAlgorithm;
        this.parameters = parameters;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The JCA Signature algorithm a certificate of this key type is self-signed with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Generates a key pair of this type with the JCA provider the JDK picks for the algorithm. */
    public KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyPairAlgorithm);
            generator.initialize(parameters, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no JCA provider generates " + name() + " keys", e);
        }
    }
}
