package io.dtls4j.cli;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.SavedSession;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code dtls server --io}: on each Netty transport the command serves and echoes like on its own NIO
 * server, with the same per-session lines and negotiation report; unknown or unavailable values are
 * usage errors naming the option.
 */
@Timeout(120)
class ServerIoTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+), [^\\n]*?(sha-256 \\S+)?\\R");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest
    @ValueSource(strings = {"nio", "netty", "netty-nio", "netty-epoll", "netty-io_uring"})
    void echoesWithTheSameSessionLinesOnEveryIo(String io) throws Exception {
        assumeAvailable(io);
        Running server = Running.start("server", "--port", "0", "--echo", "--naccept", "1", "--io", io);
        DtlsConfig config = DtlsConfig.builder()
                .peerVerifier(PeerVerifiers.fingerprints(List.of(CertificateFingerprint.parse(server.fingerprint())))).build();
        try (DtlsClient client = DtlsClient.connect(server.address(), config, null, WAIT)) {
            Random random = new Random(7);
            for (int size : new int[]{1, 100, 1000, client.maxSendSize()}) {
                byte[] message = new byte[size];
                random.nextBytes(message);
                client.send(message);
                assertThat(client.receive(WAIT)).as("echo of %d bytes on %s", size, io).isEqualTo(message);
            }
        }
        String err = server.awaitExit(0);
        String peer = "127\\.0\\.0\\.1:\\d+";
        assertThat(err).containsPattern(peer + ": connected, DTLSv1\\.2 ECDHE-ECDSA-\\S+")
                .containsPattern(peer + ": closed");
        if (io.equals("nio")) {
            assertThat(err).doesNotContain("I/O:");
        } else {
            String expected = io.equals("netty") ? (Epoll.isAvailable() ? "epoll" : "nio") : io.substring("netty-".length());
            assertThat(err).contains("I/O: Netty " + expected + "\n");
        }
    }

    @Test
    void nettyHonoursPskSrtpAlpnAndExport() throws Exception {
        byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        Running server = Running.start("server", "--port", "0", "--echo", "--naccept", "1", "--io", "netty-nio",
                "--psk", "00112233445566778899aabbccddeeff", "--psk-identity", "sensor-1",
                "--srtp", "SRTP_AES128_CM_SHA1_80", "--alpn", "coap", "--export", "EXTRACTOR-dtls_srtp:16");
        DtlsConfig config = DtlsConfig.builder().psk(PreSharedKey.of("sensor-1", key))
                .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80).applicationProtocols("coap").build();
        byte[] exported;
        try (DtlsClient client = DtlsClient.connect(server.address(), config, null, WAIT)) {
            exported = client.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 16);
            client.send("psk ping".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.receive(WAIT)).asString(StandardCharsets.US_ASCII).isEqualTo("psk ping");
            assertThat(client.session().cipherSuite().name()).contains("PSK");
        }
        String err = server.awaitExit(0);
        assertThat(err).contains("PSK only (identity sensor-1)", "SRTP profile: SRTP_AES128_CM_SHA1_80",
                "ALPN protocol: coap", ExportRequest.line(exported));
    }

    /**
     * The server's session cache and tickets are on by default on every --io: on Netty a second
     * connection resumes, from the ticket (a client that asks for tickets) and from the session ID (one
     * that does not), and the server's line says so.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void nettyResumesSessionsByDefault(boolean tickets) throws Exception {
        Running server = Running.start("server", "--port", "0", "--echo", "--naccept", "2", "--io", "netty-nio");
        DtlsConfig config = DtlsConfig.builder().sessionTickets(tickets)
                .peerVerifier(PeerVerifiers.fingerprints(List.of(CertificateFingerprint.parse(server.fingerprint())))).build();
        SavedSession saved;
        try (DtlsClient first = DtlsClient.connect(server.address(), config, null, WAIT)) {
            assertThat(first.resumed()).isFalse();
            saved = first.savedSession();
        }
        assertThat(saved).as("a session to resume").isNotNull();
        assertThat(saved.session().hasTicket()).isEqualTo(tickets);
        try (DtlsClient second = DtlsClient.connect(server.address(), config, null, saved, WAIT)) {
            assertThat(second.resumed()).as("second connection resumed (tickets %s)", tickets).isTrue();
            second.send(new byte[] {1, 2, 3});
            assertThat(second.receive(WAIT)).isEqualTo(new byte[] {1, 2, 3});
        }
        String err = server.awaitExit(0);
        assertThat(err).contains("New session").contains("Reused session");
    }

    @Test
    void anUnknownIoIsAUsageErrorListingTheValues() {
        InProcess.Outcome outcome = InProcess.run("server", "--io", "kqueue");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(outcome.errLines()[0]).as(outcome.err()).startsWith("dtls server: ").contains("--io")
                .contains("unknown I/O 'kqueue'; use one of nio, netty, netty-nio, netty-epoll, netty-io_uring");
    }

    @Test
    void anUnavailableNettyTransportIsRefusedWithItsCause() throws CliException {
        assertThat(new ServerIo.Converter().convert("Netty-IO-URING")).isEqualTo(ServerIo.NETTY_IO_URING);
        assertThat(ServerIo.NETTY.resolve()).isEqualTo(Epoll.isAvailable() ? ServerIo.NETTY_EPOLL : ServerIo.NETTY_NIO);
        if (IoUring.isAvailable()) {
            assertThat(ServerIo.NETTY_IO_URING.resolve()).isEqualTo(ServerIo.NETTY_IO_URING);
        } else {
            InProcess.Outcome outcome = InProcess.run("server", "--io", "netty-io_uring", "--port", "0");
            assertThat(outcome.exitCode()).isEqualTo(ExitCode.USAGE.code());
            assertThat(outcome.err()).contains("--io netty-io_uring: not available on this machine (");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netty-nio", "netty-epoll", "netty-io_uring"})
    void aPortInUseIsTheSameNetworkErrorOnNetty(String io) throws Exception {
        assumeAvailable(io);
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            InProcess.Outcome outcome = InProcess.run("server", "--io", io, "--bind", "127.0.0.1", "--port", String.valueOf(port));
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.NETWORK.code());
            assertThat(outcome.err()).contains("dtls server: 127.0.0.1:" + port + ": cannot listen: address already in use");
        }
    }

    private static void assumeAvailable(String io) {
        if (io.equals("netty-epoll")) {
            assumeTrue(Epoll.isAvailable(), () -> "epoll not available here: " + Epoll.unavailabilityCause());
        } else if (io.equals("netty-io_uring")) {
            assumeTrue(IoUring.isAvailable(), () -> "io_uring not available here: " + IoUring.unavailabilityCause());
        }
    }

    /** {@code dtls server} running in this JVM on another thread, its stderr captured. */
    private record Running(StringWriter err, CompletableFuture<Integer> exit, Matcher listening) {
        static Running start(String... args) throws Exception {
            CommandLine cl = Main.commandLine();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--bind", "127.0.0.1"));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(all.toArray(String[]::new)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(err.toString());
                if (m.find()) {
                    return new Running(err, exit, m);
                }
                if (exit.isDone()) {
                    throw new AssertionError("the server exited with " + exit.get() + ": " + err);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the server did not start listening: " + err);
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", Integer.parseInt(listening.group(1)));
        }

        String fingerprint() {
            return listening.group(2);
        }

        /** Waits for the command to end (--naccept), checks its exit code and returns what it printed. */
        String awaitExit(int code) throws Exception {
            assertThat(exit.get(20, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(code);
            return err.toString();
        }
    }
}
