package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real UDP loss and reordering: our client and OpenSSL's s_server handshake through a relay on
 * 127.0.0.1 that drops every fourth datagram and swaps neighbours; both sides must retransmit and
 * reassemble their way through. Once connected the relay stops damaging, and data flows both ways.
 */
@Timeout(90)
class LossyLoopbackInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @BeforeAll
    static void openSslIsInstalled() {
        PeerProcess.assumeInstalled("openssl", "openssl");
    }

    @ParameterizedTest(name = "relay seed {0}")
    @ValueSource(longs = {1, 2})
    void ourClientCompletesAHandshakeWithOpenSslThroughALossyReorderingRelay(long seed) throws Exception {
        // an RSA certificate and a 300-byte MTU on both sides: every flight is several datagrams, so
        // there are neighbours to swap and fragments to lose
        CipherSuite suite = CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = OpenSslInteropTest.startServer(dir, suite, port, List.of("-listen", "-mtu", "300"));
             LossyRelay relay = new LossyRelay(LoopbackPorts.loopback(port), 4, 0.5, seed)) {
            // a shorter first timer than the default second keeps the test quick; OpenSSL keeps its own 1 s timer
            DtlsConfig config = OpenSslInteropTest.clientConfig(suite).mtu(300).retransmitMillis(250, 2000)
                    .maxRetransmissions(10).build();
            try (DtlsClient client = DtlsClient.connect(relay.address(), config, InteropCredentials.SERVER_NAME, WAIT)) {
                relay.stopDamaging();
                assertThat(relay.dropped()).as("datagrams the relay dropped").isPositive();
                assertThat(relay.swapped()).as("neighbours the relay swapped").isPositive();
                assertThat(client.session().cipherSuite()).isEqualTo(suite);

                String line = "through the lossy relay, seed " + seed;
                client.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(server.awaitOutput(line, WAIT)).as(server.describe()).isTrue();
                server.writeLine("and back");
                byte[] reply = client.receive(WAIT);
                assertThat(reply).as(server.describe()).isNotNull();
                assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("and back\n");
            }
            assertThat(server.awaitExit(WAIT)).as(server.describe()).isEqualTo(0);
        }
    }
}
