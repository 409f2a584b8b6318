package io.dtls4j.engine;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.record.ContentType;
import io.dtls4j.record.RecordHeader;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * record_size_limit (RFC 8449) between two engines: once negotiated, each side writes protected
 * records within the other's limit, and {@link DtlsEngine#maxApplicationDataSize()} says so.
 */
class EngineRecordSizeLimitTest {
    private static final int GCM_EXPANSION = 8 + 16; // explicit nonce and tag (RFC 5288 §3)
    private static final int CCM_8_EXPANSION = 8 + 8; // explicit nonce and 8-byte tag (RFC 6655 §3)
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    private SimulatedLink handshake(DtlsConfig clientConfig, DtlsConfig serverConfig, long seed) {
        SimulatedLink link = SimulatedLink.builder().seed(seed)
                .connect(DtlsEngine.client(clientConfig, "server.test"), DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        return link;
    }

    /** The largest plaintext of any protected record {@code from} sent: its fragment less the AEAD's expansion. */
    private static int largestProtectedPlaintext(SimulatedLink link, Side from, int expansion) {
        int largest = 0;
        for (SimulatedLink.Sent sent : link.sent(from)) {
            for (Records.Record r : Records.parse(sent.bytes())) {
                if (r.epoch() != 0) {
                    largest = Math.max(largest, r.fragment().length - expansion);
                }
            }
        }
        return largest;
    }

    private static byte[] data(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aServerLimitOf256KeepsEveryProtectedRecordOfTheClientWithin256Bytes() {
        DtlsConfig client = TestConfigs.client(1, serverKey).recordSizeLimit(2048).build();
        DtlsConfig server = TestConfigs.server(1, serverKey).recordSizeLimit(256).build();
        SimulatedLink link = handshake(client, server, 1);

        assertThat(link.client().maxApplicationDataSize()).isEqualTo(256);
        // the server writes within the client's 2048, which the 1200-byte MTU already keeps it under
        assertThat(link.server().maxApplicationDataSize()).isEqualTo(DtlsConfig.DEFAULT_MTU - RecordHeader.LENGTH - GCM_EXPANSION);

        byte[] upload = data(5000, 2);
        byte[] download = data(3000, 3);
        SimulatedLink.Exchange exchange = link.exchange(upload, download);

        assertThat(exchange.atServer()).isEqualTo(upload);
        assertThat(exchange.atClient()).isEqualTo(download);
        assertThat(largestProtectedPlaintext(link, Side.CLIENT, GCM_EXPANSION)).isEqualTo(256);
        assertThat(largestProtectedPlaintext(link, Side.SERVER, GCM_EXPANSION)).isGreaterThan(256);
        assertThatThrownBy(() -> link.client().send(ByteBuffer.wrap(new byte[257]), link.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClientLimitIsRespectedByTheServerEvenWhenTheServerConfiguredNone() {
        PreSharedKey key = PreSharedKey.of("sensor-1", data(16, 4));
        DtlsConfig client = DtlsConfig.builder().random(TestConfigs.seededRandom(9)).psk(key)
                .cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8).recordSizeLimit(64).build();
        DtlsConfig server = DtlsConfig.builder().random(TestConfigs.seededRandom(10)).pskKeyStore(PskKeyStore.of(key))
                .cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8).build();
        SimulatedLink link = handshake(client, server, 5);

        assertThat(link.server().maxApplicationDataSize()).isEqualTo(64);
        byte[] download = data(1000, 6);
        assertThat(link.exchange(new byte[0], download).atClient()).isEqualTo(download);
        assertThat(largestProtectedPlaintext(link, Side.SERVER, CCM_8_EXPANSION)).isEqualTo(64);
    }

    @Test
    void withoutTheExtensionRecordsAreLimitedOnlyByTheMtu() {
        // the server would answer with 256, but the client does not offer: nothing is negotiated (RFC 8449 §4)
        SimulatedLink link = handshake(TestConfigs.client(7, serverKey).build(),
                TestConfigs.server(7, serverKey).recordSizeLimit(256).build(), 7);

        int mtuBound = DtlsConfig.DEFAULT_MTU - RecordHeader.LENGTH - GCM_EXPANSION;
        assertThat(link.client().maxApplicationDataSize()).isEqualTo(mtuBound);
        assertThat(link.server().maxApplicationDataSize()).isEqualTo(mtuBound);
        link.exchange(data(3000, 8), new byte[0]);
        assertThat(largestProtectedPlaintext(link, Side.CLIENT, GCM_EXPANSION)).isEqualTo(mtuBound);
    }

    @Test
    void theClientsFinishedAndTheServersFinalFlightAreProtectedRecordsWithinTheLimit() {
        DtlsConfig client = TestConfigs.client(11, serverKey).recordSizeLimit(64).build();
        DtlsConfig server = TestConfigs.server(11, serverKey).recordSizeLimit(64).build();
        SimulatedLink link = handshake(client, server, 11);

        for (Side side : Side.values()) {
            List<Records.Record> protectedHandshake = link.sent(side).stream()
                    .flatMap(s -> Records.parse(s.bytes()).stream())
                    .filter(r -> r.epoch() != 0 && r.type() == ContentType.HANDSHAKE).toList();
            assertThat(protectedHandshake).as(side + "'s Finished").isNotEmpty();
            assertThat(protectedHandshake).allSatisfy(r -> assertThat(r.fragment().length - GCM_EXPANSION).isLessThanOrEqualTo(64));
        }
        assertThat(link.client().maxApplicationDataSize()).isEqualTo(64);
        assertThat(link.server().maxApplicationDataSize()).isEqualTo(64);
    }
}
