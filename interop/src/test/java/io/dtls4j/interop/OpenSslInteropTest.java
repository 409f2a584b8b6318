package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dtls4j against OpenSSL's {@code s_server} and {@code s_client} in DTLS 1.2 mode on 127.0.0.1.
 * One case makes OpenSSL fragment its flights ({@code -mtu 300}), which exercises our reassembly;
 * one makes dtls4j fragment instead.
 */
@Timeout(60)
class OpenSslInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    static final List<CipherSuite> SUITES = List.of(
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);

    @TempDir
    Path dir;

    @BeforeAll
    static void openSslIsInstalled() {
        PeerProcess.assumeInstalled("openssl", "openssl");
    }

    static Stream<Arguments> suitesWithAndWithoutCookies() {
        List<Arguments> cases = new ArrayList<>();
        for (CipherSuite suite : SUITES) {
            cases.add(Arguments.of(suite, true));
            cases.add(Arguments.of(suite, false));
        }
        return cases.stream();
    }

    /** Starts {@code openssl s_server -dtls1_2} for one connection and waits until it accepts. */
    static PeerProcess startServer(Path dir, CipherSuite suite, int port, List<String> extra) throws Exception {
        return startServer(dir, InteropCredentials.server(InteropCredentials.forSuite(suite)), suite, port, extra);
    }

    /** The same with {@code serverKey} as s_server's certificate and key. */
    static PeerProcess startServer(Path dir, CertifiedKey serverKey, CipherSuite suite, int port, List<String> extra) throws Exception {
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-dtls1_2",
                "-accept", "127.0.0.1:" + port, "-cert", pem.certificate().toString(), "-key", pem.privateKey().toString(),
                "-cipher", suite.openSslName(), "-naccept", "1"));
        command.addAll(extra);
        PeerProcess server = PeerProcess.start(command, dir);
        if (!server.awaitOutput("ACCEPT", WAIT)) {
            server.close();
            throw new AssertionError("s_server did not start; " + server.describe());
        }
        return server;
    }

    static DtlsConfig.Builder clientConfig(CipherSuite suite) {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        return DtlsConfig.builder().peerVerifier(InteropCredentials.expecting(serverKey.leaf()));
    }

    /** Our client: handshake, a line each way, close_notify; s_server must see all of it and exit cleanly. */
    static void talkToServer(PeerProcess server, InetSocketAddress address, DtlsConfig config, CipherSuite suite) throws Exception {
        try (DtlsClient client = DtlsClient.connect(address, config, InteropCredentials.SERVER_NAME, WAIT)) {
            SessionInfo session = client.session();
            assertThat(session.cipherSuite()).isEqualTo(suite);
            assertThat(session.protocolVersion()).isEqualTo("DTLSv1.2");
            assertThat(session.extendedMasterSecret()).isTrue();
            assertThat(session.peerCertificates()).hasSize(1);

            String toServer = "hello from dtls4j over " + suite.openSslName();
            client.send((toServer + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(server.awaitOutput(toServer, WAIT)).as(server.describe()).isTrue();

            server.writeLine("hello back from openssl");
            byte[] reply = client.receive(WAIT);
            assertThat(reply).as("s_server's line; " + server.describe()).isNotNull();
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("hello back from openssl\n");
        }
        // close() sent close_notify: s_server ends the connection and, with -naccept 1, exits
        assertThat(server.awaitExit(WAIT)).as(server.describe()).isEqualTo(0);
        assertThat(server.output()).contains("CIPHER is " + suite.openSslName()).contains("DONE");
    }

    @ParameterizedTest(name = "{0}, s_server -listen (cookie exchange): {1}")
    @MethodSource("suitesWithAndWithoutCookies")
    void ourClientTalksToOpenSslServer(CipherSuite suite, boolean listen) throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startServer(dir, suite, port, listen ? List.of("-listen") : List.of())) {
            talkToServer(server, LoopbackPorts.loopback(port), clientConfig(suite).build(), suite);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = InteropCredentials.KeyType.class, names = {"EC_P384", "EC_P521"})
    void ourClientAcceptsOpenSslServerKeysOnP384AndP521(InteropCredentials.KeyType keyType) throws Exception {
        // DTLS 1.2: OpenSSL signs its ServerKeyExchange with the first ECDSA scheme we offer (SHA-256),
        // whatever its key's curve (RFC 5246 §7.4.1.4.1)
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CertifiedKey serverKey = InteropCredentials.server(keyType);
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startServer(dir, serverKey, suite, port, List.of())) {
            DtlsConfig config = DtlsConfig.builder().peerVerifier(InteropCredentials.expecting(serverKey.leaf())).build();
            talkToServer(server, LoopbackPorts.loopback(port), config, suite);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = InteropCredentials.KeyType.class, names = {"EC_P384", "EC_P521"})
    void openSslClientAcceptsOurServerKeysOnP384AndP521(InteropCredentials.KeyType keyType) throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CertifiedKey serverKey = InteropCredentials.server(keyType);
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server-" + keyType);
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + server.localAddress().getPort(), "-cipher", suite.openSslName(),
                    "-CAfile", pem.certificate().toString(), "-verify_return_error",
                    "-servername", InteropCredentials.SERVER_NAME), dir)) {
                assertThat(client.awaitOutput("Cipher is " + suite.openSslName(), WAIT)).as(client.describe()).isTrue();
                assertThat(client.output()).contains("Verification: OK");
                String line = "echo for a " + keyType + " server";
                client.writeLine(line);
                assertThat(client.awaitOutput(line + "\n", WAIT)).as(client.describe()).isTrue();
                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
                assertThat(listener.failed()).isEmpty();
            }
        }
    }

    @Test
    void ourClientFragmentsItsFlightsForA256ByteMtuAndOpenSslReassemblesThem() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startServer(dir, suite, port, List.of("-mtu", "1200"))) {
            talkToServer(server, LoopbackPorts.loopback(port), clientConfig(suite).mtu(256).build(), suite);
        }
    }

    @Test
    void openSslFragmentsItsFlightsForA300ByteMtuAndOurClientReassemblesThem() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startServer(dir, suite, port, List.of("-mtu", "300"));
             LossyRelay counter = new LossyRelay(LoopbackPorts.loopback(port), Integer.MAX_VALUE, 0, 0)) {
            // the relay damages nothing here: it only shows that OpenSSL's flights came in many datagrams
            talkToServer(server, counter.address(), clientConfig(suite).build(), suite);
            assertThat(counter.forwarded()).isGreaterThan(10);
        }
    }

    static Stream<Arguments> suitesOnEachServer() {
        return ServerUnderTest.crossed(SUITES);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("suitesOnEachServer")
    void openSslClientTalksToOurServer(CipherSuite suite, ServerUnderTest serverUnderTest) throws Exception {
        openSslClientTalksToOurServer(dir, suite, serverUnderTest);
    }

    /** s_client with {@code suite} against our DtlsServer, which lists only that suite: a line each way, then close_notify. */
    static void openSslClientTalksToOurServer(Path dir, CipherSuite suite) throws Exception {
        openSslClientTalksToOurServer(dir, suite, ServerUnderTest.DTLS_SERVER);
    }

    /** The same against {@code serverUnderTest}. */
    static void openSslClientTalksToOurServer(Path dir, CipherSuite suite, ServerUnderTest serverUnderTest) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).cipherSuites(suite).build();
        try (ServerUnderTest.Running server = serverUnderTest.start(config, listener)) {
            int port = server.localAddress().getPort();
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + port, "-cipher", suite.openSslName(),
                    "-CAfile", pem.certificate().toString(), "-verify_return_error",
                    "-servername", InteropCredentials.SERVER_NAME), dir)) {
                assertThat(client.awaitOutput("Cipher is " + suite.openSslName(), WAIT)).as(client.describe()).isTrue();
                assertThat(client.output()).contains("Verification: OK");
                assertThat(listener.await(l -> l.established().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(listener.established().get(0).cipherSuite()).isEqualTo(suite);
                assertThat(listener.established().get(0).extendedMasterSecret()).isTrue();

                String line = "echo me, dtls4j (" + suite.openSslName() + ")";
                client.writeLine(line);
                assertThat(listener.await(l -> l.received().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(new String(listener.received().get(0), StandardCharsets.US_ASCII)).isEqualTo(line + "\n");
                // s_client prints what our server echoed: the line appears in its output only then
                assertThat(client.awaitOutput(line, WAIT)).as(client.describe()).isTrue();

                // end of input: s_client sends close_notify and exits
                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
                assertThat(listener.await(l -> l.closed().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(listener.failed()).isEmpty();
            }
        }
    }

    /** Our server on 127.0.0.1, an ephemeral port, presenting {@code serverKey}, started. */
    private static DtlsServer startedServer(CertifiedKey serverKey, RecordingEchoListener listener) throws Exception {
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).build();
        DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build();
        server.start();
        return server;
    }

    /**
     * {@code -mtu 256} makes s_client send its ClientHello in fragments across datagrams before any
     * cookie (RFC 6347 §4.2.3); the server reassembles it ahead of the cookie gate.
     */
    @Test
    void openSslClientWithMtu256FragmentsItsClientHelloAndCompletes() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        try (DtlsServer server = startedServer(serverKey, listener)) {
            int port = server.localAddress().getPort();
            // s_client's default cipher list: its ClientHello with our cookie no longer fits 256 bytes
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2", "-mtu", "256",
                    "-connect", "127.0.0.1:" + port,
                    "-CAfile", pem.certificate().toString(), "-verify_return_error",
                    "-servername", InteropCredentials.SERVER_NAME), dir)) {
                assertThat(client.awaitOutput("Cipher is " + suite.openSslName(), WAIT)).as(client.describe()).isTrue();
                assertThat(listener.await(l -> l.established().size() == 1, WAIT)).as(listener.toString()).isTrue();
                String line = "echo me through a 256-byte MTU";
                client.writeLine(line);
                assertThat(client.awaitOutput(line, WAIT)).as(client.describe()).isTrue();
                // the listener echoes before it records: wait for the record too
                assertThat(listener.await(l -> l.received().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(new String(listener.received().get(0), StandardCharsets.US_ASCII)).isEqualTo(line + "\n");
                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
                assertThat(listener.failed()).isEmpty();
            }
            // at least the ClientHello with the cookie came in fragments
            assertThat(server.stats().clientHellosReassembled()).isPositive();
            assertThat(server.stats().clientHelloReassemblyDropped()).isZero();
        }
    }

    @Test
    void severalOpenSslClientsAreServedSideBySideByOneServer() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        int clients = 4;
        try (DtlsServer server = startedServer(serverKey, listener)) {
            int port = server.localAddress().getPort();
            List<PeerProcess> processes = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    processes.add(PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                            "-connect", "127.0.0.1:" + port, "-cipher", suite.openSslName(),
                            "-CAfile", pem.certificate().toString(), "-verify_return_error",
                            "-servername", InteropCredentials.SERVER_NAME), dir));
                }
                // every session is up at the same time before any of them sends or closes
                assertThat(listener.await(l -> l.established().size() == clients, WAIT)).as(listener.toString()).isTrue();
                for (int i = 0; i < clients; i++) {
                    processes.get(i).writeLine("client " + i + " says hello");
                }
                for (int i = 0; i < clients; i++) {
                    PeerProcess client = processes.get(i);
                    assertThat(client.awaitOutput("client " + i + " says hello", WAIT)).as(client.describe()).isTrue();
                    assertThat(client.output()).doesNotContain("client " + ((i + 1) % clients) + " says hello");
                }
                assertThat(server.stats().sessions()).isEqualTo(clients);
                for (PeerProcess client : processes) {
                    client.closeStdin();
                    assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
                }
                assertThat(listener.await(l -> l.closed().size() == clients, WAIT)).as(listener.toString()).isTrue();
                assertThat(listener.failed()).isEmpty();
            } finally {
                for (PeerProcess client : processes) {
                    client.close();
                }
            }
        }
    }

    static Stream<CipherSuite> suites() {
        return SUITES.stream();
    }

    @Test
    void ourServerAnswersOpenSslWithAnAlertWhenNoSuiteIsShared() throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.KeyType.EC_P256);
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            int port = server.localAddress().getPort();
            // an RSA suite against an EC-only server
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + port, "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"), dir)) {
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isNotNull().isNotEqualTo(0);
                assertThat(client.output()).contains("handshake failure");
            }
            assertThat(listener.established()).isEmpty();
        }
    }

    @Test
    void openSslServerRefusesOurClientWhenNoSuiteIsShared() throws Exception {
        CipherSuite serverSuite = CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startServer(dir, serverSuite, port, List.of())) {
            DtlsConfig config = clientConfig(serverSuite).cipherSuites(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256).build();
            Throwable thrown = null;
            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port), config, InteropCredentials.SERVER_NAME, WAIT)) {
                client.receive(Duration.ofMillis(10));
            } catch (io.dtls4j.DtlsException | EOFException e) {
                thrown = e;
            }
            assertThat(thrown).isInstanceOf(io.dtls4j.DtlsException.class);
            assertThat(((io.dtls4j.DtlsException) thrown).alert()).isEqualTo(io.dtls4j.AlertDescription.HANDSHAKE_FAILURE);
            assertThat(((io.dtls4j.DtlsException) thrown).alertFromPeer()).isTrue();
        }
    }
}
