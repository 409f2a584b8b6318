package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.testing.NatRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9146 §6 on a real socket: a client behind a NAT ({@link NatRelay}) whose outbound port changes
 * mid-session keeps its session when connection IDs were negotiated, and only its newest authenticated
 * record moves the session; without connection IDs the server does not know it at the new address.
 */
@Timeout(60)
class ConnectionIdRebindingTest {
    private static final PreSharedKey KEY = PreSharedKey.of("node-7", HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100"));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static DtlsConfig server(int cidLength) {
        return DtlsConfig.builder().pskKeyStore(PskKeyStore.of(KEY)).cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .connectionIdLength(cidLength).build();
    }

    private static DtlsConfig client(int cidLength) {
        return DtlsConfig.builder().psk(KEY).cipherSuites(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .connectionIdLength(cidLength).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String echo(DtlsClient client, String text) throws Exception {
        client.send(bytes(text));
        byte[] answer = client.receive(WAIT);
        return answer == null ? null : new String(answer, StandardCharsets.UTF_8);
    }

    /** Waits (bounded) until {@code condition} holds; the caller asserts on what it waited for. */
    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
    }

    private static void sendFrom(DatagramSocket socket, byte[] datagram, InetSocketAddress to) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    @Test
    void aGeneratorThatRepeatsACidALiveSessionHasIsAskedAgainBeforeTheCidGoesOut() throws Exception {
        byte[] first = {1, 1, 1, 1};
        byte[] second = {2, 2, 2, 2};
        Queue<byte[]> answers = new ConcurrentLinkedQueue<>(List.of(first, first, second));
        AtomicInteger asked = new AtomicInteger();
        DtlsConfig config = server(4).toBuilder().connectionIdGenerator((length, random) -> {
            asked.incrementAndGet();
            byte[] next = answers.poll();
            return next != null ? next.clone() : new byte[] {9, 9, 9, 9};
        }).build();
        try (DtlsServer server = LoopbackServers.started(config, 1, new RecordingListener(true));
             DtlsClient one = DtlsClient.connect(server.localAddress(), client(0), null, WAIT);
             DtlsClient two = DtlsClient.connect(server.localAddress(), client(0), null, WAIT)) {
            assertThat(one.session().writeConnectionId()).containsExactly(first);
            assertThat(two.session().writeConnectionId()).as("the repeated CID was drawn again").containsExactly(second);
            assertThat(echo(one, "one")).isEqualTo("one");
            assertThat(echo(two, "two")).isEqualTo("two");
            assertThat(asked).hasValue(3);
            assertThat(server.stats().connectionIdCollisions()).isZero();
        }
    }

    @Test
    void withConnectionIdsTheSessionFollowsTheNewPortAndOnlyAuthenticRecordsMoveIt() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = LoopbackServers.started(server(4), 2, listener);
             NatRelay nat = new NatRelay(server.localAddress());
             DtlsClient client = DtlsClient.connect(nat.clientFacingAddress(), client(0), null, WAIT)) {
            assertThat(client.session().writeConnectionId()).hasSize(4);
            PeerSession session = RecordingListener.await(listener.established);
            assertThat(session.remoteAddress()).isEqualTo(nat.serverFacingAddress());
            assertThat(echo(client, "before")).isEqualTo("before");

            nat.rebind();
            InetSocketAddress moved = nat.serverFacingAddress();
            assertThat(echo(client, "after the rebinding")).as(() -> server.stats().toString()).isEqualTo("after the rebinding");
            assertThat(session.remoteAddress()).isEqualTo(moved);
            assertThat(server.stats().peerAddressesMoved()).isEqualTo(1);
            assertThat(server.peerCount()).isEqualTo(1);
            byte[] last = nat.fromClient.get(nat.fromClient.size() - 1);

            try (DatagramSocket attacker = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                // a replay of the client's newest record, from elsewhere: the server drops it, nothing moves
                long replays = server.stats().droppedReplay();
                sendFrom(attacker, last, server.localAddress());
                awaitCondition(() -> server.stats().droppedReplay() > replays);
                assertThat(server.stats().droppedReplay()).isEqualTo(replays + 1);

                // a record with the right CID and a newer sequence number that does not authenticate
                byte[] forged = last.clone();
                forged[9]++; // sequence number, second-lowest byte: newer than any seen
                forged[forged.length - 1] ^= 0x01;
                long badMacs = server.stats().droppedBadMac();
                sendFrom(attacker, forged, server.localAddress());
                awaitCondition(() -> server.stats().droppedBadMac() > badMacs);
                assertThat(server.stats().droppedBadMac()).isEqualTo(badMacs + 1);
            }
            assertThat(server.stats().peerAddressesMoved()).isEqualTo(1);
            assertThat(session.remoteAddress()).isEqualTo(moved);
            // and the session still answers at the NAT's current port
            assertThat(echo(client, "still here")).isEqualTo("still here");
        }
    }

    @Test
    void withoutConnectionIdsTheServerDoesNotKnowTheClientAtItsNewPort() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = LoopbackServers.started(server(-1), 2, listener);
             NatRelay nat = new NatRelay(server.localAddress());
             DtlsClient client = DtlsClient.connect(nat.clientFacingAddress(), client(4), null, WAIT)) {
            assertThat(client.session().connectionIdNegotiated()).isFalse();
            RecordingListener.await(listener.established);
            assertThat(echo(client, "before")).isEqualTo("before");

            nat.rebind();
            long unknown = server.stats().droppedUnknownPeer();
            client.send(bytes("after the rebinding"));
            awaitCondition(() -> server.stats().droppedUnknownPeer() > unknown);
            // the record from an unknown address is not a ClientHello: dropped, no answer
            assertThat(server.stats().droppedUnknownPeer()).isEqualTo(unknown + 1);
            assertThat(client.receive(Duration.ofMillis(300))).isNull();
            assertThat(server.stats().peerAddressesMoved()).isZero();
            assertThat(listener.data).hasSize(1);
        }
    }
}
