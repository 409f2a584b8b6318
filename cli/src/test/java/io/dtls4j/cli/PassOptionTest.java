package io.dtls4j.cli;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PemFiles;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.credentials.SelfSignedCertificate;
import io.dtls4j.transport.DtlsClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --pass} with an encrypted PKCS#8 key and a PKCS#12 file, both made by the openssl command
 * line tool: the right password serves clients, a missing or wrong one is a one-line file error that
 * says what to do and never shows the password.
 */
@Timeout(60)
class PassOptionTest {
    private static final String PASSWORD = "correct horse 7";
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+), certificate (sha-256 \\S+)");

    @TempDir
    static Path dir;
    static CertifiedKey serverKey;
    static Path cert;
    static Path encryptedKey;
    static Path pkcs12;

    @BeforeAll
    static void credentials() throws Exception {
        Assumptions.assumeTrue(opensslPresent(), "openssl is not installed: skipping the --pass tests with its files");
        serverKey = SelfSignedCertificate.generate("localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
        cert = dir.resolve("server.pem");
        Path plainKey = dir.resolve("server.key");
        PemFiles.writeCertifiedKey(cert, plainKey, serverKey);
        encryptedKey = dir.resolve("server-enc.key");
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plainKey.toString(), "-out", encryptedKey.toString(),
                "-passout", "pass:" + PASSWORD);
        pkcs12 = dir.resolve("server.p12");
        openssl("pkcs12", "-export", "-in", cert.toString(), "-inkey", plainKey.toString(), "-out", pkcs12.toString(),
                "-passout", "pass:" + PASSWORD);
        assertThat(Files.readString(encryptedKey)).contains("BEGIN ENCRYPTED PRIVATE KEY");
    }

    @Test
    void anEncryptedKeyWithTheRightPasswordServesAClient() throws Exception {
        assertServes("--cert", cert.toString(), "--key", encryptedKey.toString(), "--pass", "pass:" + PASSWORD);
    }

    @Test
    void aPkcs12FileWithThePasswordFromAFileServesAClient() throws Exception {
        Path passFile = dir.resolve("pass.txt");
        Files.writeString(passFile, PASSWORD + "\nsecond line is ignored\n");
        assertServes("--cert", pkcs12.toString(), "--pass", "file:" + passFile);
    }

    @Test
    void aMissingPasswordSaysToGiveOne() {
        assertFileError(InProcess.run("server", "--cert", cert.toString(), "--key", encryptedKey.toString()),
                "dtls server: " + encryptedKey + ": encrypted private key needs a password: give its password with --pass");
        assertFileError(InProcess.run("server", "--cert", pkcs12.toString()),
                "dtls server: " + pkcs12 + ": wrong key store password (or the file is damaged): give its password with --pass");
    }

    @Test
    void aWrongPasswordSaysToCheckIt() {
        assertFileError(InProcess.run("server", "--cert", cert.toString(), "--key", encryptedKey.toString(),
                "--pass", "pass:not-it"), encryptedKey + ": wrong password for the encrypted private key");
        assertFileError(InProcess.run("client", "127.0.0.1:4433", "--insecure", "--cert", pkcs12.toString(),
                "--pass", "pass:not-it"), "dtls client: " + pkcs12 + ": wrong key store password");
    }

    @Test
    void passwordSourcesThatCannotBeReadAreNamedWithoutThePassword() throws Exception {
        CliException unknownForm = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> PasswordSource.read("--pass", PASSWORD, Map.of()), CliException.class);
        assertThat(unknownForm.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownForm.getMessage()).isEqualTo("--pass: expected pass:TEXT, env:VAR or file:PATH");

        CliException unset = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> PasswordSource.read("--pass", "env:DTLS_KEY_PASS", Map.of()), CliException.class);
        assertThat(unset.getMessage()).isEqualTo("--pass env:DTLS_KEY_PASS: environment variable DTLS_KEY_PASS is not set");
        assertThat(PasswordSource.read("--pass", "env:DTLS_KEY_PASS", Map.of("DTLS_KEY_PASS", PASSWORD)))
                .isEqualTo(PASSWORD.toCharArray());

        InProcess.Outcome missingFile = InProcess.run("server", "--cert", pkcs12.toString(),
                "--pass", "file:" + dir.resolve("nope.txt"));
        assertFileError(missingFile, "--pass file:" + dir.resolve("nope.txt") + ": no such file");

        InProcess.Outcome noCert = InProcess.run("server", "--pass", "pass:" + PASSWORD);
        assertThat(noCert.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(noCert.err()).contains("--pass needs --cert").doesNotContain(PASSWORD);
    }

    private static void assertFileError(InProcess.Outcome outcome, String message) {
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.FILE.code());
        assertThat(outcome.errLines()).as(outcome.err()).hasSize(1);
        assertThat(outcome.err()).contains(message).doesNotContain(PASSWORD).doesNotContain("\tat ");
    }

    /** Runs {@code dtls server --echo --naccept 1} with {@code identity} and echoes one record through it. */
    private static void assertServes(String... identity) throws Exception {
        List<String> args = new ArrayList<>(List.of("server", "--port", "0", "--echo", "--naccept", "1"));
        args.addAll(List.of(identity));
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(args.toArray(String[]::new)));

        Matcher listening = awaitListening(err, exit);
        String expected = CertificateFingerprint.sha256(serverKey.leaf()).toSdp();
        assertThat(listening.group(2)).as("the server uses the certificate of the file").isEqualTo(expected);
        DtlsConfig config = DtlsConfig.builder()
                .peerVerifier(PeerVerifiers.fingerprints(List.of(CertificateFingerprint.parse(expected)))).build();
        try (DtlsClient client = DtlsClient.connect(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(listening.group(1))), config, null, Duration.ofSeconds(10))) {
            client.send("ping".getBytes(StandardCharsets.UTF_8));
            assertThat(client.receive(Duration.ofSeconds(5))).asString(StandardCharsets.UTF_8).isEqualTo("ping");
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(err.toString()).doesNotContain(PASSWORD);
    }

    private static Matcher awaitListening(StringWriter err, CompletableFuture<Integer> exit) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(err.toString());
            if (m.find()) {
                return m;
            }
            if (exit.isDone()) {
                throw new AssertionError("the server exited with " + exit.get() + ": " + err);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server did not start listening: " + err);
    }

    private static boolean opensslPresent() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
