package io.dtls4j.credentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads PKCS#12 ({@code openssl pkcs12 -export}, {@code keytool -storetype PKCS12}) and Java KeyStore
 * (JKS, JCEKS) files: a private key with its chain for our side, or trusted certificates for PKIX
 * verification. The file type is recognised from its first bytes.
 *
 * <p>Note: the JDK reads a certificate in a PKCS#12 file as a trusted certificate entry only when the
 * file marks it as trusted for Java ({@code keytool -importcert}, or OpenSSL 3.2+ with
 * {@code -jdktrust anyExtendedKeyUsage}); for a CA bundle made by older OpenSSL use a PEM file and
 * {@link PemFiles#readCertificates(Path)}.
 */
public final class KeyStoreFiles {
    private KeyStoreFiles() {
    }

    /**
     * Loads a PKCS#12, JKS or JCEKS file.
     *
     * @param password the store password; null loads a PKCS#12 file without checking its integrity
     */
    public static KeyStore load(Path file, char[] password) throws CredentialException {
        String source = file.toString();
        byte[] data = CredentialFiles.read(file);
        String type = typeOf(data, source);
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new CredentialException(source, "this JDK cannot read " + type + " key stores", e);
        }
        try {
            store.load(new ByteArrayInputStream(data), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new PasswordException(source, "wrong key store password (or the file is damaged)", e);
            }
            throw new CredentialException(source, "not a valid " + type + " file: " + e.getMessage(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CredentialException(source, "not a valid " + type + " file: " + e.getMessage(), e);
        }
        return store;
    }

    /** Reads the only private key entry of a key store file; the key password is the store password. */
    public static CertifiedKey readCertifiedKey(Path file, char[] password) throws CredentialException {
        return readCertifiedKey(file, password, null, password);
    }

    /**
     * Reads a private key entry and its chain from a key store file, and checks that the key belongs
     * to the chain's leaf.
     *
     * @param alias       the entry to read, or null for the only private key entry of the file
     * @param keyPassword the entry's password (for PKCS#12 files made by OpenSSL: the store password)
     */
    public static CertifiedKey readCertifiedKey(Path file, char[] storePassword, String alias, char[] keyPassword)
            throws CredentialException {
        return certifiedKey(load(file, storePassword), alias, keyPassword, file.toString());
    }

    /**
     * Takes a private key entry and its chain from a loaded key store.
     *
     * @param alias  the entry, or null for the store's only private key entry
     * @param source names the store in error messages
     */
    public static CertifiedKey certifiedKey(KeyStore store, String alias, char[] keyPassword, String source)
            throws CredentialException {
        try {
            String entry = alias != null ? alias : onlyKeyEntry(store, source);
            if (!store.containsAlias(entry)) {
                throw new CredentialException(source, "has no entry named '" + entry + "' (entries: "
                        + Collections.list(store.aliases()) + ")");
            }
            if (!store.isKeyEntry(entry)) {
                throw new CredentialException(source, "entry '" + entry + "' is not a private key entry");
            }
            Key key;
            try {
                key = store.getKey(entry, keyPassword);
            } catch (UnrecoverableKeyException e) {
                throw new PasswordException(source, "wrong password for the key of entry '" + entry + "'", e);
            }
            if (!(key instanceof PrivateKey)) {
                throw new CredentialException(source, "entry '" + entry + "' holds a secret key, not a private key");
            }
            Certificate[] chain = store.getCertificateChain(entry);
            if (chain == null || chain.length == 0) {
                throw new CredentialException(source, "entry '" + entry + "' has no certificate chain");
            }
            List<X509Certificate> certificates = new ArrayList<>(chain.length);
            for (Certificate certificate : chain) {
                if (!(certificate instanceof X509Certificate)) {
                    throw new CredentialException(source, "entry '" + entry + "' holds a "
                            + certificate.getType() + " certificate, not X.509");
                }
                certificates.add((X509Certificate) certificate);
            }
            if (!KeyPairCheck.matches(certificates.get(0).getPublicKey(), (PrivateKey) key)) {
                throw new CredentialException(source, "entry '" + entry + "': private key does not match the "
                        + "certificate's public key (certificate " + CertificateText.subject(certificates.get(0)) + ")");
            }
            return new CertifiedKey(certificates, (PrivateKey) key);
        } catch (GeneralSecurityException e) {
            throw new CredentialException(source, "cannot read the key store: " + e.getMessage(), e);
        }
    }

    /** Reads the trusted certificate entries of a key store file, for use as trust anchors. */
    public static List<X509Certificate> readTrustedCertificates(Path file, char[] password) throws CredentialException {
        String source = file.toString();
        List<X509Certificate> trusted = trustedCertificates(load(file, password), source);
        if (trusted.isEmpty()) {
            throw new CredentialException(source, "holds no trusted certificate entries");
        }
        return trusted;
    }

    /** The X.509 certificates of a key store's trusted certificate entries (key entries are not anchors). */
    public static List<X509Certificate> trustedCertificates(KeyStore store, String source) throws CredentialException {
        List<X509Certificate> trusted = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias) && store.getCertificate(alias) instanceof X509Certificate) {
                    trusted.add((X509Certificate) store.getCertificate(alias));
                }
            }
        } catch (KeyStoreException e) {
            throw new CredentialException(source, "key store is not loaded", e);
        }
        return trusted;
    }

    private static String onlyKeyEntry(KeyStore store, String source) throws KeyStoreException, CredentialException {
        List<String> keyAliases = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keyAliases.add(alias);
            }
        }
        if (keyAliases.isEmpty()) {
            throw new CredentialException(source, "holds no private key entry");
        }
        if (keyAliases.size() > 1) {
            Collections.sort(keyAliases);
            throw new CredentialException(source, "holds " + keyAliases.size() + " private key entries "
                    + keyAliases + "; name the alias to use");
        }
        return keyAliases.get(0);
    }

    private static String typeOf(byte[] data, String source) throws CredentialException {
        if (data.length >= 4) {
            int magic = ((data[0] & 0xff) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
            if (magic == 0xFEEDFEED) {
                return "JKS";
            }
            if (magic == 0xCECECECE) {
                return "JCEKS";
            }
        }
        if ((data[0] & 0xff) == 0x30) { // DER SEQUENCE: PKCS#12 PFX (RFC 7292 §4)
            return "PKCS12";
        }
        if (new String(data, 0, Math.min(data.length, 64), StandardCharsets.ISO_8859_1)
                .contains("-----BEGIN")) {
            throw new CredentialException(source, "is a PEM file, not a PKCS#12 or JKS key store "
                    + "(read it with PemFiles)");
        }
        throw new CredentialException(source, "is neither a PKCS#12 nor a JKS/JCEKS key store");
    }
}
