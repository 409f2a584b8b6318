package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 7251 AES-CCM suites with ECDHE_ECDSA against OpenSSL's {@code s_server} and {@code s_client}
 * ({@code -dtls1_2 -cipher ECDHE-ECDSA-AES128-CCM8} etc.; OpenSSL 3.2 and later would need
 * {@code :@SECLEVEL=0} for the 8-byte tags). The suites are not in our default list, so both sides
 * select them explicitly.
 */
@Timeout(60)
class OpenSslCcmInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @BeforeAll
    static void openSslIsInstalled() {
        PeerProcess.assumeInstalled("openssl", "openssl");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CipherSuite.class, names = {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"})
    void ourClientTalksToOpenSslServer(CipherSuite suite) throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = OpenSslInteropTest.startServer(dir, suite, port, List.of())) {
            DtlsConfig config = OpenSslInteropTest.clientConfig(suite).cipherSuites(suite).build();
            OpenSslInteropTest.talkToServer(server, LoopbackPorts.loopback(port), config, suite);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CipherSuite.class, names = {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"})
    void openSslClientTalksToOurServer(CipherSuite suite) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).cipherSuites(suite).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + server.localAddress().getPort(), "-cipher", suite.openSslName(),
                    "-CAfile", pem.certificate().toString(), "-verify_return_error",
                    "-servername", InteropCredentials.SERVER_NAME), dir)) {
                assertThat(client.awaitOutput("Cipher is " + suite.openSslName(), WAIT)).as(client.describe()).isTrue();
                assertThat(listener.await(l -> l.established().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(listener.established().get(0).cipherSuite()).isEqualTo(suite);
                String line = "ccm echo (" + suite.openSslName() + ")";
                client.writeLine(line);
                assertThat(listener.await(l -> l.received().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(new String(listener.received().get(0), StandardCharsets.US_ASCII)).isEqualTo(line + "\n");
                assertThat(client.awaitOutput(line, WAIT)).as(client.describe()).isTrue();
                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
                assertThat(listener.failed()).isEmpty();
            }
        }
    }
}
