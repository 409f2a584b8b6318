package io.dtls4j.credentials;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMDecryptor;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Map;

/**
 * Turns private and public key PEM blocks into JDK key objects. BouncyCastle parses the ASN.1 forms
 * the JDK has no API for (SEC1, PKCS#1, encrypted PKCS#8, legacy OpenSSL encryption); the key objects
 * themselves always come from {@link KeyFactory} with the PKCS#8 or SubjectPublicKeyInfo encoding,
 * so they work with any JCA provider.
 */
final class PemKeyDecoder {
    static final String PKCS8 = "PRIVATE KEY";
    static final String PKCS8_ENCRYPTED = "ENCRYPTED PRIVATE KEY";
    static final String SEC1_EC = "EC PRIVATE KEY";
    static final String PKCS1_RSA = "RSA PRIVATE KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";

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
                return fromPkcs8(parsePrivateKeyInfo(der, source, where), source, where);
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
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(block.der());
        } catch (RuntimeException e) {
            throw new CredentialException(source, where + " is not a valid SubjectPublicKeyInfo structure", e);
        }
        String algorithm = keyFactoryName(info.getAlgorithm(), source, "public");
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(block.der()));
        } catch (GeneralSecurityException e) {
            throw new CredentialException(source, where + ": " + algorithm + " public key is rejected: " + e.getMessage(), e);
        }
    }

    private static PrivateKeyInfo parsePrivateKeyInfo(byte[] der, String source, String where)
            throws CredentialException {
        try {
            return PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new CredentialException(source, where + " is not a valid PKCS#8 private key structure", e);
        }
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
        PEMDecryptor decryptor;
        try {
            decryptor = new JcePEMDecryptorProviderBuilder()
                    .setProvider(UnregisteredBouncyCastle.provider())
                    .build(password)
                    .get(cipher);
        } catch (Exception e) {
            throw new CredentialException(source, where + ": encryption " + cipher + " is not supported", e);
        }
        try {
            return decryptor.decrypt(block.der(), iv);
        } catch (Exception e) {
            throw new PasswordException(source, "wrong password for the encrypted private key "
                    + "(or the key is damaged)", e);
        }
    }

    private static PrivateKeyInfo sec1ToPkcs8(byte[] der, String source, String where, boolean decrypted)
            throws CredentialException {
        org.bouncycastle.asn1.sec.ECPrivateKey sec1;
        try {
            sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
        } catch (RuntimeException e) {
            throw notDer(source, where, "SEC1 EC private key", decrypted, e);
        }
        ASN1Encodable curve = sec1.getParametersObject();
        if (curve == null) {
            throw new CredentialException(source, where + ": EC private key does not name its curve");
        }
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1);
        } catch (Exception e) {
            throw notDer(source, where, "SEC1 EC private key", decrypted, e);
        }
    }

    private static PrivateKeyInfo pkcs1ToPkcs8(byte[] der, String source, String where, boolean decrypted)
            throws CredentialException {
        RSAPrivateKey pkcs1;
        try {
            pkcs1 = RSAPrivateKey.getInstance(der);
        } catch (RuntimeException e) {
            throw notDer(source, where, "PKCS#1 RSA private key", decrypted, e);
        }
        try {
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), pkcs1);
        } catch (Exception e) {
            throw notDer(source, where, "PKCS#1 RSA private key", decrypted, e);
        }
    }

    private static CredentialException notDer(String source, String where, String what, boolean decrypted,
                                              Exception cause) {
        if (decrypted) {
            return new PasswordException(source, "wrong password for the encrypted private key "
                    + "(or the key is damaged)", cause);
        }
        return new CredentialException(source, where + " is not a valid " + what + " structure", cause);
    }

    private static PrivateKey fromPkcs8(PrivateKeyInfo info, String source, String where) throws CredentialException {
        String algorithm = keyFactoryName(info.getPrivateKeyAlgorithm(), source, "private");
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded("DER")));
        } catch (GeneralSecurityException | IOException e) {
            throw new CredentialException(source, where + ": " + algorithm + " private key is rejected: "
                    + e.getMessage(), e);
        }
    }

    private static String keyFactoryName(AlgorithmIdentifier algorithm, String source, String kind)
            throws CredentialException {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        String name = KEY_ALGORITHMS.get(oid.getId());
        if (name == null) {
            throw new CredentialException(source, kind + " key algorithm " + oid.getId()
                    + " is not supported (supported: RSA, RSASSA-PSS, EC, Ed25519, Ed448, DSA)");
        }
        return name;
    }
}
