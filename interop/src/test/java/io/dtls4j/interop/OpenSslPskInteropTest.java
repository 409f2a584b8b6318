package io.dtls4j.interop;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PSK (RFC 4279) and ECDHE_PSK (RFC 5489) against OpenSSL's {@code s_server -nocert -psk} and
 * {@code s_client -psk}, DTLS 1.2 on 127.0.0.1, both directions, with the suites CoAP devices use
 * (PSK-AES128-CCM8, RFC 7925) and the forward-secret ECDHE-PSK-CHACHA20-POLY1305.
 */
@Timeout(60)
class OpenSslPskInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";
    private static final String IDENTITY = "sensor-42";
    private static final PreSharedKey KEY = PreSharedKey.of(IDENTITY, HexFormat.of().parseHex(KEY_HEX));

    @TempDir
    Path dir;

    @BeforeAll
    static void openSslIsInstalled() {
        PeerProcess.assumeInstalled("openssl", "openssl");
    }

    private PeerProcess startServer(CipherSuite suite, int port, String keyHex) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-nocert", "-psk", keyHex, "-psk_identity", IDENTITY, "-psk_hint", "coap-gw", "-cipher", suite.openSslName(),
                "-naccept", "1"));
        PeerProcess server = PeerProcess.start(command, dir);
        if (!server.awaitOutput("ACCEPT", WAIT)) {
            server.close();
            throw new AssertionError("s_server did not start; " + server.describe());
        }
        return server;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CipherSuite.class, names = {"TLS_PSK_WITH_AES_128_CCM_8", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_PSK_WITH_AES_128_GCM_SHA256", "TLS_PSK_WITH_AES_128_CCM", "TLS_PSK_WITH_AES_256_CCM_8"})
    void ourClientTalksToOpenSslServer(CipherSuite suite) throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        List<String> hints = new ArrayList<>();
        DtlsConfig config = DtlsConfig.builder().cipherSuites(suite).pskClient(hint -> {
            hints.add(hint);
            return KEY;
        }).build();
        try (PeerProcess server = startServer(suite, port, KEY_HEX)) {
            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port), config, null, WAIT)) {
                SessionInfo session = client.session();
                assertThat(session.cipherSuite()).isEqualTo(suite);
                assertThat(session.pskIdentity()).isEqualTo(IDENTITY);
                assertThat(session.extendedMasterSecret()).isTrue();
                String line = "psk hello over " + suite.openSslName();
                client.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(server.awaitOutput(line, WAIT)).as(server.describe()).isTrue();
                server.writeLine("psk reply");
                byte[] reply = client.receive(WAIT);
                assertThat(reply).as(server.describe()).isNotNull();
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("psk reply\n");
            }
            assertThat(server.awaitExit(WAIT)).as(server.describe()).isEqualTo(0);
            assertThat(server.output()).contains("CIPHER is " + suite.openSslName());
        }
        assertThat(hints).containsExactly("coap-gw");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CipherSuite.class, names = {"TLS_PSK_WITH_AES_128_CCM_8", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_PSK_WITH_AES_128_GCM_SHA256"})
    void openSslClientTalksToOurPskOnlyServer(CipherSuite suite) throws Exception {
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(KEY)).pskIdentityHint("dtls4j-gw")
                .cipherSuites(suite).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + server.localAddress().getPort(), "-cipher", suite.openSslName(),
                    "-psk", KEY_HEX, "-psk_identity", IDENTITY), dir)) {
                assertThat(client.awaitOutput("Cipher is " + suite.openSslName(), WAIT)).as(client.describe()).isTrue();
                echoThroughOurServer(client, listener, suite, IDENTITY, "echo me (" + suite.openSslName() + ")");
            }
        }
    }

    /**
     * A connected peer process talking to our PSK server: the session has {@code suite} and
     * {@code identity}, a line comes back, and the peer ends cleanly on end of input.
     */
    static void echoThroughOurServer(PeerProcess client, RecordingEchoListener listener, CipherSuite suite, String identity,
                                     String line) throws Exception {
        assertThat(listener.await(l -> l.established().size() == 1, WAIT)).as(listener.toString()).isTrue();
        assertThat(listener.established().get(0).cipherSuite()).isEqualTo(suite);
        assertThat(listener.established().get(0).pskIdentity()).isEqualTo(identity);
        client.writeLine(line);
        assertThat(listener.await(l -> l.received().size() == 1, WAIT)).as(listener.toString()).isTrue();
        assertThat(client.awaitOutput(line, WAIT)).as(client.describe()).isTrue();
        client.closeStdin();
        assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
        assertThat(listener.failed()).isEmpty();
    }

    @Test
    void anOpenSslClientWithAWrongKeyHearsDecryptErrorFromOurServer() throws Exception {
        // RFC 4279 §2: the Finished that does not decrypt (twice: the record and its retransmission)
        // ends the handshake with decrypt_error; OpenSSL's own server would drop it silently
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(KEY)).cipherSuites(suite).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + server.localAddress().getPort(), "-cipher", suite.openSslName(),
                    "-psk", "ffeeddccbbaa99887766554433221100", "-psk_identity", IDENTITY), dir)) {
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isNotNull().isNotEqualTo(0);
                assertThat(client.output()).contains("decrypt error");
            }
            assertThat(listener.await(l -> l.failed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.failed().get(0).alert()).isEqualTo(AlertDescription.DECRYPT_ERROR);
            assertThat(listener.failed().get(0).getMessage()).doesNotContain(KEY_HEX);
            assertThat(listener.established()).isEmpty();
        }
    }
}
