package io.dtls4j.netty;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.testing.NatRelay;
import io.dtls4j.transport.DtlsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.dtls4j.netty.DtlsServerCounter.CONNECTION_ID_COLLISIONS;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_BAD_MAC;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_REPLAY;
import static io.dtls4j.netty.DtlsServerCounter.PEER_ADDRESSES_MOVED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection IDs (RFC 9146) on the Netty server handler: records are found by CID, and a client behind
 * a NAT ({@link NatRelay}) whose port changes keeps its session, which follows it only on its newest
 * authenticated record, never on a replayed or forged one.
 */
@Timeout(60)
class NettyConnectionIdTest {
    static {
        LeakRecorder.install();
    }

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final PreSharedKey KEY = PreSharedKey.of("meter-3", HexFormat.of().parseHex("1112131415161718191a1b1c1d1e1f10"));

    @AfterEach
    void noBufferLeaked() throws InterruptedException {
        assertThat(LeakRecorder.leaks()).as("ByteBufs the leak detector saw collected unreleased").isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void aGeneratorRepeatingACidInUseIsAskedAgain(NettyTransport transport) throws Exception {
        byte[] first = {1, 1, 1, 1, 1};
        byte[] second = {2, 2, 2, 2, 2};
        Queue<byte[]> answers = new ConcurrentLinkedQueue<>(List.of(first, first, second));
        DtlsConfig serverConfig = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(KEY))
                .cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8).connectionIdLength(5)
                .connectionIdGenerator((length, random) -> {
                    byte[] next = answers.poll();
                    return next != null ? next.clone() : new byte[] {9, 9, 9, 9, 9};
                }).build();
        DtlsConfig clientConfig = DtlsConfig.builder().psk(KEY).cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .connectionIdLength(0).build();
        try (ServerFixture server = new ServerFixture(transport, DtlsServerHandler.builder(serverConfig).build());
             DtlsClient one = DtlsClient.connect(server.address(), clientConfig, null, WAIT);
             DtlsClient two = DtlsClient.connect(server.address(), clientConfig, null, WAIT)) {
            assertThat(one.session().writeConnectionId()).containsExactly(first);
            assertThat(two.session().writeConnectionId()).containsExactly(second);
            two.send(bytes("two"));
            assertThat(two.receive(WAIT)).isEqualTo(bytes("two"));
            assertThat(server.stats().get(CONNECTION_ID_COLLISIONS)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void theSessionFollowsTheClientToItsNewPortOnlyOnAuthenticRecords(NettyTransport transport) throws Exception {
        DtlsConfig serverConfig = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(KEY))
                .cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8).connectionIdLength(5).build();
        DtlsConfig clientConfig = DtlsConfig.builder().psk(KEY).cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .connectionIdLength(2).build();
        try (ServerFixture server = new ServerFixture(transport, DtlsServerHandler.builder(serverConfig).build());
             NatRelay nat = new NatRelay(server.address());
             DtlsClient client = DtlsClient.connect(nat.clientFacingAddress(), clientConfig, null, WAIT)) {
            assertThat(client.session().writeConnectionId()).hasSize(5);
            client.send(bytes("before"));
            assertThat(client.receive(WAIT)).isEqualTo(bytes("before"));

            nat.rebind();
            client.send(bytes("after"));
            assertThat(client.receive(WAIT)).as(server.stats().toString()).isEqualTo(bytes("after"));
            assertThat(server.stats().get(PEER_ADDRESSES_MOVED)).isEqualTo(1);
            assertThat(server.events(DtlsPeerEvent.AddressChanged.class)).singleElement()
                    .satisfies(e -> assertThat(e.peer()).isEqualTo(nat.serverFacingAddress()));

            byte[] last = nat.fromClient.get(nat.fromClient.size() - 1);
            byte[] forged = last.clone();
            forged[9]++; // a newer sequence number
            forged[forged.length - 1] ^= 1;
            try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                attacker.send(new DatagramPacket(last, last.length, server.address()));
                attacker.send(new DatagramPacket(forged, forged.length, server.address()));
                assertThat(ServerFixture.await(() -> server.stats().get(DROPPED_REPLAY) == 1
                        && server.stats().get(DROPPED_BAD_MAC) == 1, WAIT)).as(server.stats().toString()).isTrue();
            }
            assertThat(server.stats().get(PEER_ADDRESSES_MOVED)).isEqualTo(1);
            client.send(bytes("still here"));
            assertThat(client.receive(WAIT)).isEqualTo(bytes("still here"));
        }
    }
}
