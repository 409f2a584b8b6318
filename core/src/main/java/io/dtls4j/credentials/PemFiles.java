package io.dtls4j.credentials;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes certificates and keys in PEM files as OpenSSL makes them.
 *
 * <p>Certificates: one or more {@code CERTIFICATE} blocks, a chain leaf first. Private keys:
 * {@code PRIVATE KEY} (PKCS#8, any algorithm: RSA, EC, Ed25519, Ed448), {@code ENCRYPTED PRIVATE KEY}
 * (PKCS#8 with a password: PBES2 with PBKDF2, PBES1, PKCS#12 schemes), {@code EC PRIVATE KEY} (SEC1) and
 * {@code RSA PRIVATE KEY} (PKCS#1), all with the JDK alone. OpenSSL's legacy {@code Proc-Type}
 * encryption of the last two, and PBES2 with scrypt, need the optional module named in
 * {@link PrivateKeyDecryptor}; without it they are refused with a message naming that module. Raw public keys (RFC 7250): {@code PUBLIC KEY} (SubjectPublicKeyInfo). Other blocks in a
 * file are skipped, so one file may hold both the chain and the key.
 * Keys are returned as objects of the JDK's {@link java.security.KeyFactory}, usable with any provider.
 *
 * <p>Every problem is a {@link CredentialException} whose message names the file and what is wrong.
 */
public final class PemFiles {
    /** PBKDF2-HMAC-SHA256 iterations for keys this class encrypts (the OWASP 2023 figure). */
    public static final int PBKDF2_ITERATIONS = 600_000;
    /** The fewest PBKDF2 iterations accepted when writing (OpenSSL's default is 2048). */
    public static final int MIN_PBKDF2_ITERATIONS = 1000;

    private static final String CERTIFICATE = "CERTIFICATE";

    private PemFiles() {
    }

    /** Reads every certificate of a PEM file, in file order (a chain: leaf first). */
    public static List<X509Certificate> readCertificates(Path file) throws CredentialException {
        String source = file.toString();
        List<PemBlock> blocks = readBlocks(file);
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = certificateFactory();
        for (PemBlock block : blocks) {
            if (!block.label().equals(CERTIFICATE)) {
                continue;
            }
            X509Certificate certificate;
            try {
                certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der()));
                if (certificate.getEncoded().length != block.der().length) {
                    throw new CredentialException(source, "CERTIFICATE block at line " + block.line()
                            + " has bytes after the certificate");
                }
            } catch (CertificateException | RuntimeException e) {
                throw new CredentialException(source, "CERTIFICATE block at line " + block.line()
                        + " is not a valid X.509 certificate: " + e.getMessage(), e);
            }
            certificates.add(certificate);
        }
        if (certificates.isEmpty()) {
            throw new CredentialException(source, "no CERTIFICATE block found" + foundInstead(blocks));
        }
        return certificates;
    }

    /**
     * Reads the one private key of a PEM file.
     *
     * @param password the password of an encrypted key, or null when the key is not encrypted
     */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws CredentialException {
        String source = file.toString();
        List<PemBlock> blocks = readBlocks(file);
        PemBlock keyBlock = null;
        for (PemBlock block : blocks) {
            if (PemKeyDecoder.isPrivateKeyLabel(block.label())) {
                if (keyBlock != null) {
                    throw new CredentialException(source, "holds more than one private key (lines "
                            + keyBlock.line() + " and " + block.line() + "); expected exactly one");
                }
                keyBlock = block;
            }
        }
        if (keyBlock == null) {
            throw new CredentialException(source, "no private key block found" + foundInstead(blocks));
        }
        return PemKeyDecoder.decodePrivateKey(keyBlock, password, source);
    }

    /** Reads the one {@code PUBLIC KEY} (SubjectPublicKeyInfo) block of a PEM file: a raw public key. */
    public static PublicKey readPublicKey(Path file) throws CredentialException {
        String source = file.toString();
        List<PemBlock> blocks = readBlocks(file);
        PemBlock keyBlock = null;
        for (PemBlock block : blocks) {
            if (block.label().equals(PemKeyDecoder.PUBLIC_KEY)) {
                if (keyBlock != null) {
                    throw new CredentialException(source, "holds more than one public key (lines "
                            + keyBlock.line() + " and " + block.line() + "); expected exactly one");
                }
                keyBlock = block;
            }
        }
        if (keyBlock == null) {
            throw new CredentialException(source, "no PUBLIC KEY block found" + foundInstead(blocks));
        }
        return PemKeyDecoder.decodePublicKey(keyBlock, source);
    }

    /**
     * Reads a certificate chain and its private key, and checks that the key belongs to the leaf.
     * The two paths may name the same file.
     *
     * @param password the key's password, or null when the key is not encrypted
     */
    public static CertifiedKey readCertifiedKey(Path certificateFile, Path keyFile, char[] password)
            throws CredentialException {
        List<X509Certificate> chain = readCertificates(certificateFile);
        PrivateKey key = readPrivateKey(keyFile, password);
        if (!KeyPairCheck.matches(chain.get(0).getPublicKey(), key)) {
            throw new CredentialException(keyFile.toString(), "private key does not match the certificate's "
                    + "public key (certificate " + CertificateText.subject(chain.get(0)) + " in " + certificateFile + ")");
        }
        return new CertifiedKey(chain, key);
    }

    /**
     * Reads a raw public key (RFC 7250) and its private key, and checks that they belong together.
     * The two paths may name the same file.
     *
     * @param password the private key's password, or null when it is not encrypted
     */
    public static RawKeyPair readRawKeyPair(Path publicKeyFile, Path privateKeyFile, char[] password)
            throws CredentialException {
        PublicKey publicKey = readPublicKey(publicKeyFile);
        PrivateKey privateKey = readPrivateKey(privateKeyFile, password);
        if (!KeyPairCheck.matches(publicKey, privateKey)) {
            throw new CredentialException(privateKeyFile.toString(), "private key does not match the public key in "
                    + publicKeyFile);
        }
        return new RawKeyPair(publicKey, privateKey);
    }

    /** Writes certificates as {@code CERTIFICATE} blocks, in list order. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws CredentialException {
        Objects.requireNonNull(certificates, "certificates");
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no certificate to write");
        }
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                text.append(new PemBlock(CERTIFICATE, certificate.getEncoded()).encode());
            } catch (CertificateEncodingException e) {
                throw new CredentialException(file.toString(), "certificate " + CertificateText.subject(certificate)
                        + " cannot be encoded", e);
            }
        }
        CredentialFiles.writePublic(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Writes an unencrypted PKCS#8 {@code PRIVATE KEY} block. On POSIX file systems the file is made
     * readable by its owner only.
     */
    public static void writePrivateKey(Path file, PrivateKey key) throws CredentialException {
        CredentialFiles.writePrivate(file, new PemBlock(PemKeyDecoder.PKCS8, pkcs8(key, file)).encodeBytes());
    }

    /**
     * Writes an {@code ENCRYPTED PRIVATE KEY} block: PKCS#8 under PBES2 with PBKDF2-HMAC-SHA256
     * ({@value #PBKDF2_ITERATIONS} iterations) and AES-256-CBC, the scheme of
     * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}. Owner-only permissions as in
     * {@link #writePrivateKey(Path, PrivateKey)}.
     *
     * @param random draws the salt and IV
     */
    public static void writeEncryptedPrivateKey(Path file, PrivateKey key, char[] password, SecureRandom random)
            throws CredentialException {
        writeEncryptedPrivateKey(file, key, password, PBKDF2_ITERATIONS, random);
    }

    /**
     * Like {@link #writeEncryptedPrivateKey(Path, PrivateKey, char[], SecureRandom)} with a chosen
     * PBKDF2 iteration count: fewer iterations make loading faster and guessing the password cheaper.
     *
     * @param iterations at least {@value #MIN_PBKDF2_ITERATIONS}
     */
    public static void writeEncryptedPrivateKey(Path file, PrivateKey key, char[] password, int iterations,
                                                SecureRandom random) throws CredentialException {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(random, "random");
        if (iterations < MIN_PBKDF2_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be at least " + MIN_PBKDF2_ITERATIONS
                    + ": " + iterations);
        }
        byte[] encrypted;
        // RFC 8018 §A.2 and §B.2.5: a salt of 16 bytes, the AES block size of IV
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        byte[] plain = pkcs8(key, file);
        try {
            encrypted = EncryptedPrivateKeyDecryptor.encryptPbes2(plain, password, iterations, salt, iv);
        } catch (GeneralSecurityException e) {
            throw new CredentialException(file.toString(), "private key cannot be encrypted: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
        CredentialFiles.writePrivate(file, new PemBlock(PemKeyDecoder.PKCS8_ENCRYPTED, encrypted).encodeBytes());
    }

    /** Writes a {@code PUBLIC KEY} (SubjectPublicKeyInfo) block. */
    public static void writePublicKey(Path file, PublicKey key) throws CredentialException {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"X.509".equals(key.getFormat())) {
            throw new CredentialException(file.toString(), key.getAlgorithm()
                    + " public key has no SubjectPublicKeyInfo encoding");
        }
        CredentialFiles.writePublic(file, new PemBlock(PemKeyDecoder.PUBLIC_KEY, encoded).encodeBytes());
    }

    /** Writes the chain of a {@link CertifiedKey} and its unencrypted private key to two files. */
    public static void writeCertifiedKey(Path certificateFile, Path keyFile, CertifiedKey certifiedKey)
            throws CredentialException {
        writeCertificates(certificateFile, certifiedKey.chain());
        writePrivateKey(keyFile, certifiedKey.privateKey());
    }

    private static byte[] pkcs8(PrivateKey key, Path file) throws CredentialException {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new CredentialException(file.toString(), key.getAlgorithm()
                    + " private key has no PKCS#8 encoding (a hardware key cannot be exported)");
        }
        return encoded;
    }

    private static List<PemBlock> readBlocks(Path file) throws CredentialException {
        String source = file.toString();
        byte[] data = CredentialFiles.read(file);
        if ((data[0] & 0xff) == 0x30) {
            throw new CredentialException(source, "looks like binary DER, not PEM text (convert it with "
                    + "'openssl x509 -inform DER' or 'openssl pkey -inform DER')");
        }
        // editors on Windows may start the text with a UTF-8 byte order mark
        int start = data.length >= 3 && (data[0] & 0xff) == 0xEF && (data[1] & 0xff) == 0xBB
                && (data[2] & 0xff) == 0xBF ? 3 : 0;
        String text = new String(data, start, data.length - start, StandardCharsets.ISO_8859_1);
        List<PemBlock> blocks = PemBlock.decodeAll(text, source);
        if (blocks.isEmpty()) {
            throw new CredentialException(source, "no PEM block found (expected lines like '-----BEGIN CERTIFICATE-----')");
        }
        return blocks;
    }

    private static String foundInstead(List<PemBlock> blocks) {
        List<String> labels = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (!labels.contains(block.label())) {
                labels.add(block.label());
            }
        }
        return " (found " + String.join(", ", labels) + ")";
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
        }
    }
}
