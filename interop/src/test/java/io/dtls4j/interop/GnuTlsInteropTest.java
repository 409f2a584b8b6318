package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dtls4j against GnuTLS's {@code gnutls-serv --udp --echo} and {@code gnutls-cli --udp} (Debian's
 * gnutls-bin) on 127.0.0.1. Skipped when the programs are not installed. (gnutls-serv has no option
 * to bind one address: it listens on every interface while the test runs; the test only talks over
 * loopback.)
 */
@Timeout(60)
class GnuTlsInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    static Stream<CipherSuite> suites() {
        return OpenSslInteropTest.SUITES.stream();
    }

    /** A GnuTLS priority string that allows DTLS 1.2 with exactly {@code suite}. */
    static String priority(CipherSuite suite) {
        String cipher;
        switch (suite.aead()) {
            case AES_128_GCM: cipher = "AES-128-GCM"; break;
            case AES_256_GCM: cipher = "AES-256-GCM"; break;
            default: cipher = "CHACHA20-POLY1305"; break;
        }
        String kx = suite.keyExchange() == CipherSuite.KeyExchange.ECDHE_RSA ? "ECDHE-RSA" : "ECDHE-ECDSA";
        return "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:+" + cipher + ":-KX-ALL:+" + kx;
    }

    /** {@code gnutls-serv --udp --echo} with {@code pem}'s key on {@code port}, allowing only {@code suite}, once it listens. */
    static PeerProcess startEchoServer(Path dir, InteropCredentials.PemFiles pem, int port, CipherSuite suite,
                                       List<String> moreOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of("gnutls-serv", "--udp", "--echo", "--port", String.valueOf(port),
                "--x509certfile", pem.certificate().toString(), "--x509keyfile", pem.privateKey().toString(),
                "--priority", priority(suite)));
        command.addAll(moreOptions);
        PeerProcess server = PeerProcess.start(command, dir);
        // "...done" is printed once the socket is bound; before it, our ClientHello would meet ICMP
        // port unreachable, on which DtlsClient.connect gives up
        if (!server.awaitOutput("Echo Server listening on IPv4 0.0.0.0 port " + port + "...done", WAIT)) {
            server.close();
            throw new AssertionError("gnutls-serv did not start listening; " + server.describe());
        }
        return server;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void ourClientTalksToGnuTlsEchoServer(CipherSuite suite) throws Exception {
        PeerProcess.assumeInstalled("gnutls-serv", "gnutls-bin");
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startEchoServer(dir, pem, port, suite, List.of())) {
            DtlsConfig config = DtlsConfig.builder().peerVerifier(InteropCredentials.expecting(serverKey.leaf())).build();

            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port), config, InteropCredentials.SERVER_NAME, WAIT)) {
                assertThat(client.session().cipherSuite()).isEqualTo(suite);
                assertThat(client.session().extendedMasterSecret()).isTrue();
                for (int i = 0; i < 5; i++) {
                    String line = "message " + i + " to gnutls over " + suite.openSslName() + "\n";
                    client.send(line.getBytes(StandardCharsets.US_ASCII));
                    byte[] echo = client.receive(WAIT);
                    assertThat(echo).as(server.describe()).isNotNull();
                    assertThat(new String(echo, StandardCharsets.US_ASCII)).isEqualTo(line);
                }
            }
            // gnutls-serv logs each record it processes; its output may trail the echo we already got
            assertThat(server.awaitOutput("Processing", WAIT)).as(server.describe()).isTrue();
            assertThat(server.output()).doesNotContain("Error");
        }
    }

    static Stream<Arguments> suitesOnEachServer() {
        return ServerUnderTest.crossed(OpenSslInteropTest.SUITES);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("suitesOnEachServer")
    void gnuTlsClientTalksToOurServer(CipherSuite suite, ServerUnderTest serverUnderTest) throws Exception {
        PeerProcess.assumeInstalled("gnutls-cli", "gnutls-bin");
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).build();
        try (ServerUnderTest.Running server = serverUnderTest.start(config, listener)) {
            int port = server.localAddress().getPort();
            try (PeerProcess client = PeerProcess.start(List.of("gnutls-cli", "--udp", "--port", String.valueOf(port),
                    "--x509cafile", pem.certificate().toString(), "--verify-hostname", InteropCredentials.SERVER_NAME,
                    "--priority", priority(suite), "127.0.0.1"), dir)) {
                assertThat(client.awaitOutput("Handshake was completed", WAIT)).as(client.describe()).isTrue();
                assertThat(client.output()).contains("The certificate is trusted").contains("extended master secret");
                assertThat(listener.await(l -> l.established().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(listener.established().get(0).cipherSuite()).isEqualTo(suite);

                String line = "echo me, dtls4j (gnutls, " + suite.openSslName() + ")";
                client.writeLine(line);
                assertThat(listener.await(l -> l.received().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(client.awaitOutput(line, WAIT)).as(client.describe()).isTrue();

                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
                assertThat(listener.await(l -> l.closed().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(listener.failed()).isEmpty();
            }
        }
    }
}
