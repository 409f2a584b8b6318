package io.dtls4j.cli;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.PemFiles;
import io.dtls4j.credentials.SelfSignedCertificate;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.EchoListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input gives one line on stderr naming the problem, and its own exit status;
 * a stack trace only with --debug. Run in this JVM through picocli; {@code BadInputProcessIT} checks
 * that a real process exits with the same statuses.
 */
@Timeout(30)
class BadInputTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;
    static CertifiedKey serverKey;

    @BeforeAll
    static void credentials() throws Exception {
        serverKey = SelfSignedCertificate.generate("localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
        cert = dir.resolve("server.pem");
        key = dir.resolve("server.key");
        PemFiles.writeCertifiedKey(cert, key, serverKey);
    }

    private static void assertOneLineFailure(InProcess.Outcome outcome, ExitCode code, String... fragments) {
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(code.code());
        assertThat(outcome.errLines()).as(outcome.err()).hasSize(1);
        assertThat(outcome.err()).contains(fragments).doesNotContain("\tat ");
    }

    @Test
    void aMissingCertificateFileIsAFileError() {
        Path missing = dir.resolve("missing.pem");
        assertOneLineFailure(InProcess.run("server", "--cert", missing.toString(), "--key", key.toString()),
                ExitCode.FILE, "dtls server: " + missing + ": file not found");
    }

    @Test
    void anUnreadableKeyFileIsAFileError() {
        // a directory cannot be read as a file, even by root
        assertOneLineFailure(InProcess.run("server", "--cert", cert.toString(), "--key", dir.toString()),
                ExitCode.FILE, dir + ": is a directory, not a file");
    }

    @Test
    void badPemIsAFileErrorNamingTheFile() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        InProcess.Outcome outcome = InProcess.run("client", "127.0.0.1:4433", "--ca-file", bad.toString());
        assertOneLineFailure(outcome, ExitCode.FILE, "dtls client: " + bad + ":");
    }

    @Test
    void aFileWithoutPemIsAFileError() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello\n");
        assertOneLineFailure(InProcess.run("server", "--cert", text.toString()),
                ExitCode.FILE, text + ": no PEM block found");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsAFileError() throws Exception {
        CertifiedKey other = SelfSignedCertificate.generate(KeyAlgorithm.EC_P256, "other", List.of(), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
        Path otherKey = dir.resolve("other.key");
        PemFiles.writePrivateKey(otherKey, other.privateKey());
        assertOneLineFailure(InProcess.run("server", "--cert", cert.toString(), "--key", otherKey.toString()),
                ExitCode.FILE, otherKey + ": private key does not match");
    }

    @Test
    void aPortInUseIsANetworkError() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            InProcess.Outcome outcome = InProcess.run("server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                    "--cert", cert.toString(), "--key", key.toString(), "--echo");
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.NETWORK.code());
            assertThat(outcome.err()).contains("dtls server: 127.0.0.1:" + port + ": cannot listen: address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void anUnresolvableHostIsANetworkError() {
        assertOneLineFailure(InProcess.run("client", "no-such-host.invalid:4433", "--insecure"),
                ExitCode.NETWORK, "dtls client: no-such-host.invalid: host name does not resolve");
    }

    @Test
    void noAnswerFromThePeerIsAHandshakeTimeout() throws Exception {
        // a socket that takes the ClientHello and never answers
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InProcess.Outcome outcome = InProcess.run("client", "127.0.0.1:" + silent.getLocalPort(),
                    "--fingerprint", fingerprint(), "--timeout", "1s");
            assertOneLineFailure(outcome, ExitCode.TIMEOUT,
                    "dtls client: 127.0.0.1:" + silent.getLocalPort() + ": handshake timeout:");
        }
    }

    @Test
    void anAlertFromThePeerIsAHandshakeFailureNamingTheAlert() throws Exception {
        // the server has an EC key; a client that offers only RSA suites gets handshake_failure
        assertAlertThenHint(DtlsConfig.builder().certifiedKey(serverKey).build(), "handshake_failure",
                "the server accepts none of the offered cipher suites, groups or signature schemes "
                        + "(offered: suites ECDHE-RSA-AES128-GCM-SHA256; groups X25519:P-256:P-384:P-521); "
                        + "try --ciphers or --groups with what the server supports, or --cert if it requires "
                        + "a client certificate",
                "--fingerprint", fingerprint(), "--ciphers", "ECDHE-RSA-AES128-GCM-SHA256");
    }

    @Test
    void anUntrustedSelfSignedServerCertificateShowsTheFingerprintThatWouldTrustIt() throws Exception {
        CertifiedKey stranger = SelfSignedCertificate.generate("stranger", List.of("127.0.0.1"), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
        Path anchors = dir.resolve("stranger-ca.pem");
        PemFiles.writeCertificates(anchors, stranger.chain());
        try (DtlsServer server = echoServer()) {
            InProcess.Outcome outcome = InProcess.run("client", target(server), "--ca-file", anchors.toString(),
                    "--timeout", "5s");
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.CERTIFICATE.code());
            String[] lines = outcome.errLines();
            assertThat(lines).as(outcome.err()).hasSize(3);
            assertThat(lines[0]).startsWith("dtls client: " + target(server) + ": server certificate CN=localhost rejected:");
            assertThat(lines[1]).isEqualTo("dtls client: the server's certificate is self-signed; to trust exactly "
                    + "this certificate, add --fingerprint '" + fingerprint() + "'");
            assertThat(lines[2]).contains("safe only if you got this fingerprint from a trusted channel");
        }
    }

    @Test
    void theFingerprintShownTrustsTheServer() throws Exception {
        try (DtlsServer server = echoServer()) {
            String wrong = "sha-256 " + "00:".repeat(31) + "00";
            InProcess.Outcome refused = InProcess.run("client", target(server), "--fingerprint", wrong, "--timeout", "5s");
            java.util.regex.Matcher shown = java.util.regex.Pattern.compile("--fingerprint '([^']+)'").matcher(refused.err());
            assertThat(shown.find()).as(refused.err()).isTrue();
            // the argument as printed, given back, completes the handshake (stdin empty: the client then exits 0)
            java.io.InputStream stdin = System.in;
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            try {
                InProcess.Outcome trusted = InProcess.run("client", target(server), "--fingerprint", shown.group(1),
                        "--timeout", "5s", "--linger", "0");
                assertThat(trusted.exitCode()).as(trusted.err()).isZero();
                assertThat(trusted.err()).contains("connected to " + target(server));
            } finally {
                System.setIn(stdin);
            }
        }
    }

    @Test
    void aCertificateThatIsNotPinnedFailsVerification() throws Exception {
        try (DtlsServer server = echoServer()) {
            String wrong = "sha-256 " + "00:".repeat(31) + "00";
            InProcess.Outcome outcome = InProcess.run("client", target(server), "--fingerprint", wrong, "--timeout", "5s");
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.CERTIFICATE.code());
            assertThat(outcome.errLines()[0]).as(outcome.err()).startsWith("dtls client: " + target(server)
                    + ": server certificate CN=localhost rejected:").contains("not the pinned fingerprint");
        }
    }

    @Test
    void withDebugTheStackTraceFollowsTheLine() {
        Path missing = dir.resolve("missing.pem");
        InProcess.Outcome outcome = InProcess.run("--debug", "server", "--cert", missing.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FILE.code());
        assertThat(outcome.errLines()[0]).isEqualTo("dtls server: " + missing + ": file not found");
        assertThat(outcome.err()).contains("\tat ", "CredentialException");
    }

    @Test
    void debugIsAlsoTakenAfterTheSubcommand() {
        InProcess.Outcome outcome = InProcess.run("server", "--cert", dir.resolve("missing.pem").toString(), "--debug");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FILE.code());
        assertThat(outcome.err()).contains("\tat ");
    }

    @Test
    void aKeyLogThatCannotBeWrittenIsAFileError() {
        Path log = dir.resolve("no-such-dir").resolve("keys.log");
        assertOneLineFailure(InProcess.run("client", "127.0.0.1:4433", "--insecure", "--keylog", log.toString()),
                ExitCode.FILE, "cannot write key log: " + log + ": no such file");
    }

    @Test
    void usageErrorsExitWithTwoAndPointAtHelp() {
        InProcess.Outcome[] outcomes = {
                InProcess.run("client", "localhost"),
                InProcess.run("client", "127.0.0.1:4433", "--ciphers", "RC4-MD5"),
                InProcess.run("server", "--groups", "X448"),
                InProcess.run("server", "--mtu", "many"),
                InProcess.run("client"),
                InProcess.run("frobnicate"),
                InProcess.run(),
        };
        for (InProcess.Outcome outcome : outcomes) {
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(outcome.errLines()).as(outcome.err()).hasSize(2);
            assertThat(outcome.errLines()[1]).startsWith("Try 'dtls").endsWith("--help' for more information.");
        }
    }

    @Test
    void contradictoryOptionsAreUsageErrors() {
        assertOneLineFailure(InProcess.run("client", "127.0.0.1:4433", "--insecure", "--fingerprint", fingerprint()),
                ExitCode.USAGE, "--insecure cannot be combined with --ca-file or --fingerprint");
        assertOneLineFailure(InProcess.run("server", "--verify"),
                ExitCode.USAGE, "--verify needs --ca-file or --fingerprint");
        assertOneLineFailure(InProcess.run("server", "--key", key.toString()),
                ExitCode.USAGE, "--key needs --cert");
        assertOneLineFailure(InProcess.run("client", "127.0.0.1:4433", "--fingerprint", "sha-1 AB:CD"),
                ExitCode.USAGE, "--fingerprint 'sha-1 AB:CD'");
        assertOneLineFailure(InProcess.run("server", "--mtu", "100"),
                ExitCode.USAGE, "--mtu: must be 284..65535 over IPv4");
        assertOneLineFailure(InProcess.run("server", "--mtu", "1500", "--max-datagram-size", "1400"),
                ExitCode.USAGE, "--mtu and --max-datagram-size both set the datagram size: give one "
                        + "(--mtu 1500 is --max-datagram-size 1472 here)");
    }

    /** Each row: the message expected, then the command line. */
    static List<List<String>> numbersOutOfRange() {
        return List.of(
                List.of("dtls client: --timeout: must be positive, got 0s",
                        "client", "127.0.0.1:4433", "--insecure", "--timeout", "0"),
                List.of("dtls server: --handshake-timeout: must be positive, got 0s", "server", "--handshake-timeout", "0ms"),
                List.of("dtls server: --naccept: must be at least 1, got 0", "server", "--naccept", "0"),
                List.of("dtls server: --port: must be 0..65535, got 70000", "server", "--port", "70000"),
                List.of("dtls demo: --records: must be at least 1, got 0", "demo", "--records", "0"),
                List.of("dtls demo: --size: must be 4..", "demo", "--records", "1", "--size", "2"),
                List.of("dtls client: --retransmit-timeout: must be 10ms..60s, got 5ms",
                        "client", "127.0.0.1:4433", "--insecure", "--retransmit-timeout", "5ms"),
                List.of("dtls server: --retransmit-timeout: must be 10ms..60s, got 120s", "server", "--retransmit-timeout", "2m"),
                List.of("dtls demo: --mtu: must be 284..65535 over IPv4 (the link MTU less 28 bytes of IP and UDP headers "
                        + "must leave a datagram of at least 256 bytes), got 10", "demo", "--mtu", "10"),
                List.of("dtls client: --mtu: must be 304..65535 over IPv6", "client", "[::1]:4433", "--insecure",
                        "--mtu", "290"),
                List.of("dtls demo: --max-datagram-size: must be 256..65507, got 65508", "demo",
                        "--max-datagram-size", "65508"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("numbersOutOfRange")
    void numbersOutOfRangeNameTheFlagTheRuleAndTheValue(List<String> row) {
        assertOneLineFailure(InProcess.run(row.subList(1, row.size()).toArray(String[]::new)), ExitCode.USAGE, row.get(0));
    }

    @Test
    void aNegativeDurationIsNotADuration() {
        InProcess.Outcome outcome = InProcess.run("client", "127.0.0.1:4433", "--insecure", "--timeout", "-5s");
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(outcome.errLines()[0]).contains("--timeout", "'-5s' is not a duration");
    }

    @Test
    void theRetransmitTimeoutSetsTheFirstTimer() throws Exception {
        // a silent peer sees the ClientHello again after 50 ms, 100 ms, 200 ms, 400 ms: at least 4 in a
        // 1 s handshake, where the default 1 s timer would send at most 2
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            silent.setSoTimeout(100);
            java.util.concurrent.atomic.AtomicInteger hellos = new java.util.concurrent.atomic.AtomicInteger();
            Thread counter = new Thread(() -> {
                java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[2048], 2048);
                long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < end) {
                    try {
                        silent.receive(packet);
                        hellos.incrementAndGet();
                    } catch (java.io.IOException timeout) {
                        // nothing this 100 ms; keep counting until the end
                    }
                }
            });
            counter.start();
            InProcess.Outcome outcome = InProcess.run("client", "127.0.0.1:" + silent.getLocalPort(),
                    "--fingerprint", fingerprint(), "--timeout", "1s", "--retransmit-timeout", "50ms");
            counter.join();
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.TIMEOUT.code());
            assertThat(hellos.get()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aPskTheServerDoesNotHoldIsNamedAfterTheAlert() throws Exception {
        byte[] key = new byte[16];
        java.util.Arrays.fill(key, (byte) 0x42);
        DtlsConfig config = DtlsConfig.builder()
                .pskKeyStore(io.dtls4j.credentials.PskKeyStore.of(io.dtls4j.credentials.PreSharedKey.of("sensor-1", key)))
                .build();
        assertAlertThenHint(config, "decrypt_error", "the server holds a different --psk for this --psk-identity, "
                + "or does not know the identity (a server need not say which)",
                "--psk", "43".repeat(16), "--psk-identity", "sensor-1");
    }

    @Test
    void aClientCertificateTheServerRefusesIsNamedAfterTheAlert() throws Exception {
        CertificateFingerprint someoneElse = CertificateFingerprint.parse("sha-256 " + "00:".repeat(31) + "00");
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey)
                .peerVerifier(io.dtls4j.credentials.PeerVerifiers.fingerprints(List.of(someoneElse)))
                .clientAuth(io.dtls4j.config.ClientAuth.REQUIRED)
                .build();
        assertAlertThenHint(config, "bad_certificate", "the server refused our --cert certificate: it must chain "
                + "to a CA the server trusts or be pinned there by fingerprint",
                "--fingerprint", fingerprint(), "--cert", cert.toString(), "--key", key.toString());
    }

    @Test
    void aPskIdentityTheServerSaysItDoesNotKnowIsNamedAfterTheAlert() throws Exception {
        DtlsConfig config = DtlsConfig.builder()
                .pskKeyStore(io.dtls4j.credentials.PskKeyStore.of(io.dtls4j.credentials.PreSharedKey.of("sensor-1", new byte[16])))
                .rejectUnknownPskIdentity(true)
                .build();
        assertAlertThenHint(config, "unknown_psk_identity", "the server knows no key for our --psk-identity",
                "--psk", "00".repeat(16), "--psk-identity", "sensor-2");
    }

    @Test
    void aPskOnlyClientAtAServerWithoutPskIsToldTheServerMayHaveNoPsk() throws Exception {
        // the server (certificate only) logs "the client offers only PSK cipher suites, and this server has
        // no PSK configured"; the client hears handshake_failure, and the hint says what it likely means
        assertAlertThenHint(DtlsConfig.builder().certifiedKey(serverKey).build(), "handshake_failure",
                "the server accepts none of the offered PSK cipher suites (offered: suites ECDHE-PSK-AES128-GCM-SHA256:"
                        + "ECDHE-PSK-CHACHA20-POLY1305:PSK-AES128-GCM-SHA256:PSK-AES128-CCM; groups X25519:P-256:P-384:P-521): "
                        + "it may have no pre-shared key configured (dtls server needs --psk); try --ciphers with a PSK "
                        + "suite the server supports, or --ca-file/--fingerprint to offer certificate suites too",
                "--psk", "00".repeat(16), "--psk-identity", "sensor-1");
    }

    /**
     * A client run against an echo server of {@code serverConfig} fails with the alert the server sent,
     * exit 6, and exactly one hint line after it.
     */
    private static void assertAlertThenHint(DtlsConfig serverConfig, String alert, String hint, String... clientArgs)
            throws Exception {
        try (DtlsServer server = echoServer(serverConfig)) {
            java.util.List<String> args = new java.util.ArrayList<>(List.of("client", target(server), "--timeout", "5s"));
            args.addAll(List.of(clientArgs));
            InProcess.Outcome outcome = InProcess.run(args.toArray(String[]::new));
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.HANDSHAKE.code());
            assertThat(outcome.errLines()).as(outcome.err()).containsExactly(
                    "dtls client: " + target(server) + ": peer sent fatal alert " + alert, "dtls client: " + hint);
        }
    }

    private static String fingerprint() {
        return CertificateFingerprint.sha256(serverKey.leaf()).toSdp();
    }

    private static DtlsServer echoServer() throws Exception {
        return echoServer(DtlsConfig.builder().certifiedKey(serverKey).build());
    }

    private static DtlsServer echoServer(DtlsConfig config) throws Exception {
        DtlsServer server = DtlsServer.builder(config)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(new EchoListener())
                .threads(1)
                .build();
        server.start();
        return server;
    }

    private static String target(DtlsServer server) {
        return "127.0.0.1:" + server.localAddress().getPort();
    }
}
