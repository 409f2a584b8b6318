package io.dtls4j.interop;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.CredentialException;
import io.dtls4j.credentials.PemFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small PKI made with the {@code openssl} command in a directory: a root CA, an intermediate CA
 * below it, and leaves issued by the intermediate, each as {@code NAME.key} (PKCS#8 PEM),
 * {@code NAME.pem} (its certificate) and {@code NAME-chain.pem} (its certificate, then the
 * intermediate's). Every openssl run is bounded in time.
 */
final class OpenSslPki {
    /** The DNS name and address every leaf lists. */
    static final String HOST = "leaf.test";
    static final String ROOT = "root";
    static final String INTERMEDIATE = "intermediate";
    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private int serial = 100;

    private OpenSslPki(Path dir) {
        this.dir = dir;
    }

    /** Root and intermediate CAs (EC P-256) in {@code dir}. */
    static OpenSslPki create(Path dir) throws IOException, InterruptedException {
        OpenSslPki pki = new OpenSslPki(dir);
        pki.key(ROOT, "EC");
        pki.write(ROOT + ".cnf", "[req]\ndistinguished_name = dn\nprompt = no\nx509_extensions = ext\n"
                + "[dn]\nCN = dtls4j Interop Root\n"
                + "[ext]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
                + "subjectKeyIdentifier = hash\n");
        pki.openssl("req", "-x509", "-new", "-config", ROOT + ".cnf", "-key", ROOT + ".key", "-days", "30",
                "-sha256", "-set_serial", pki.nextSerial(), "-out", ROOT + ".pem");
        pki.issue(INTERMEDIATE, "EC", "dtls4j Interop Intermediate", ROOT,
                "basicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\n"
                        + "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n");
        return pki;
    }

    /**
     * A leaf of {@code keyType} (EC, EC_P521, RSA, ED25519) issued by the intermediate, for server and client
     * authentication, naming {@value #HOST} and 127.0.0.1.
     */
    void leaf(String name, String keyType, String commonName) throws IOException, InterruptedException {
        issue(name, keyType, commonName, INTERMEDIATE, "basicConstraints = critical,CA:FALSE\n"
                + "keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth,clientAuth\n"
                + "subjectAltName = DNS:" + HOST + ",IP:127.0.0.1\n");
        write(name + "-chain.pem", Files.readString(file(name + ".pem"), StandardCharsets.US_ASCII)
                + Files.readString(file(INTERMEDIATE + ".pem"), StandardCharsets.US_ASCII));
    }

    /** A self-signed certificate (EC P-256) that no CA of this PKI issued. */
    void stranger(String name, String commonName) throws IOException, InterruptedException {
        key(name, "EC");
        openssl("req", "-x509", "-new", "-key", name + ".key", "-subj", "/CN=" + commonName, "-days", "30",
                "-addext", "extendedKeyUsage = clientAuth", "-out", name + ".pem");
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    X509Certificate root() throws CredentialException {
        return PemFiles.readCertificates(file(ROOT + ".pem")).get(0);
    }

    /** The leaf's key with its chain (leaf, intermediate), read back by dtls4j's PEM reader. */
    CertifiedKey certifiedKey(String name) throws CredentialException {
        return PemFiles.readCertifiedKey(file(name + "-chain.pem"), file(name + ".key"), null);
    }

    private void issue(String name, String keyType, String commonName, String issuer, String extensions)
            throws IOException, InterruptedException {
        key(name, keyType);
        write(name + ".req.cnf", "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = " + commonName + "\n");
        write(name + ".ext", "[ext]\n" + extensions);
        openssl("req", "-new", "-config", name + ".req.cnf", "-key", name + ".key", "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey", issuer + ".key",
                "-set_serial", nextSerial(), "-days", "30", "-extfile", name + ".ext", "-extensions", "ext",
                "-out", name + ".pem");
    }

    private void key(String name, String keyType) throws IOException, InterruptedException {
        switch (keyType) {
            case "EC" -> openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
            case "EC_P521" -> openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521", "-out", name + ".key");
            case "RSA" -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + ".key");
            case "ED25519" -> openssl("genpkey", "-algorithm", "ed25519", "-out", name + ".key");
            default -> throw new IllegalArgumentException(keyType);
        }
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(file(name), text, StandardCharsets.US_ASCII);
    }

    private String nextSerial() {
        return Integer.toString(++serial);
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try (PeerProcess process = PeerProcess.start(command, dir)) {
            process.closeStdin();
            Integer exit = process.awaitExit(OPENSSL_TIMEOUT);
            if (exit == null || exit != 0) {
                throw new IOException(String.join(" ", command) + " " + (exit == null ? "did not finish in time" : "exited with " + exit)
                        + "; " + process.describe());
            }
        }
    }
}
