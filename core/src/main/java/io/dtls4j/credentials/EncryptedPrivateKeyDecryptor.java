package io.dtls4j.credentials;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
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
 * Decrypts an {@code ENCRYPTED PRIVATE KEY} (PKCS#8 EncryptedPrivateKeyInfo, RFC 5958 §3). PBES2
 * (RFC 8018 §6.2) with PBKDF2 or scrypt (RFC 7914 §7) and AES-CBC or 3DES-CBC is done with JDK
 * primitives (scrypt with BouncyCastle's lightweight implementation); the older PBES1 and PKCS#12
 * password schemes go to BouncyCastle's decryptor. Key derivation work and memory come from the
 * file, so both are bounded before any is spent.
 */
final class EncryptedPrivateKeyDecryptor {
    /** Far above what any tool writes (OpenSSL 2048, dtls4j 600,000), below a minute of work. */
    static final int MAX_ITERATIONS = 5_000_000;
    /** scrypt memory is 128·N·r bytes; OpenSSL refuses above 32 MiB by default. */
    static final long MAX_SCRYPT_MEMORY = 64L * 1024 * 1024;
    static final int MAX_SCRYPT_PARALLELISM = 16;

    private static final ASN1ObjectIdentifier ID_SCRYPT = new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.4.11");
    private static final String WRONG_PASSWORD = "wrong password for the encrypted private key (or the key is damaged)";

    /** PBES2 encryption schemes: JCA transformation, key algorithm, key and IV lengths in bytes. */
    private record Scheme(String transformation, String keyAlgorithm, int keyLength, int ivLength) {
    }

    private static final Map<ASN1ObjectIdentifier, Scheme> SCHEMES = Map.of(
            NISTObjectIdentifiers.id_aes128_CBC, new Scheme("AES/CBC/PKCS5Padding", "AES", 16, 16),
            NISTObjectIdentifiers.id_aes192_CBC, new Scheme("AES/CBC/PKCS5Padding", "AES", 24, 16),
            NISTObjectIdentifiers.id_aes256_CBC, new Scheme("AES/CBC/PKCS5Padding", "AES", 32, 16),
            PKCSObjectIdentifiers.des_EDE3_CBC, new Scheme("DESede/CBC/PKCS5Padding", "DESede", 24, 8));

    /** PBKDF2 pseudo-random functions (RFC 8018 §B.1.2) by JCA SecretKeyFactory name. */
    private static final Map<ASN1ObjectIdentifier, String> PBKDF2_PRFS = Map.of(
            PKCSObjectIdentifiers.id_hmacWithSHA1, "PBKDF2WithHmacSHA1",
            PKCSObjectIdentifiers.id_hmacWithSHA224, "PBKDF2WithHmacSHA224",
            PKCSObjectIdentifiers.id_hmacWithSHA256, "PBKDF2WithHmacSHA256",
            PKCSObjectIdentifiers.id_hmacWithSHA384, "PBKDF2WithHmacSHA384",
            PKCSObjectIdentifiers.id_hmacWithSHA512, "PBKDF2WithHmacSHA512");

    private final String source;
    private final String where;

    private EncryptedPrivateKeyDecryptor(String source, String where) {
        this.source = source;
        this.where = where;
    }

    static PrivateKeyInfo decrypt(byte[] der, char[] password, String source, String where)
            throws CredentialException {
        return new EncryptedPrivateKeyDecryptor(source, where).decrypt(der, password);
    }

    private PrivateKeyInfo decrypt(byte[] der, char[] password) throws CredentialException {
        if (password == null) {
            throw new PasswordException(source, "encrypted private key needs a password", null);
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = EncryptedPrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new CredentialException(source, where + " is not a valid encrypted PKCS#8 structure", e);
        }
        AlgorithmIdentifier algorithm = info.getEncryptionAlgorithm();
        try {
            if (algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
                return decryptPbes2(PBES2Parameters.getInstance(algorithm.getParameters()), info.getEncryptedData(),
                        password);
            }
            return decryptLegacyScheme(info, password);
        } catch (CredentialException e) {
            throw e;
        } catch (RuntimeException e) {
            // parameters that do not parse as the scheme's ASN.1
            throw new CredentialException(source, where + ": encryption parameters are malformed", e);
        }
    }

    private PrivateKeyInfo decryptPbes2(PBES2Parameters parameters, byte[] encrypted, char[] password)
            throws CredentialException {
        AlgorithmIdentifier encryption = AlgorithmIdentifier.getInstance(parameters.getEncryptionScheme());
        Scheme scheme = SCHEMES.get(encryption.getAlgorithm());
        if (scheme == null) {
            throw unsupported("encryption scheme " + encryption.getAlgorithm().getId());
        }
        byte[] iv = ASN1OctetString.getInstance(encryption.getParameters()).getOctets();
        if (iv.length != scheme.ivLength()) {
            throw new CredentialException(source, where + ": IV of " + iv.length + " bytes does not fit "
                    + scheme.transformation());
        }
        byte[] key = deriveKey(AlgorithmIdentifier.getInstance(parameters.getKeyDerivationFunc()), password,
                scheme.keyLength());
        try {
            Cipher cipher = Cipher.getInstance(scheme.transformation());
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, scheme.keyAlgorithm()), new IvParameterSpec(iv));
            byte[] plain = cipher.doFinal(encrypted);
            return PrivateKeyInfo.getInstance(plain);
        } catch (BadPaddingException | IllegalBlockSizeException | IllegalArgumentException e) {
            throw new PasswordException(source, WRONG_PASSWORD, e);
        } catch (GeneralSecurityException e) {
            throw unsupported(scheme.transformation() + " (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] deriveKey(AlgorithmIdentifier kdf, char[] password, int keyLength) throws CredentialException {
        if (kdf.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2)) {
            PBKDF2Params params = PBKDF2Params.getInstance(kdf.getParameters());
            int iterations = bounded(params.getIterationCount(), MAX_ITERATIONS, "PBKDF2 iteration count");
            checkKeyLength(params.getKeyLength(), keyLength);
            String factory = PBKDF2_PRFS.get(params.getPrf().getAlgorithm());
            if (factory == null) {
                throw unsupported("PBKDF2 function " + params.getPrf().getAlgorithm().getId());
            }
            PBEKeySpec spec = new PBEKeySpec(password, params.getSalt(), iterations, keyLength * 8);
            try {
                return SecretKeyFactory.getInstance(factory).generateSecret(spec).getEncoded();
            } catch (GeneralSecurityException e) {
                throw unsupported(factory + " (" + e.getMessage() + ")");
            } finally {
                spec.clearPassword();
            }
        }
        if (kdf.getAlgorithm().equals(ID_SCRYPT)) {
            // RFC 7914 §7: scrypt-params ::= SEQUENCE { salt, costParameter, blockSize, parallelizationParameter, keyLength OPTIONAL }
            ASN1Sequence params = ASN1Sequence.getInstance(kdf.getParameters());
            if (params.size() < 4 || params.size() > 5) {
                throw new CredentialException(source, where + ": scrypt parameters are malformed");
            }
            byte[] salt = ASN1OctetString.getInstance(params.getObjectAt(0)).getOctets();
            int n = bounded(integer(params.getObjectAt(1)), 1 << 22, "scrypt cost N");
            int r = bounded(integer(params.getObjectAt(2)), 1024, "scrypt block size r");
            int p = bounded(integer(params.getObjectAt(3)), MAX_SCRYPT_PARALLELISM, "scrypt parallelization p");
            if (params.size() == 5) {
                checkKeyLength(integer(params.getObjectAt(4)), keyLength);
            }
            if (n < 2 || Integer.bitCount(n) != 1) {
                throw new CredentialException(source, where + ": scrypt cost N must be a power of 2 above 1");
            }
            if (128L * n * r > MAX_SCRYPT_MEMORY) {
                throw new CredentialException(source, where + ": scrypt parameters need " + (128L * n * r >> 20)
                        + " MiB, more than the " + (MAX_SCRYPT_MEMORY >> 20) + " MiB allowed");
            }
            byte[] passwordBytes = utf8(password);
            try {
                return SCrypt.generate(passwordBytes, salt, n, r, p, keyLength);
            } finally {
                Arrays.fill(passwordBytes, (byte) 0);
            }
        }
        throw unsupported("key derivation function " + kdf.getAlgorithm().getId());
    }

    /** PBES1 (RFC 8018 §6.1) and PKCS#12 password-based schemes (RFC 7292 Appendix C), via BouncyCastle. */
    private PrivateKeyInfo decryptLegacyScheme(EncryptedPrivateKeyInfo info, char[] password)
            throws CredentialException {
        AlgorithmIdentifier algorithm = info.getEncryptionAlgorithm();
        String oid = algorithm.getAlgorithm().getId();
        BigInteger iterations;
        if (oid.startsWith(PKCSObjectIdentifiers.pkcs_12PbeIds.getId() + ".")) {
            iterations = PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations();
        } else if (oid.startsWith(PKCSObjectIdentifiers.pkcs_5.getId() + ".")) {
            iterations = PBEParameter.getInstance(algorithm.getParameters()).getIterationCount();
        } else {
            throw unsupported("encryption algorithm " + oid);
        }
        bounded(iterations, MAX_ITERATIONS, "iteration count");
        try {
            return new PKCS8EncryptedPrivateKeyInfo(info).decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder()
                            .setProvider(UnregisteredBouncyCastle.provider())
                            .build(password));
        } catch (Exception e) {
            if (causedBy(e, NoSuchAlgorithmException.class)) {
                throw unsupported("encryption algorithm " + oid);
            }
            throw new PasswordException(source, WRONG_PASSWORD, e);
        }
    }

    private void checkKeyLength(BigInteger declared, int expected) throws CredentialException {
        if (declared != null && !declared.equals(BigInteger.valueOf(expected))) {
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

    private static BigInteger integer(ASN1Encodable value) {
        return ASN1Integer.getInstance(value).getValue();
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

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
