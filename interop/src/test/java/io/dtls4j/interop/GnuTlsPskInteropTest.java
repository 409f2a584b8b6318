package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PSK and ECDHE_PSK against GnuTLS ({@code gnutls-serv --pskpasswd}, {@code gnutls-cli --pskusername
 * --pskkey}) over DTLS 1.2 on 127.0.0.1, with AES-CCM, AES-CCM_8 and ChaCha20-Poly1305.
 */
@Timeout(60)
class GnuTlsPskInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String KEY_HEX = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String IDENTITY = "node-7";
    private static final PreSharedKey KEY = PreSharedKey.of(IDENTITY, HexFormat.of().parseHex(KEY_HEX));

    @TempDir
    Path dir;

    /** A GnuTLS priority string that allows DTLS 1.2 with exactly {@code suite}. */
    static String priority(CipherSuite suite) {
        String cipher;
        switch (suite.aead()) {
            case AES_128_CCM: cipher = "AES-128-CCM"; break;
            case AES_128_CCM_8: cipher = "AES-128-CCM-8"; break;
            case AES_256_CCM_8: cipher = "AES-256-CCM-8"; break;
            case AES_128_GCM: cipher = "AES-128-GCM"; break;
            default: cipher = "CHACHA20-POLY1305"; break;
        }
        String kx = suite.keyExchange() == CipherSuite.KeyExchange.ECDHE_PSK ? "ECDHE-PSK" : "PSK";
        return "NORMAL:-VERS-ALL:+VERS-DTLS1.2:-CIPHER-ALL:+" + cipher + ":-KX-ALL:+" + kx;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CipherSuite.class, names = {"TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_CCM",
            "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"})
    void ourClientTalksToGnuTlsEchoServer(CipherSuite suite) throws Exception {
        PeerProcess.assumeInstalled("gnutls-serv", "gnutls-bin");
        Path passwd = Files.writeString(dir.resolve("psk.passwd"), IDENTITY + ":" + KEY_HEX + "\n");
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = PeerProcess.start(List.of("gnutls-serv", "--udp", "--echo", "--port", String.valueOf(port),
                "--pskpasswd", passwd.toString(), "--priority", priority(suite)), dir)) {
            assertThat(server.awaitOutput("Echo Server listening on IPv4", WAIT)).as(server.describe()).isTrue();
            DtlsConfig config = DtlsConfig.builder().psk(KEY).cipherSuites(suite).build();
            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port), config, null, WAIT)) {
                assertThat(client.session().cipherSuite()).isEqualTo(suite);
                assertThat(client.session().pskIdentity()).isEqualTo(IDENTITY);
                for (int i = 0; i < 3; i++) {
                    String line = "message " + i + " to gnutls over " + suite.openSslName() + "\n";
                    client.send(line.getBytes(StandardCharsets.US_ASCII));
                    byte[] echo = client.receive(WAIT);
                    assertThat(echo).as(server.describe()).isNotNull();
                    assertThat(new String(echo, StandardCharsets.US_ASCII)).isEqualTo(line);
                }
            }
        }
    }

    // Not ECDHE_PSK: gnutls-cli 3.7.9 crashes (SIGSEGV) after an ECDHE-PSK handshake, against gnutls-serv too
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CipherSuite.class, names = {"TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_CCM"})
    void gnuTlsClientTalksToOurPskOnlyServer(CipherSuite suite) throws Exception {
        PeerProcess.assumeInstalled("gnutls-cli", "gnutls-bin");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(KEY)).cipherSuites(suite).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (PeerProcess client = PeerProcess.start(List.of("gnutls-cli", "--udp", "--port",
                    String.valueOf(server.localAddress().getPort()), "--pskusername", IDENTITY, "--pskkey", KEY_HEX,
                    "--priority", priority(suite), "127.0.0.1"), dir)) {
                assertThat(client.awaitOutput("Handshake was completed", WAIT)).as(client.describe() + " " + listener).isTrue();
                OpenSslPskInteropTest.echoThroughOurServer(client, listener, suite, IDENTITY,
                        "echo me, dtls4j (gnutls psk, " + suite.openSslName() + ")");
            }
        }
    }
}
