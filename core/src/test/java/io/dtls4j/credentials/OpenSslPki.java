package io.dtls4j.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a small PKI with the openssl command: a root CA, an intermediate CA and leaves of several
 * key types, each written as {@code NAME.key} (PKCS#8 PEM) and {@code NAME.pem} (certificate).
 * Public, in the core test-jar: the interop tests hand these files to OpenSSL peers.
 */
public final class OpenSslPki {
    /** The DNS name every default leaf carries (the name a client expects of the server). */
    public static final String HOST = "leaf.test";
    /** The SANs every default leaf carries. */
    public static final String LEAF_SANS = "DNS:" + HOST + ",DNS:*.wild.test,IP:127.0.0.1,IP:::1";
    public static final String ROOT = "root";
    public static final String INTERMEDIATE = "intermediate";

    private final Path dir;
    private final AtomicInteger serial = new AtomicInteger(1000);

    public OpenSslPki(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Root CA (EC P-256) and an intermediate CA (EC P-256) below it. */
    public OpenSslPki createCas() throws IOException {
        createRoot(ROOT, "dtls4j Test Root");
        createCa(INTERMEDIATE, "dtls4j Test Intermediate", ROOT);
        return this;
    }

    /** A self-signed CA certificate (EC P-256, signed with SHA-256). */
    public void createRoot(String name, String commonName) throws IOException {
        createRoot(name, commonName, "EC", "sha256");
    }

    /** A self-signed CA certificate with a key of {@code keyType}, signed with {@code digest} (an openssl digest name). */
    public void createRoot(String name, String commonName, String keyType, String digest) throws IOException {
        key(name, keyType);
        Files.writeString(file(name + ".cnf"), "[req]\n"
                + "distinguished_name = dn\n"
                + "prompt = no\n"
                + "x509_extensions = ext\n"
                + "[dn]\n"
                + "CN = " + commonName + "\n"
                + "[ext]\n"
                + "basicConstraints = critical,CA:TRUE\n"
                + "keyUsage = critical,keyCertSign,cRLSign\n"
                + "subjectKeyIdentifier = hash\n");
        OpenSsl.run(dir, "req", "-x509", "-new", "-config", name + ".cnf", "-key", name + ".key",
                "-days", "3650", "-" + digest, "-set_serial", next(), "-out", name + ".pem");
    }

    /** A CA certificate (EC P-256) issued by {@code issuer}. */
    public void createCa(String name, String commonName, String issuer) throws IOException {
        createCa(name, commonName, issuer, "EC");
    }

    /** A CA certificate with a key of {@code keyType} issued by {@code issuer}. */
    public void createCa(String name, String commonName, String issuer, String keyType) throws IOException {
        key(name, keyType);
        issue(name, commonName, issuer, "basicConstraints = critical,CA:TRUE,pathlen:0\n"
                + "keyUsage = critical,keyCertSign,cRLSign\n"
                + "subjectKeyIdentifier = hash\n"
                + "authorityKeyIdentifier = keyid\n", 1825, List.of());
    }

    /**
     * A leaf for {@code keyType} (EC, RSA, ED25519) issued by {@code issuer}, with the given
     * extensions lines (none of them when null: the default server-and-client leaf with {@link #LEAF_SANS}).
     */
    public void createLeaf(String name, String keyType, String commonName, String issuer, String extensions, int days)
            throws IOException {
        createLeaf(name, keyType, commonName, issuer, extensions, days, List.of());
    }

    /**
     * As {@link #createLeaf(String, String, String, String, String, int)}, with more options for
     * {@code openssl x509 -req} that choose how the issuer signs ({@code -sha1}, {@code -sigopt ...}).
     */
    public void createLeaf(String name, String keyType, String commonName, String issuer, String extensions, int days,
                    List<String> signingOptions) throws IOException {
        key(name, keyType);
        issue(name, commonName, issuer, extensions != null ? extensions
                : "basicConstraints = critical,CA:FALSE\n"
                + "keyUsage = critical,digitalSignature\n"
                + "extendedKeyUsage = serverAuth,clientAuth\n"
                + "subjectAltName = " + LEAF_SANS + "\n", days, signingOptions);
    }

    /**
     * A default leaf (see {@link #createLeaf(String, String, String, String, String, int)}) issued by the
     * intermediate, and {@code NAME-chain.pem}: its certificate, then the intermediate's, as a peer sends them.
     */
    public void createLeafWithChain(String name, String keyType, String commonName, int days) throws IOException {
        createLeaf(name, keyType, commonName, INTERMEDIATE, null, days);
        Files.writeString(file(name + "-chain.pem"), Files.readString(file(name + ".pem"), StandardCharsets.US_ASCII)
                + Files.readString(file(INTERMEDIATE + ".pem"), StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    }

    /**
     * A self-signed end-entity certificate (EC P-256, for client authentication) that no CA of this
     * PKI issued: a client certificate a server trusting the root must refuse.
     */
    public void createStranger(String name, String commonName, int days) throws IOException {
        key(name, "EC");
        OpenSsl.run(dir, "req", "-x509", "-new", "-key", name + ".key", "-subj", "/CN=" + commonName,
                "-days", Integer.toString(days), "-addext", "extendedKeyUsage = clientAuth", "-out", name + ".pem");
    }

    /** The root CA's certificate, read back by dtls4j's PEM reader. */
    public X509Certificate root() throws CredentialException {
        return PemFiles.readCertificates(file(ROOT + ".pem")).get(0);
    }

    /** A leaf made by {@link #createLeafWithChain}: its key with its chain (leaf, intermediate), read back by dtls4j. */
    public CertifiedKey certifiedKey(String name) throws CredentialException {
        return PemFiles.readCertifiedKey(file(name + "-chain.pem"), file(name + ".key"), null);
    }

    /** A PKCS#8 private key: EC (P-256), EC_P521, RSA (2048 bits) or ED25519. */
    public void key(String name, String keyType) throws IOException {
        switch (keyType) {
            case "EC" -> OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", name + ".key");
            case "EC_P521" -> OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521",
                    "-out", name + ".key");
            case "RSA" -> OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", name + ".key");
            case "ED25519" -> OpenSsl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", name + ".key");
            default -> throw new IllegalArgumentException(keyType);
        }
    }

    private void issue(String name, String commonName, String issuer, String extensions, int days,
                       List<String> signingOptions) throws IOException {
        Files.writeString(file(name + ".req.cnf"), "[req]\n"
                + "distinguished_name = dn\n"
                + "prompt = no\n"
                + "[dn]\n"
                + "CN = " + commonName + "\n");
        Files.writeString(file(name + ".ext"), "[ext]\n" + extensions);
        OpenSsl.run(dir, "req", "-new", "-config", name + ".req.cnf", "-key", name + ".key", "-out", name + ".csr");
        List<String> args = new ArrayList<>(List.of("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem",
                "-CAkey", issuer + ".key", "-set_serial", next(), "-days", Integer.toString(days),
                "-extfile", name + ".ext", "-extensions", "ext", "-out", name + ".pem"));
        args.addAll(signingOptions);
        OpenSsl.run(dir, args.toArray(new String[0]));
    }

    private String next() {
        return Integer.toString(serial.incrementAndGet());
    }
}
