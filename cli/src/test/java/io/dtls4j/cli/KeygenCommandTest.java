package io.dtls4j.cli;

import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeygenCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAMatchingCertificateAndKeyAndPrintsTheFingerprint() throws Exception {
        Path cert = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        InProcess.Outcome outcome = InProcess.run("keygen", "--cert", cert.toString(), "--key", key.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        CertifiedKey written = PemFiles.readCertifiedKey(cert, key, null); // also checks that the key matches
        assertThat(outcome.out().strip()).isEqualTo(CertificateFingerprint.sha256(written.leaf()).toSdp());
        assertThat(written.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(written.leaf().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(outcome.err()).startsWith("wrote " + cert + " and " + key + ": EC P-256, CN=localhost");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(key))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void theDefaultNamesCoverLocalPeers() throws Exception {
        Path cert = dir.resolve("c.pem");
        InProcess.run("keygen", "--cert", cert.toString(), "--key", dir.resolve("k.pem").toString());
        assertThat(altNames(PemFiles.readCertificates(cert).get(0))).containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void takesKeyTypeCommonNameNamesAndValidity() throws Exception {
        Path cert = dir.resolve("c.pem");
        InProcess.Outcome outcome = InProcess.run("keygen", "--cert", cert.toString(), "--key", dir.resolve("k.pem").toString(),
                "--key-type", "ed25519", "--cn", "device-17", "--san", "device-17.example,10.0.0.17", "--days", "2");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        X509Certificate leaf = PemFiles.readCertificates(cert).get(0);
        assertThat(leaf.getPublicKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=device-17");
        assertThat(altNames(leaf)).containsExactlyInAnyOrder("device-17.example", "10.0.0.17");
        long days = (leaf.getNotAfter().getTime() - System.currentTimeMillis()) / 86_400_000L;
        assertThat(days).isBetween(1L, 2L);
    }

    @Test
    void anEcP521KeyIsOnSecp521r1AndItsCertificateIsSignedWithSha512() throws Exception {
        Path cert = dir.resolve("p521.pem");
        Path key = dir.resolve("p521.key");
        InProcess.Outcome outcome = InProcess.run("keygen", "--cert", cert.toString(), "--key", key.toString(), "--key-type", "ec-p521");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        X509Certificate leaf = PemFiles.readCertificates(cert).get(0);
        assertThat(((java.security.interfaces.ECPublicKey) leaf.getPublicKey()).getParams().getOrder().bitLength()).isEqualTo(521);
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA512withECDSA");
        assertThat(PemFiles.readCertifiedKey(cert, key, null).leaf()).isEqualTo(leaf);
    }

    @Test
    void refusesToReplaceFilesWithoutForce() throws Exception {
        Path cert = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        Files.writeString(cert, "keep me");
        InProcess.Outcome refused = InProcess.run("keygen", "--cert", cert.toString(), "--key", key.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCode.FILE.code());
        assertThat(refused.err().strip()).isEqualTo("dtls keygen: " + cert + ": already exists (use --force to replace it)");
        assertThat(Files.readString(cert)).isEqualTo("keep me");
        assertThat(key).doesNotExist();

        InProcess.Outcome forced = InProcess.run("keygen", "--cert", cert.toString(), "--key", key.toString(), "--force");
        assertThat(forced.exitCode()).isZero();
        assertThat(PemFiles.readCertifiedKey(cert, key, null).chain()).hasSize(1);
    }

    @Test
    void badNamesAndValuesAreUsageErrors() {
        InProcess.Outcome badSan = InProcess.run("keygen", "--cert", dir.resolve("c.pem").toString(),
                "--key", dir.resolve("k.pem").toString(), "--san", "not a name!");
        assertThat(badSan.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(badSan.err()).startsWith("dtls keygen: ").contains("not a name!");

        InProcess.Outcome sameFile = InProcess.run("keygen", "--cert", dir.resolve("x.pem").toString(),
                "--key", dir.resolve("x.pem").toString());
        assertThat(sameFile.exitCode()).isEqualTo(ExitCode.USAGE.code());

        InProcess.Outcome badType = InProcess.run("keygen", "--key-type", "dsa");
        assertThat(badType.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(badType.err()).contains("unknown key type 'dsa'");
    }

    private static List<String> altNames(X509Certificate certificate) throws Exception {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        return names.stream().map(entry -> String.valueOf(entry.get(1))).toList();
    }
}
