package io.dtls4j.credentials;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Map;

/**
 * Turns private and public key PEM blocks into JDK key objects. The forms the JDK has no API for
 * (SEC1, PKCS#1) are wrapped into PKCS#8 here with {@link Der}; the key objects themselves always come
 * from {@link KeyFactory} with the PKCS#8 or SubjectPublicKeyInfo encoding, so they work with any JCA
 * provider. OpenSSL's legacy PEM encryption goes to an optional {@link PrivateKeyDecryptor}.
 */
final class PemKeyDecoder {
    static final String PKCS8 = "PRIVATE KEY";
    static final String PKCS8_ENCRYPTED = "ENCRYPTED PRIVATE KEY";
    static final String SEC1_EC = "EC PRIVATE KEY";
    static final String PKCS1_RSA = "RSA PRIVATE KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";

    static final String RSA_OID = "1.2.840.113549.1.1.1";
    static final String EC_OID = "1.2.840.10045.2.1";

    /** JCA KeyFactory names of the key algorithms we load, by the OID in AlgorithmIdentifier. */
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA");

    private PemKeyDecoder() {
    }

    /** True for a label that holds a private key in some format, supported or not. */
    static boolean isPrivateKeyLabel(String label) {
        return label.endsWith("PRIVATE KEY");
    }

    static PrivateKey decodePrivateKey(PemBlock block, char[] password, String source) throws CredentialException {
        String where = block.label() + " block at line " + block.line();
        byte[] der = block.der();
        boolean legacyEncrypted = block.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED");
        switch (block.label()) {
            case PKCS8:
                return fromPkcs8(der, source, where);
            case PKCS8_ENCRYPTED:
                return fromPkcs8(EncryptedPrivateKeyDecryptor.decrypt(der, password, source, where), source, where);
            case SEC1_EC:
                if (legacyEncrypted) {
                    der = decryptLegacy(block, password, source, where);
                }
                return fromPkcs8(sec1ToPkcs8(der, source, where, legacyEncrypted), source, where);
            case PKCS1_RSA:
                if (legacyEncrypted) {
                    der = decryptLegacy(block, password, source, where);
                }
                return fromPkcs8(pkcs1ToPkcs8(der, source, where, legacyEncrypted), source, where);
            case "OPENSSH PRIVATE KEY":
                throw new CredentialException(source, "the OpenSSH private key format is not supported; convert it "
                        + "with 'ssh-keygen -p -m PKCS8 -f FILE' or 'openssl pkey'");
            default:
                throw new CredentialException(source, where + ": unsupported private key format (supported: "
                        + PKCS8 + ", " + PKCS8_ENCRYPTED + ", " + SEC1_EC + ", " + PKCS1_RSA + ")");
        }
    }

    static PublicKey decodePublicKey(PemBlock block, String source) throws CredentialException {
        String where = block.label() + " block at line " + block.line();
        String oid;
        try {
            // RFC 5280 §4.1: SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
            Der.Reader outer = new Der.Reader(block.der());
            Der.Reader info = outer.sequence();
            outer.expectEnd();
            oid = info.sequence().oid();
            info.bitString();
            info.expectEnd();
        } catch (IllegalArgumentException e) {
            throw new CredentialException(source, where + " is not a valid SubjectPublicKeyInfo structure", e);
        }
        String algorithm = keyFactoryName(oid, source, "public");
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(block.der()));
        } catch (GeneralSecurityException e) {
            throw new CredentialException(source, where + ": " + algorithm + " public key is rejected: " + e.getMessage(), e);
        }
    }

    /**
     * The key algorithm OID of a PKCS#8 PrivateKeyInfo (RFC 5958 §2), after checking its outline:
     * SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }.
     */
    static String pkcs8AlgorithmOid(byte[] der) {
        Der.Reader outer = new Der.Reader(der);
        Der.Reader info = outer.sequence();
        outer.expectEnd();
        info.integer();
        String oid = info.sequence().oid();
        info.octetString();
        return oid;
    }

    /** Decrypts the body of a key under OpenSSL's legacy PEM encryption (Proc-Type / DEK-Info headers). */
    private static byte[] decryptLegacy(PemBlock block, char[] password, String source, String where)
            throws CredentialException {
        if (password == null) {
            throw new PasswordException(source, "encrypted private key needs a password", null);
        }
        String dekInfo = block.headers().get("DEK-Info");
        int comma = dekInfo == null ? -1 : dekInfo.indexOf(',');
        if (comma <= 0) {
            throw new CredentialException(source, where + ": encrypted key has no valid DEK-Info header");
        }
        String cipher = dekInfo.substring(0, comma).strip();
        byte[] iv;
        try {
            iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new CredentialException(source, where + ": DEK-Info IV is not hexadecimal", e);
        }
        if (OptionalDecryptors.all().isEmpty()) {
            throw new CredentialException(source, where + ": " + OptionalDecryptors.missing(
                    "OpenSSL's legacy PEM encryption (Proc-Type: 4,ENCRYPTED)") + "; or convert the key to "
                    + "PKCS#8 with 'openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out NEW_KEY'");
        }
        GeneralSecurityException failure = null;
        for (PrivateKeyDecryptor decryptor : OptionalDecryptors.all()) {
            try {
                return decryptor.decryptLegacyPem(cipher, iv, block.der(), password);
            } catch (NoSuchAlgorithmException e) {
                if (failure == null) {
                    failure = e;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new PasswordException(source, "wrong password for the encrypted private key "
                        + "(or the key is damaged)", e);
            }
        }
        throw new CredentialException(source, where + ": encryption " + cipher + " is not supported", failure);
    }

    /** RFC 5915 §3: ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters, [1] publicKey }. */
    private static byte[] sec1ToPkcs8(byte[] der, String source, String where, boolean decrypted)
            throws CredentialException {
        byte[] curve;
        try {
            Der.Reader outer = new Der.Reader(der);
            Der.Reader sec1 = outer.sequence();
            outer.expectEnd();
            if (!sec1.integer().equals(java.math.BigInteger.ONE)) {
                throw new IllegalArgumentException("ECPrivateKey version is not 1");
            }
            sec1.octetString();
            curve = sec1.nextIsExplicit(0) ? sec1.explicit(0).element() : null;
        } catch (IllegalArgumentException e) {
            throw notDer(source, where, "SEC1 EC private key", decrypted, e);
        }
        if (curve == null) {
            throw new CredentialException(source, where + ": EC private key does not name its curve");
        }
        // RFC 5915 §2 / RFC 5480 §2.1.1: the curve OID moves into the AlgorithmIdentifier; the inner
        // structure may keep it, as OpenSSL's own PKCS#8 output does
        return pkcs8(Der.algorithm(EC_OID, curve), der);
    }

    /** RFC 8017 §A.1.2: RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dP, dQ, qInv, ... }. */
    private static byte[] pkcs1ToPkcs8(byte[] der, String source, String where, boolean decrypted)
            throws CredentialException {
        try {
            Der.Reader outer = new Der.Reader(der);
            Der.Reader pkcs1 = outer.sequence();
            outer.expectEnd();
            for (int i = 0; i < 9; i++) {
                pkcs1.integer();
            }
        } catch (IllegalArgumentException e) {
            throw notDer(source, where, "PKCS#1 RSA private key", decrypted, e);
        }
        // RFC 8017 §A.1: rsaEncryption carries NULL parameters
        return pkcs8(Der.algorithm(RSA_OID, Der.nullValue()), der);
    }

    private static byte[] pkcs8(byte[] algorithm, byte[] privateKey) {
        return Der.sequence(Der.integer(0), algorithm, Der.octetString(privateKey));
    }

    private static CredentialException notDer(String source, String where, String what, boolean decrypted,
                                              Exception cause) {
        if (decrypted) {
            return new PasswordException(source, "wrong password for the encrypted private key "
                    + "(or the key is damaged)", cause);
        }
        return new CredentialException(source, where + " is not a valid " + what + " structure", cause);
    }

    /** A key object from PKCS#8 DER, with the KeyFactory its algorithm OID names. */
    static PrivateKey fromPkcs8(byte[] der, String source, String where) throws CredentialException {
        String oid;
        try {
            oid = pkcs8AlgorithmOid(der);
        } catch (IllegalArgumentException e) {
            throw new CredentialException(source, where + " is not a valid PKCS#8 private key structure", e);
        }
        String algorithm = keyFactoryName(oid, source, "private");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new CredentialException(source, where + ": " + algorithm + " private key is rejected: "
                    + e.getMessage(), e);
        }
    }

    private static String keyFactoryName(String oid, String source, String kind) throws CredentialException {
        String name = KEY_ALGORITHMS.get(oid);
        if (name == null) {
            throw new CredentialException(source, kind + " key algorithm " + oid
                    + " is not supported (supported: RSA, RSASSA-PSS, EC, Ed25519, Ed448, DSA)");
        }
        return name;
    }
}
