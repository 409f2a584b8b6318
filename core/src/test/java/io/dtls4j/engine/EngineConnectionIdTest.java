package io.dtls4j.engine;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.record.ContentType;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection IDs (RFC 9146) negotiated and used by two engines on a simulated link. */
class EngineConnectionIdTest {
    private static final CertifiedKey SERVER_KEY = TestCredentials.server(KeyType.EC_P256);
    private static final PreSharedKey DEVICE = PreSharedKey.of("sensor-4", HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));

    private static SimulatedLink connect(DtlsConfig client, DtlsConfig server, long seed) {
        SimulatedLink link = SimulatedLink.builder().seed(seed)
                .connect(DtlsEngine.client(client, "server.test"), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        return link;
    }

    private static void exchangeChecked(SimulatedLink link, long seed) {
        byte[] fromClient = new byte[9_000];
        byte[] fromServer = new byte[7_000];
        new Random(seed).nextBytes(fromClient);
        new Random(seed + 1).nextBytes(fromServer);
        SimulatedLink.Exchange exchange = link.exchange(fromClient, fromServer);
        assertThat(exchange.atServer()).isEqualTo(fromClient);
        assertThat(exchange.atClient()).isEqualTo(fromServer);
        for (Side side : Side.values()) {
            assertThat(link.engine(side).stats().droppedBadRecord()).as(side.name()).isZero();
            assertThat(link.engine(side).stats().droppedBadMac()).as(side.name()).isZero();
        }
    }

    /** The datagrams {@code side} sent after the handshake: application data only. */
    private static List<byte[]> dataDatagrams(SimulatedLink link, Side side, int sentBefore) {
        List<SimulatedLink.Sent> sent = link.sent(side);
        return sent.subList(sentBefore, sent.size()).stream().map(SimulatedLink.Sent::bytes).toList();
    }

    @Test
    void connectionIdsBothWaysCarryDataInTls12CidRecords() {
        DtlsConfig client = TestConfigs.client(1, SERVER_KEY).connectionIdLength(4).build();
        DtlsConfig server = TestConfigs.server(1, SERVER_KEY).connectionIdLength(6).build();
        SimulatedLink link = connect(client, server, 1);

        SessionInfo atClient = link.client().session();
        SessionInfo atServer = link.server().session();
        assertThat(atClient.connectionIdNegotiated()).isTrue();
        assertThat(atClient.readConnectionId()).hasSize(4).isEqualTo(atServer.writeConnectionId());
        assertThat(atServer.readConnectionId()).hasSize(6).isEqualTo(atClient.writeConnectionId());
        assertThat(atClient.toString()).contains("readConnectionId=" + HexFormat.of().formatHex(atClient.readConnectionId()));

        int clientSentBefore = link.sent(Side.CLIENT).size();
        int serverSentBefore = link.sent(Side.SERVER).size();
        exchangeChecked(link, 1);
        // RFC 9146 §4: the content type is tls12_cid and the CID follows the sequence number
        for (byte[] d : dataDatagrams(link, Side.CLIENT, clientSentBefore)) {
            assertThat(d[0] & 0xFF).isEqualTo(ContentType.TLS12_CID);
            assertThat(Arrays.copyOfRange(d, 11, 17)).isEqualTo(atServer.readConnectionId());
        }
        for (byte[] d : dataDatagrams(link, Side.SERVER, serverSentBefore)) {
            assertThat(d[0] & 0xFF).isEqualTo(ContentType.TLS12_CID);
            assertThat(Arrays.copyOfRange(d, 11, 15)).isEqualTo(atClient.readConnectionId());
        }
        // a record payload of maxApplicationDataSize fits the MTU with the CID and the inner content type
        assertThat(link.client().maxApplicationDataSize()).isEqualTo(client.mtu() - 13 - 6 - 1 - 24); // GCM: explicit nonce 8, tag 16
    }

    @Test
    void anEmptyConnectionIdMeansRecordsToThatSideCarryNone() {
        // RFC 9146 §3: the client takes part with an empty CID, the server asks for one of 5 bytes
        DtlsConfig client = TestConfigs.client(2, SERVER_KEY).connectionIdLength(0).build();
        DtlsConfig server = TestConfigs.server(2, SERVER_KEY).connectionIdLength(5).build();
        SimulatedLink link = connect(client, server, 2);

        assertThat(link.client().session().readConnectionId()).isEmpty();
        assertThat(link.client().session().writeConnectionId()).hasSize(5);
        assertThat(link.server().session().connectionIdNegotiated()).isTrue();
        int clientSentBefore = link.sent(Side.CLIENT).size();
        int serverSentBefore = link.sent(Side.SERVER).size();
        exchangeChecked(link, 2);
        assertThat(dataDatagrams(link, Side.CLIENT, clientSentBefore)).allSatisfy(d -> assertThat(d[0] & 0xFF).isEqualTo(ContentType.TLS12_CID));
        assertThat(dataDatagrams(link, Side.SERVER, serverSentBefore))
                .allSatisfy(d -> assertThat(d[0] & 0xFF).isEqualTo(ContentType.APPLICATION_DATA));
    }

    @Test
    void pskWithCcm8AndConnectionIds() {
        CipherSuite suite = CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
        DtlsConfig client = DtlsConfig.builder().random(TestConfigs.seededRandom(7)).psk(DEVICE).cipherSuites(suite)
                .connectionIdLength(2).build();
        DtlsConfig server = DtlsConfig.builder().random(TestConfigs.seededRandom(8)).pskKeyStore(PskKeyStore.of(DEVICE))
                .cipherSuites(suite).connectionIdLength(8).build();
        SimulatedLink link = connect(client, server, 3);
        assertThat(link.client().session().cipherSuite()).isEqualTo(suite);
        assertThat(link.client().session().writeConnectionId()).hasSize(8);
        assertThat(link.server().session().writeConnectionId()).hasSize(2);
        exchangeChecked(link, 3);
        // CCM_8: an 8-byte explicit nonce and an 8-byte tag
        assertThat(link.client().maxApplicationDataSize()).isEqualTo(client.mtu() - 13 - 8 - 1 - 16);
    }

    @Test
    void withoutTheExtensionOnBothSidesNoConnectionIdIsUsed() {
        for (int[] lengths : new int[][] {{4, -1}, {-1, 4}}) {
            DtlsConfig client = TestConfigs.client(4, SERVER_KEY).connectionIdLength(lengths[0]).build();
            DtlsConfig server = TestConfigs.server(4, SERVER_KEY).connectionIdLength(lengths[1]).build();
            SimulatedLink link = connect(client, server, 4);
            for (Side side : Side.values()) {
                assertThat(link.engine(side).session().connectionIdNegotiated()).isFalse();
                assertThat(link.engine(side).session().readConnectionId()).isNull();
            }
            int before = link.sent(Side.CLIENT).size();
            exchangeChecked(link, 4);
            assertThat(dataDatagrams(link, Side.CLIENT, before)).allSatisfy(d -> assertThat(d[0] & 0xFF).isEqualTo(ContentType.APPLICATION_DATA));
        }
    }

    @Test
    void theGeneratorChoosesTheConnectionIdsASideIssues() {
        // e.g. a node number in the first byte, for a cluster that routes by CID
        DtlsConfig server = TestConfigs.server(5, SERVER_KEY).connectionIdLength(3)
                .connectionIdGenerator((length, random) -> new byte[] {0x2A, 1, 2}).build();
        DtlsConfig client = TestConfigs.client(5, SERVER_KEY).connectionIdLength(1).build();
        SimulatedLink link = connect(client, server, 5);
        assertThat(link.server().session().readConnectionId()).containsExactly(0x2A, 1, 2);
        assertThat(link.client().session().writeConnectionId()).containsExactly(0x2A, 1, 2);
    }

    @Test
    void aResumedSessionNegotiatesItsOwnConnectionIds() {
        DtlsConfig client = TestConfigs.client(8, SERVER_KEY).connectionIdLength(3).build();
        DtlsConfig server = TestConfigs.server(8, SERVER_KEY).connectionIdLength(4).build();
        io.dtls4j.session.SessionCache cache = new io.dtls4j.session.SessionCache();
        SimulatedLink first = SimulatedLink.builder().seed(8).connect(DtlsEngine.client(client, "server.test"),
                DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS, new CookieGate(server), cache));
        first.handshake();
        assertThat(first.bothConnected()).as(first.describe()).isTrue();

        // the abbreviated handshake (RFC 5246 §7.3) negotiates extensions anew: fresh CIDs, same rules
        SimulatedLink second = SimulatedLink.builder().seed(9).connect(
                DtlsEngine.client(client, "server.test", first.client().resumableSession()),
                DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS, new CookieGate(server), cache));
        second.handshake();
        assertThat(second.bothConnected()).as(second.describe()).isTrue();
        SessionInfo resumed = second.client().session();
        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.readConnectionId()).hasSize(3).isNotEqualTo(first.client().session().readConnectionId());
        assertThat(resumed.writeConnectionId()).hasSize(4).isEqualTo(second.server().session().readConnectionId());
        int before = second.sent(Side.CLIENT).size();
        exchangeChecked(second, 8);
        assertThat(dataDatagrams(second, Side.CLIENT, before)).allSatisfy(d -> assertThat(d[0] & 0xFF).isEqualTo(ContentType.TLS12_CID));
    }

    @Test
    void onlyTheNewestAuthenticatedRecordAdvancesThePeer() {
        DtlsConfig client = TestConfigs.client(6, SERVER_KEY).connectionIdLength(4).build();
        DtlsConfig server = TestConfigs.server(6, SERVER_KEY).connectionIdLength(4).build();
        SimulatedLink link = connect(client, server, 6);
        DtlsEngine sender = link.client();
        DtlsEngine receiver = link.server();
        long now = SimulatedLink.START_MILLIS + 60_000;
        byte[] first = seal(sender, "one", now);
        byte[] second = seal(sender, "two", now);

        // the newest record advances; an older one (reordered) is accepted but does not
        assertThat(deliver(receiver, second, now)).isTrue();
        assertThat(deliver(receiver, first, now)).isFalse();
        assertThat(receiver.stats().droppedReplay()).isZero();
        // a replay of the newest is dropped and does not advance
        assertThat(deliver(receiver, second, now)).isFalse();
        assertThat(receiver.stats().droppedReplay()).isEqualTo(1);
        // a forged record with our CID and a newer sequence number does not authenticate
        byte[] forged = seal(sender, "three", now);
        forged[forged.length - 1] ^= 1;
        assertThat(deliver(receiver, forged, now)).isFalse();
        assertThat(receiver.stats().droppedBadMac()).isEqualTo(1);
        // a record with another CID belongs to someone else
        byte[] foreign = seal(sender, "four", now);
        foreign[11] ^= 0x55;
        assertThat(deliver(receiver, foreign, now)).isFalse();
        assertThat(receiver.stats().droppedUnknownCid()).isEqualTo(1);
        // and the next genuine record advances again
        assertThat(deliver(receiver, seal(sender, "five", now), now)).isTrue();
        assertThat(receiver.state()).isEqualTo(EngineState.CONNECTED);
    }

    private static byte[] seal(DtlsEngine engine, String text, long now) {
        engine.send(ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), now);
        ByteBuffer datagram = engine.pollDatagram();
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(bytes);
        return bytes;
    }

    private static boolean deliver(DtlsEngine engine, byte[] datagram, long now) {
        engine.receive(ByteBuffer.wrap(datagram.clone()), now);
        while (engine.pollEvent() != null) {
            // drained: only the advance flag matters here
        }
        return engine.lastDatagramAdvanced();
    }
}
