package io.dtls4j.cli;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.credentials.SelfSignedCertificate;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsTimeoutException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** dtls server's status line and its summary on Ctrl-C (the shutdown hook) or at the end of --naccept. */
class ServerSummaryTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+), .* sha-256 (\\S+)");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ServerTotals stats(long sessions, long completed, long timeouts, long localAlerts, long peerAlerts,
                                      long closed, long failed, long bytesIn, long bytesOut) {
        return new ServerTotals(sessions, completed, timeouts + localAlerts + peerAlerts, closed, failed, bytesIn, bytesOut);
    }

    @Test
    void summaryCountsHandshakesSessionsBytesAndFailuresByReason() {
        ServerSummary summary = new ServerSummary();
        summary.handshakeFailed(new DtlsTimeoutException("no answer"));
        summary.handshakeFailed(new DtlsException(AlertDescription.BAD_CERTIFICATE, true, "refused", null));
        summary.handshakeFailed(new DtlsException(AlertDescription.BAD_CERTIFICATE, true, "refused", null));
        summary.handshakeFailed(new DtlsException(AlertDescription.HANDSHAKE_FAILURE, false, "no suite", null));

        // one failure more in the counters than the listener heard of: shown as "other"
        assertThat(summary.lines(stats(1, 5, 1, 1, 3, 3, 1, 4096, 2048))).containsExactly(
                "summary: 5 handshakes completed, 5 failed; sessions 3 closed, 1 failed, 1 open; 4096 bytes in, 2048 bytes out",
                "handshakes failed: 2 bad_certificate (from peer), 1 handshake_failure (sent), 1 other, 1 timeout");
        assertThat(new ServerSummary().lines(stats(0, 0, 0, 0, 0, 0, 0, 0, 0))).containsExactly(
                "summary: 0 handshakes completed, 0 failed; sessions 0 closed, 0 failed, 0 open; 0 bytes in, 0 bytes out");
    }

    @Test
    void statusLineShowsConnectedPeersHandshakesAndBytesForAPerson() {
        assertThat(ServerSummary.statusLine(stats(2, 7, 0, 1, 0, 5, 0, 1536, 5L * 1024 * 1024)))
                .isEqualTo("2 connected | 7 handshakes, 1 failed | in 1.5 KB, out 5.0 MB");
        assertThat(ServerSummary.bytes(1023)).isEqualTo("1023 B");
        assertThat(ServerSummary.bytes(1024)).isEqualTo("1.0 KB");
    }

    @Test
    void onATerminalTheStatusLineIsRedrawnInPlaceAndKeptUnderPrintedLines() {
        StringWriter text = new StringWriter();
        ProgressBar screen = new ProgressBar(new PrintWriter(text), true);
        screen.status("1 connected");
        screen.println("127.0.0.1:5000: closed");
        screen.status("0 up");
        screen.clearStatus();
        assertThat(text.toString()).isEqualTo("\r1 connected"
                + "\r           \r127.0.0.1:5000: closed" + System.lineSeparator() + "1 connected"
                + "\r0 up       "
                + "\r    \r");

        StringWriter plain = new StringWriter();
        ProgressBar pipe = new ProgressBar(new PrintWriter(plain), false);
        pipe.status("1 connected");
        pipe.println("a line");
        pipe.clearStatus();
        assertThat(plain.toString()).isEqualTo("a line" + System.lineSeparator());
    }

    @Test
    void aDumbTerminalOrNoConsoleGetsPlainLines() {
        assertThat(ProgressBar.interactive(true, "xterm-256color")).isTrue();
        assertThat(ProgressBar.interactive(true, null)).isTrue();
        assertThat(ProgressBar.interactive(true, "dumb")).isFalse();
        assertThat(ProgressBar.interactive(false, "xterm")).isFalse();
    }

    /** A {@code dtls server} command running on its own thread, once it listens. */
    private record RunningServer(CommandLine cl, Thread run, StringWriter err, AtomicInteger exit,
                                 InetSocketAddress address, Matcher listening) {
        static RunningServer start(String... args) throws InterruptedException {
            CommandLine cl = Main.commandLine();
            StringWriter err = new StringWriter();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            AtomicInteger exit = new AtomicInteger(-1);
            Thread run = new Thread(() -> exit.set(cl.execute(args)), "server-under-test");
            run.start();
            Matcher listening = awaitLine(err, LISTENING);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(listening.group(1)));
            return new RunningServer(cl, run, err, exit, address, listening);
        }
    }

    @Test
    void theShutdownHookStopsTheServerAndPrintsTheSummary() throws Exception {
        RunningServer server = RunningServer.start("server", "--port", "0", "--echo");
        CommandLine cl = server.cl();
        StringWriter err = server.err();
        Thread run = server.run();
        AtomicInteger exit = server.exit();
        InetSocketAddress address = server.address();
        Matcher listening = server.listening();
        CertificateFingerprint fingerprint = CertificateFingerprint.parse("sha-256 " + listening.group(2));

        DtlsConfig trusting = DtlsConfig.builder().peerVerifier(PeerVerifiers.fingerprints(fingerprint)).build();
        try (DtlsClient client = DtlsClient.connect(address, trusting, null, WAIT)) {
            client.send("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.receive(WAIT)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        }
        CertificateFingerprint other = CertificateFingerprint.sha256(SelfSignedCertificate.generate("other", List.of(),
                Duration.ofDays(1), new SecureRandom(), System.currentTimeMillis()).leaf());
        DtlsConfig distrusting = DtlsConfig.builder().peerVerifier(PeerVerifiers.fingerprints(other)).build();
        DtlsException refused = catchThrowableOfType(() -> DtlsClient.connect(address, distrusting, null, WAIT).close(),
                DtlsException.class);
        assertThat(refused.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
        awaitLine(err, Pattern.compile("fatal alert bad_certificate"));

        ServerCommand command = (ServerCommand) cl.getSubcommands().get("server").getCommandSpec().userObject();
        command.stop.run(); // what the shutdown hook runs on Ctrl-C
        run.join(WAIT.toMillis());
        assertThat(run.isAlive()).as("the server command returned").isFalse();
        assertThat(exit.get()).as("the status of the first failure, as --naccept gives").isEqualTo(ExitCode.HANDSHAKE.code());

        List<String> lines = err.toString().lines().toList();
        List<String> summary = lines.stream().filter(l -> l.startsWith("summary: ") || l.startsWith("handshakes failed: ")).toList();
        assertThat(summary).hasSize(2);
        assertThat(summary.get(0)).startsWith("summary: 1 handshakes completed, 1 failed; sessions 1 closed, 0 failed, 0 open; ")
                .matches("summary: .*; [1-9]\\d* bytes in, [1-9]\\d* bytes out");
        assertThat(summary.get(1)).isEqualTo("handshakes failed: 1 bad_certificate (from peer)");
        assertThat(lines.get(lines.size() - 2)).as("the summary comes last, once").isEqualTo(summary.get(0));
        assertThat(err.toString()).as("no carriage return off a terminal").doesNotContain("\r");

        command.stop.run(); // the normal stop after the hook: nothing more is printed
        assertThat(err.toString().lines().filter(l -> l.startsWith("summary: "))).hasSize(1);
    }

    @Test
    void theEndOfNacceptAlsoPrintsTheSummary() throws Exception {
        RunningServer server = RunningServer.start("server", "--port", "0", "--echo", "--naccept", "1");
        StringWriter err = server.err();
        Thread run = server.run();
        AtomicInteger exit = server.exit();
        InetSocketAddress address = server.address();
        DtlsConfig insecure = DtlsConfig.builder().peerVerifier(PeerVerifiers.insecureAcceptAnyCertificate()).build();
        DtlsClient.connect(address, insecure, null, WAIT).close();
        run.join(WAIT.toMillis());
        assertThat(run.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(err.toString().lines().filter(l -> l.startsWith("summary: ")).toList()).singleElement()
                .asString().startsWith("summary: 1 handshakes completed, 0 failed; sessions 1 closed, 0 failed, 0 open; ");
    }

    /** Polls the captured stderr until a line matches; bounded by {@link #WAIT}. */
    private static Matcher awaitLine(StringWriter err, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : err.toString().lines().toList()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line matching " + pattern + " in:\n" + err);
    }
}
