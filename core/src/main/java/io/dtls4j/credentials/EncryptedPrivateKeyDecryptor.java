package io.dtls4j.credentials;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * Decrypts an {@code ENCRYPTED PRIVATE KEY} (PKCS#8 EncryptedPrivateKeyInfo, RFC 5958 §3) with the JDK:
 * PBES2 (RFC 8018 §6.2) with PBKDF2 and AES-CBC or 3DES-CBC, and the older PBES1 (RFC 8018 §6.1) and
 * PKCS#12 (RFC 7292 Appendix C) schemes that the JDK's SunJCE provider implements. The scrypt key
 * derivation function (RFC 7914 §7) is delegated to an optional {@link PrivateKeyDecryptor}. Key
 * derivation work and memory come from the file, so both are bounded before any is spent.
 */
final class EncryptedPrivateKeyDecryptor {
    /** Far above what any tool writes (OpenSSL 2048, dtls4j 600,000), below a minute of work. */
    static final int MAX_ITERATIONS = 5_000_000;
    /** scrypt memory is 128·N·r bytes; OpenSSL refuses above 32 MiB by default. */
    static final long MAX_SCRYPT_MEMORY = 64L * 1024 * 1024;
    static final int MAX_SCRYPT_PARALLELISM = 16;

    static final String ID_PBES2 = "1.2.840.113549.1.5.13";
    static final String ID_PBKDF2 = "1.2.840.113549.1.5.12";
    static final String ID_SCRYPT = "1.3.6.1.4.1.11591.4.11";
    static final String AES_256_CBC = "2.16.840.1.101.3.4.1.42";
    static final String HMAC_SHA256 = "1.2.840.113549.2.9";
    private static final String HMAC_SHA1 = "1.2.840.113549.2.7";
    private static final String WRONG_PASSWORD = "wrong password for the encrypted private key (or the key is damaged)";

    /** PBES2 encryption schemes: JCA transformation, key algorithm, key and IV lengths in bytes. */
    private record Scheme(String transformation, String keyAlgorithm, int keyLength, int ivLength) {
    }

    private static final Map<String, Scheme> SCHEMES = Map.of(
            "2.16.840.1.101.3.4.1.2", new Scheme("AES/CBC/PKCS5Padding", "AES", 16, 16),
            "2.16.840.1.101.3.4.1.22", new Scheme("AES/CBC/PKCS5Padding", "AES", 24, 16),
            AES_256_CBC, new Scheme("AES/CBC/PKCS5Padding", "AES", 32, 16),
            "1.2.840.113549.3.7", new Scheme("DESede/CBC/PKCS5Padding", "DESede", 24, 8));

    /** PBKDF2 pseudo-random functions (RFC 8018 §B.1.2) by JCA SecretKeyFactory name. */
    private static final Map<String, String> PBKDF2_PRFS = Map.of(
            HMAC_SHA1, "PBKDF2WithHmacSHA1",
            "1.2.840.113549.2.8", "PBKDF2WithHmacSHA224",
            HMAC_SHA256, "PBKDF2WithHmacSHA256",
            "1.2.840.113549.2.10", "PBKDF2WithHmacSHA384",
            "1.2.840.113549.2.11", "PBKDF2WithHmacSHA512");

    /**
     * PBES1 (RFC 8018 §A.3) and PKCS#12 (RFC 7292 Appendix C) schemes by the SunJCE name that does
     * both key derivation and cipher; the parameters of all of them are SEQUENCE { salt, iterations }.
     */
    private static final Map<String, String> PASSWORD_SCHEMES = Map.of(
            "1.2.840.113549.1.5.3", "PBEWithMD5AndDES",
            "1.2.840.113549.1.12.1.1", "PBEWithSHA1AndRC4_128",
            "1.2.840.113549.1.12.1.2", "PBEWithSHA1AndRC4_40",
            "1.2.840.113549.1.12.1.3", "PBEWithSHA1AndDESede",
            "1.2.840.113549.1.12.1.5", "PBEWithSHA1AndRC2_128",
            "1.2.840.113549.1.12.1.6", "PBEWithSHA1AndRC2_40");

    private final String source;
    private final String where;

    private EncryptedPrivateKeyDecryptor(String source, String where) {
        this.source = source;
        this.where = where;
    }

    /** Returns the PKCS#8 PrivateKeyInfo DER inside {@code der}. */
    static byte[] decrypt(byte[] der, char[] password, String source, String where) throws CredentialException {
        return new EncryptedPrivateKeyDecryptor(source, where).decrypt(der, password);
    }

    private byte[] decrypt(byte[] der, char[] password) throws CredentialException {
        if (password == null) {
            throw new PasswordException(source, "encrypted private key needs a password", null);
        }
        // RFC 5958 §3: EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
        String oid;
        Der.Reader algorithm;
        byte[] encrypted;
        try {
            Der.Reader outer = new Der.Reader(der);
            Der.Reader info = outer.sequence();
            outer.expectEnd();
            algorithm = info.sequence();
            oid = algorithm.oid();
            encrypted = info.octetString();
            info.expectEnd();
        } catch (IllegalArgumentException e) {
            throw new CredentialException(source, where + " is not a valid encrypted PKCS#8 structure", e);
        }
        byte[] plain;
        try {
            if (oid.equals(ID_PBES2)) {
                plain = decryptPbes2(algorithm.sequence(), encrypted, password);
            } else if (PASSWORD_SCHEMES.containsKey(oid)) {
                plain = decryptPasswordScheme(PASSWORD_SCHEMES.get(oid), algorithm.sequence(), encrypted, password);
            } else {
                throw unsupported("encryption algorithm " + oid);
            }
        } catch (IllegalArgumentException e) {
            // parameters that do not parse as the scheme's ASN.1
            throw new CredentialException(source, where + ": encryption parameters are malformed", e);
        }
        try {
            PemKeyDecoder.pkcs8AlgorithmOid(plain);
        } catch (IllegalArgumentException e) {
            // padding happened to check out, but what came out is not a key: the usual wrong-password outcome
            throw new PasswordException(source, WRONG_PASSWORD, e);
        }
        return plain;
    }

    /** RFC 8018 §A.4: PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }. */
    private byte[] decryptPbes2(Der.Reader parameters, byte[] encrypted, char[] password) throws CredentialException {
        Der.Reader kdf = parameters.sequence();
        Der.Reader encryption = parameters.sequence();
        String encryptionOid = encryption.oid();
        Scheme scheme = SCHEMES.get(encryptionOid);
        if (scheme == null) {
            throw unsupported("encryption scheme " + encryptionOid);
        }
        byte[] iv = encryption.octetString();
        if (iv.length != scheme.ivLength()) {
            throw new CredentialException(source, where + ": IV of " + iv.length + " bytes does not fit "
                    + scheme.transformation());
        }
        byte[] key = deriveKey(kdf, password, scheme.keyLength());
        try {
            Cipher cipher = Cipher.getInstance(scheme.transformation());
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, scheme.keyAlgorithm()), new IvParameterSpec(iv));
            return cipher.doFinal(encrypted);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new PasswordException(source, WRONG_PASSWORD, e);
        } catch (GeneralSecurityException e) {
            throw unsupported(scheme.transformation() + " (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] deriveKey(Der.Reader kdf, char[] password, int keyLength) throws CredentialException {
        String kdfOid = kdf.oid();
        if (kdfOid.equals(ID_PBKDF2)) {
            // RFC 8018 §A.2: PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER,
            //   keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT algid-hmacWithSHA1 }
            Der.Reader params = kdf.sequence();
            byte[] salt = params.octetString();
            int iterations = bounded(params.integer(), MAX_ITERATIONS, "PBKDF2 iteration count");
            if (params.hasMore() && params.peekTag() == Der.INTEGER) {
                checkKeyLength(params.integer(), keyLength);
            }
            String prf = params.hasMore() ? params.sequence().oid() : HMAC_SHA1;
            String factory = PBKDF2_PRFS.get(prf);
            if (factory == null) {
                throw unsupported("PBKDF2 function " + prf);
            }
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyLength * 8);
            try {
                return SecretKeyFactory.getInstance(factory).generateSecret(spec).getEncoded();
            } catch (GeneralSecurityException e) {
                throw unsupported(factory + " (" + e.getMessage() + ")");
            } finally {
                spec.clearPassword();
            }
        }
        if (kdfOid.equals(ID_SCRYPT)) {
            // RFC 7914 §7: scrypt-params ::= SEQUENCE { salt, costParameter, blockSize, parallelizationParameter, keyLength OPTIONAL }
            Der.Reader params = kdf.sequence();
            byte[] salt = params.octetString();
            int n = bounded(params.integer(), 1 << 22, "scrypt cost N");
            int r = bounded(params.integer(), 1024, "scrypt block size r");
            int p = bounded(params.integer(), MAX_SCRYPT_PARALLELISM, "scrypt parallelization p");
            if (params.hasMore()) {
                checkKeyLength(params.integer(), keyLength);
            }
            params.expectEnd();
            if (n < 2 || Integer.bitCount(n) != 1) {
                throw new CredentialException(source, where + ": scrypt cost N must be a power of 2 above 1");
            }
            if (128L * n * r > MAX_SCRYPT_MEMORY) {
                throw new CredentialException(source, where + ": scrypt parameters need " + (128L * n * r >> 20)
                        + " MiB, more than the " + (MAX_SCRYPT_MEMORY >> 20) + " MiB allowed");
            }
            return scrypt(password, salt, n, r, p, keyLength);
        }
        throw unsupported("key derivation function " + kdfOid);
    }

    private byte[] scrypt(char[] password, byte[] salt, int n, int r, int p, int keyLength) throws CredentialException {
        if (OptionalDecryptors.all().isEmpty()) {
            throw new CredentialException(source, where + ": " + OptionalDecryptors.missing(
                    "the scrypt key derivation function") + "; or re-encrypt the key with "
                    + "'openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out NEW_KEY'");
        }
        byte[] passwordBytes = utf8(password);
        try {
            for (PrivateKeyDecryptor decryptor : OptionalDecryptors.all()) {
                try {
                    return decryptor.scrypt(passwordBytes, salt, n, r, p, keyLength);
                } catch (NoSuchAlgorithmException e) {
                    // the next provider may have it
                } catch (GeneralSecurityException e) {
                    throw unsupported("scrypt (" + e.getMessage() + ")");
                }
            }
            throw unsupported("key derivation function scrypt");
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
        }
    }

    /** PBES1 and PKCS#12 schemes: PBEParameter / pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }. */
    private byte[] decryptPasswordScheme(String name, Der.Reader params, byte[] encrypted, char[] password)
            throws CredentialException {
        byte[] salt = params.octetString();
        int iterations = bounded(params.integer(), MAX_ITERATIONS, "iteration count");
        params.expectEnd();
        PBEKeySpec spec = new PBEKeySpec(password);
        try {
            SecretKey key = SecretKeyFactory.getInstance(name).generateSecret(spec);
            Cipher cipher = Cipher.getInstance(name);
            cipher.init(Cipher.DECRYPT_MODE, key, new PBEParameterSpec(salt, iterations));
            return cipher.doFinal(encrypted);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new PasswordException(source, WRONG_PASSWORD, e);
        } catch (GeneralSecurityException e) {
            throw unsupported(name + " (" + e.getMessage() + ")");
        } finally {
            spec.clearPassword();
        }
    }

    private void checkKeyLength(BigInteger declared, int expected) throws CredentialException {
        if (!declared.equals(BigInteger.valueOf(expected))) {
            throw new CredentialException(source, where + ": key length " + declared
                    + " does not fit the cipher's " + expected + " bytes");
        }
    }

    private int bounded(BigInteger value, int max, String what) throws CredentialException {
        if (value.signum() <= 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new CredentialException(source, where + ": " + what + " " + value + " is outside 1.." + max);
        }
        return value.intValueExact();
    }

    private CredentialException unsupported(String what) {
        return new CredentialException(source, where + ": " + what + " is not supported");
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /**
     * An EncryptedPrivateKeyInfo under PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, the scheme of
     * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256}.
     */
    static byte[] encryptPbes2(byte[] pkcs8, char[] password, int iterations, byte[] salt, byte[] iv)
            throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        byte[] key = null;
        try {
            key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] encrypted = cipher.doFinal(pkcs8);
            byte[] kdf = Der.algorithm(ID_PBKDF2, Der.sequence(Der.octetString(salt), Der.integer(iterations),
                    Der.algorithm(HMAC_SHA256, Der.nullValue())));
            byte[] scheme = Der.algorithm(AES_256_CBC, Der.octetString(iv));
            return Der.sequence(Der.algorithm(ID_PBES2, Der.sequence(kdf, scheme)), Der.octetString(encrypted));
        } finally {
            spec.clearPassword();
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }
}
