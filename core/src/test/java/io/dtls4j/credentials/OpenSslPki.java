package io.dtls4j.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a small PKI with the openssl command: a root CA, an intermediate CA and leaves of several
 * key types, each written as {@code NAME.key} (PKCS#8 PEM) and {@code NAME.pem} (certificate).
 */
final class OpenSslPki {
    /** The SANs every default leaf carries. */
    static final String LEAF_SANS = "DNS:leaf.test,DNS:*.wild.test,IP:127.0.0.1,IP:::1";
    static final String ROOT = "root";
    static final String INTERMEDIATE = "intermediate";

    private final Path dir;
    private final AtomicInteger serial = new AtomicInteger(1000);

    OpenSslPki(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** Root CA (EC P-256) and an intermediate CA (EC P-256) below it. */
    OpenSslPki createCas() throws IOException {
        createRoot(ROOT, "dtls4j Test Root");
        createCa(INTERMEDIATE, "dtls4j Test Intermediate", ROOT);
        return this;
    }

    /** A self-signed CA certificate. */
    void createRoot(String name, String commonName) throws IOException {
        key(name, "EC");
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
                "-days", "3650", "-sha256", "-set_serial", next(), "-out", name + ".pem");
    }

    /** A CA certificate issued by {@code issuer}. */
    void createCa(String name, String commonName, String issuer) throws IOException {
        key(name, "EC");
        issue(name, commonName, issuer, "basicConstraints = critical,CA:TRUE,pathlen:0\n"
                + "keyUsage = critical,keyCertSign,cRLSign\n"
                + "subjectKeyIdentifier = hash\n"
                + "authorityKeyIdentifier = keyid\n", 1825);
    }

    /**
     * A leaf for {@code keyType} (EC, RSA, ED25519) issued by {@code issuer}, with the given
     * extensions lines (none of them when null: the default server-and-client leaf with {@link #LEAF_SANS}).
     */
    void createLeaf(String name, String keyType, String commonName, String issuer, String extensions, int days)
            throws IOException {
        key(name, keyType);
        issue(name, commonName, issuer, extensions != null ? extensions
                : "basicConstraints = critical,CA:FALSE\n"
                + "keyUsage = critical,digitalSignature\n"
                + "extendedKeyUsage = serverAuth,clientAuth\n"
                + "subjectAltName = " + LEAF_SANS + "\n", days);
    }

    /** A PKCS#8 private key: EC (P-256), RSA (2048 bits) or ED25519. */
    void key(String name, String keyType) throws IOException {
        switch (keyType) {
            case "EC" -> OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-out", name + ".key");
            case "RSA" -> OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", name + ".key");
            case "ED25519" -> OpenSsl.run(dir, "genpkey", "-algorithm", "ed25519", "-out", name + ".key");
            default -> throw new IllegalArgumentException(keyType);
        }
    }

    private void issue(String name, String commonName, String issuer, String extensions, int days) throws IOException {
        Files.writeString(file(name + ".req.cnf"), "[req]\n"
                + "distinguished_name = dn\n"
                + "prompt = no\n"
                + "[dn]\n"
                + "CN = " + commonName + "\n");
        Files.writeString(file(name + ".ext"), "[ext]\n" + extensions);
        OpenSsl.run(dir, "req", "-new", "-config", name + ".req.cnf", "-key", name + ".key", "-out", name + ".csr");
        OpenSsl.run(dir, "x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey", issuer + ".key",
                "-set_serial", next(), "-days", Integer.toString(days), "-extfile", name + ".ext",
                "-extensions", "ext", "-out", name + ".pem");
    }

    private String next() {
        return Integer.toString(serial.incrementAndGet());
    }
}
