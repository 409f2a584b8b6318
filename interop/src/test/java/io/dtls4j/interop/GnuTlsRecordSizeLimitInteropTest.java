package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * record_size_limit (RFC 8449) against GnuTLS, which implements it (OpenSSL 3.0 does not): its
 * {@code --recordsize} option sets the limit it advertises (and it sends the extension by default).
 * Over PSK with AES-128-CCM_8, the IoT
 * profile's suite (RFC 7925), on 127.0.0.1.
 */
@Timeout(60)
class GnuTlsRecordSizeLimitInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String KEY_HEX = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String IDENTITY = "constrained-node";
    private static final PreSharedKey KEY = PreSharedKey.of(IDENTITY, HexFormat.of().parseHex(KEY_HEX));
    private static final CipherSuite SUITE = CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
    /**
     * The limit GnuTLS advertises: 512 is the smallest it takes (its client accepts no server limit
     * below 512, it refuses one with illegal_parameter, and its server ignores smaller client limits).
     */
    private static final int GNUTLS_LIMIT = 512;
    /** What gnutls-cli advertises: above the 1000-byte line the tests send, below what the MTU allows. */
    private static final int GNUTLS_CLIENT_LIMIT = 1024;
    private final List<DtlsServer> servers = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void ourClientWritesWithinTheLimitGnuTlsServerAdvertises() throws Exception {
        PeerProcess.assumeInstalled("gnutls-serv", "gnutls-bin");
        Path passwd = Files.writeString(dir.resolve("psk.passwd"), IDENTITY + ":" + KEY_HEX + "\n");
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = PeerProcess.start(List.of("gnutls-serv", "--udp", "--echo", "--port", String.valueOf(port),
                "--pskpasswd", passwd.toString(), "--recordsize", String.valueOf(GNUTLS_LIMIT),
                "--priority", GnuTlsPskInteropTest.priority(SUITE)), dir)) {
            assertThat(server.awaitOutput("Echo Server listening on IPv4 0.0.0.0 port " + port + "...done", WAIT))
                    .as(server.describe()).isTrue();
            DtlsConfig config = DtlsConfig.builder().psk(KEY).cipherSuites(SUITE).recordSizeLimit(1024).build();
            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port), config, null, WAIT)) {
                // without the server's limit the 1200-byte MTU would allow 1200 - 13 - 16 bytes
                assertThat(client.maxSendSize()).isEqualTo(GNUTLS_LIMIT);
                assertThatThrownBy(() -> client.send(new byte[GNUTLS_LIMIT + 1])).isInstanceOf(IllegalArgumentException.class);
                String line = "within gnutls's record_size_limit\n";
                client.send(line.getBytes(StandardCharsets.US_ASCII));
                byte[] echo = client.receive(WAIT);
                assertThat(echo).as(server.describe()).isNotNull();
                assertThat(new String(echo, StandardCharsets.US_ASCII)).isEqualTo(line);
            }
        }
    }

    @Test
    void gnuTlsClientWritesWithinOurServersLimit() throws Exception {
        RecordingEchoListener listener = new RecordingEchoListener();
        try (PeerProcess client = gnuTlsClientOfOurServer(512, listener)) {
            // gnutls-cli advertised its --recordsize, which bounds what our server sends it (the MTU allows 1171)
            assertThat(listener.sessions().get(0).maxSendSize()).isEqualTo(GNUTLS_CLIENT_LIMIT);
            client.writeLine("y".repeat(300));
            assertThat(listener.await(l -> l.received().size() == 1, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.received().get(0)).hasSize(301);
            // GnuTLS does not split a DTLS record: over our limit (not its own) it refuses to send
            client.writeLine("z".repeat(1000));
            assertThat(client.awaitOutput("The transmitted packet is too large", WAIT)).as(client.describe()).isTrue();
            client.closeStdin();
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
            assertThat(listener.received()).hasSize(1);
            assertThat(listener.failed()).isEmpty();
        }
    }

    @Test
    void withoutOurLimitTheSameGnuTlsClientSendsTheLongLine() throws Exception {
        // the control for the test above: the line fits GnuTLS's MTU and its own limit, so only ours refused it there
        RecordingEchoListener listener = new RecordingEchoListener();
        try (PeerProcess client = gnuTlsClientOfOurServer(0, listener)) {
            client.writeLine("z".repeat(1000));
            assertThat(listener.await(l -> l.received().size() == 1, WAIT)).as(listener + " " + client.describe()).isTrue();
            assertThat(listener.received().get(0)).hasSize(1001);
            client.closeStdin();
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
        }
    }

    /** gnutls-cli connected to a PSK server of ours that advertises {@code ourLimit} (0: none). */
    private PeerProcess gnuTlsClientOfOurServer(int ourLimit, RecordingEchoListener listener) throws Exception {
        PeerProcess.assumeInstalled("gnutls-cli", "gnutls-bin");
        DtlsConfig config = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(KEY)).cipherSuites(SUITE).recordSizeLimit(ourLimit).build();
        DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build();
        servers.add(server);
        server.start();
        PeerProcess client = PeerProcess.start(List.of("gnutls-cli", "--udp", "--port",
                String.valueOf(server.localAddress().getPort()), "--pskusername", IDENTITY, "--pskkey", KEY_HEX,
                "--recordsize", String.valueOf(GNUTLS_CLIENT_LIMIT), "--priority", GnuTlsPskInteropTest.priority(SUITE),
                "127.0.0.1"), dir);
        try {
            assertThat(client.awaitOutput("Handshake was completed", WAIT)).as(client.describe() + " " + listener).isTrue();
            assertThat(listener.await(l -> l.established().size() == 1, WAIT)).as(listener.toString()).isTrue();
            return client;
        } catch (AssertionError e) {
            client.close();
            throw e;
        }
    }

    @AfterEach
    void closeServers() {
        servers.forEach(DtlsServer::close);
    }
}
