package io.dtls4j.cli;

import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.PemIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar as a real process: the demo succeeds, and each kind of failure leaves the
 * process with its exit status and one line on stderr (the messages themselves are checked in
 * {@code BadInputTest}).
 */
@Timeout(120)
class ProcessExitIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static ExternalProcess finished(ExternalProcess p) throws InterruptedException {
        p.awaitExit(WAIT);
        return p;
    }

    private static void assertFailure(ExternalProcess p, ExitCode code, String message) throws InterruptedException {
        assertFailure(p, code, 1, message);
    }

    /** The status, {@code lines} lines on stderr (the failure, then its hints), the first containing {@code message}. */
    private static void assertFailure(ExternalProcess p, ExitCode code, int lines, String message)
            throws InterruptedException {
        assertThat(p.awaitExit(WAIT)).as(p.describe()).isEqualTo(code.code());
        String[] err = p.stderr().split("\\R");
        assertThat(err).as(p.describe()).hasSize(lines);
        assertThat(err[0]).contains(message);
        assertThat(p.stderr()).doesNotContain("\tat ");
        assertThat(p.stdout()).isEmpty();
    }

    @Test
    void demoExitsZeroAfterEchoingEveryRecord() throws Exception {
        try (ExternalProcess demo = ExternalProcess.dtls("demo")) {
            assertThat(demo.awaitExit(WAIT)).as(demo.describe()).isZero();
            assertThat(demo.stdout())
                    .contains("version        DTLSv1.2", "cipher suite   ECDHE-ECDSA-AES128-GCM-SHA256", "group          X25519")
                    .containsPattern("server         sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2} \\(pinned by the client\\)")
                    .containsPattern("handshake      [0-9.]+ ms")
                    .containsPattern("echo           2000 records of 1000 bytes in [0-9.]+ s: \\d+ records/s, [0-9.]+ MB/s each way")
                    .endsWith("ok: every record came back intact\n");
        }
    }

    @Test
    void versionAndHelpExitZero() throws Exception {
        try (ExternalProcess version = finished(ExternalProcess.dtls("--version"))) {
            assertThat(version.awaitExit(WAIT)).isZero();
            assertThat(version.stdout()).startsWith("dtls4j 0.1.0-SNAPSHOT");
        }
        try (ExternalProcess help = finished(ExternalProcess.dtls("--help"))) {
            assertThat(help.awaitExit(WAIT)).isZero();
            assertThat(help.stdout()).contains("demo", "server", "client", "keygen", "bench", "Exit status:");
        }
    }

    @Test
    void aMissingFileExitsWithThreeAndAStackTraceOnlyWithDebug() throws Exception {
        try (ExternalProcess p = ExternalProcess.dtls("server", "--cert", dir.resolve("nope.pem").toString())) {
            assertFailure(p, ExitCode.FILE, "dtls server: " + dir.resolve("nope.pem") + ": file not found");
        }
        try (ExternalProcess p = finished(ExternalProcess.dtls("--debug", "server", "--cert", dir.resolve("nope.pem").toString()))) {
            assertThat(p.awaitExit(WAIT)).isEqualTo(ExitCode.FILE.code());
            assertThat(p.stderr()).contains("\tat io.dtls4j.");
        }
    }

    @Test
    void aPortInUseExitsWithFour() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ExternalProcess p = ExternalProcess.dtls("server", "--bind", "127.0.0.1", "--port",
                     String.valueOf(taken.getLocalPort()), "--echo", "--naccept", "1")) {
            assertThat(p.awaitExit(WAIT)).as(p.describe()).isEqualTo(ExitCode.NETWORK.code());
            assertThat(p.stderr()).contains("cannot listen: address already in use").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnresolvableHostExitsWithFour() throws Exception {
        try (ExternalProcess p = ExternalProcess.dtls("client", "no-such-host.invalid:4433", "--insecure")) {
            assertFailure(p, ExitCode.NETWORK, "no-such-host.invalid: host name does not resolve");
        }
    }

    @Test
    void aPortWhereNothingListensExitsWithFourLongBeforeTheTimeout() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        } // freshly closed: ICMP port unreachable answers the ClientHello
        long start = System.nanoTime();
        try (ExternalProcess p = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--insecure", "--timeout", "60s")) {
            assertFailure(p, ExitCode.NETWORK, "127.0.0.1:" + port + ": nothing listens there (ICMP port unreachable)");
        }
        // far below the 60 s handshake timeout (the JVM's start-up is most of it)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void noAnswerExitsWithFive() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             ExternalProcess p = ExternalProcess.dtls("client", "127.0.0.1:" + silent.getLocalPort(), "--insecure",
                     "--timeout", "1s")) {
            assertThat(p.awaitExit(WAIT)).as(p.describe()).isEqualTo(ExitCode.TIMEOUT.code());
            assertThat(p.stderr()).contains("handshake timeout");
        }
    }

    @Test
    void anAlertAndAnUntrustedCertificateExitWithSixAndSeven() throws Exception {
        PemIdentity server = TestCredentials.writePem(dir, "server", KeyAlgorithm.EC_P256);
        try (ExternalProcess s = ExternalProcess.dtls("server", "--bind", "127.0.0.1", "--port", "0", "--echo",
                "--naccept", "2", "--cert", server.cert().toString(), "--key", server.keyFile().toString())) {
            String target = "127.0.0.1:" + s.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1);
            try (ExternalProcess rsaOnly = ExternalProcess.dtls("client", target, "--fingerprint", server.fingerprint(),
                    "--ciphers", "ECDHE-RSA-AES256-GCM-SHA384")) {
                // the alert, then the likely cause: no common suite
                assertFailure(rsaOnly, ExitCode.HANDSHAKE, 2, "peer sent fatal alert handshake_failure");
                assertThat(rsaOnly.stderr()).contains("offered: suites ECDHE-RSA-AES256-GCM-SHA384;", "try --ciphers");
            }
            try (ExternalProcess systemTrust = ExternalProcess.dtls("client", target)) {
                // no --ca-file or --fingerprint: the system's CAs decide, and none issued this certificate;
                // it is self-signed, so the refusal is followed by the pin that would trust it and a warning
                assertFailure(systemTrust, ExitCode.CERTIFICATE, 3, "server certificate CN=");
                assertThat(systemTrust.stderr()).contains("--fingerprint '" + server.fingerprint() + "'",
                        "safe only if you got this fingerprint from a trusted channel");
            }
            // the server saw both handshakes fail: its own status is that of the first
            assertThat(s.awaitExit(WAIT)).as(s.describe()).isEqualTo(ExitCode.HANDSHAKE.code());
        }
    }

    @Test
    void aUsageErrorExitsWithTwo() throws Exception {
        try (ExternalProcess p = finished(ExternalProcess.dtls("client", "no-port-here"))) {
            assertThat(p.awaitExit(WAIT)).isEqualTo(ExitCode.USAGE.code());
            assertThat(p.stderr()).contains("is not HOST:PORT", "Try 'dtls client --help'");
        }
    }
}
