package io.dtls4j.transport;

import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramPacket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6347 §4.2.8 on a server: a copy of the ClientHello that made a session cannot end it, and a
 * client that really started over replaces its old session only once its new handshake completed.
 */
@Timeout(60)
class ClientRestartTest {

    private static DtlsServer started(RecordingListener listener) throws Exception {
        return LoopbackServers.started(TestConfigs.serverConfig(), 2, listener);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The cookie of a ClientHello datagram (record header, handshake header, version, random, session id, cookie). */
    private static int cookieLength(byte[] clientHello) {
        int sessionIdLength = clientHello[59] & 0xFF;
        return clientHello[60 + sessionIdLength] & 0xFF;
    }

    /** Sends application data on {@code peer}'s engine. */
    private static void send(RawPeer peer, String text) throws Exception {
        peer.engine.send(ByteBuffer.wrap(bytes(text)), RawPeer.now());
        peer.flush();
    }

    /** Feeds one datagram to {@code peer}'s engine; the application data it carried, or null. */
    private static byte[] deliver(RawPeer peer, byte[] datagram) throws Exception {
        int before = peer.events.size();
        peer.engine.receive(ByteBuffer.wrap(datagram), RawPeer.now());
        peer.flush();
        for (DtlsEvent e : peer.events.subList(before, peer.events.size())) {
            if (e instanceof DtlsEvent.ApplicationData data) {
                return data.data();
            }
        }
        return null;
    }

    private static boolean isEpochZero(byte[] datagram) {
        return datagram[3] == 0 && datagram[4] == 0;
    }

    @Test
    void lateCopiesOfTheHandshakesClientHellosAreIgnoredAndTheSessionKeepsWorking() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = started(listener);
             RawPeer client = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
            assertThat(client.handshake(10_000)).isTrue();
            RecordingListener.await(listener.established);
            List<byte[]> hellos = client.sent.stream().filter(d -> ClientHellos.random(d) != null).toList();
            byte[] withCookie = hellos.stream().filter(d -> cookieLength(d) > 0).findFirst().orElseThrow();
            byte[] withoutCookie = hellos.get(0);
            assertThat(cookieLength(withoutCookie)).isZero();

            // the network delivers both ClientHellos again, late; then the client sends data
            for (byte[] copy : List.of(withCookie, withoutCookie)) {
                client.socket.send(new DatagramPacket(copy, copy.length));
            }
            send(client, "after the copies");

            // the first thing back is the echo: no HelloVerifyRequest, no new ServerHello, no alert
            byte[] answer = client.receiveRaw(10_000);
            assertThat(answer).isNotNull();
            assertThat(deliver(client, answer)).isEqualTo(bytes("after the copies"));
            assertThat(client.receiveRaw(300)).isNull();
            assertThat(client.engine.state()).isEqualTo(EngineState.CONNECTED);

            ServerStats stats = server.stats();
            assertThat(stats.duplicateClientHellosIgnored()).isEqualTo(2);
            assertThat(stats.sessionsRestarted()).isZero();
            assertThat(stats.handshakesStarted()).isEqualTo(1);
            assertThat(stats.sessions()).isEqualTo(1);
            assertThat(listener.closed).isEmpty();
            assertThat(listener.failed).isEmpty();
        }
    }

    @Test
    void aClientThatStartsOverReplacesItsSessionOnlyOnceTheNewHandshakeCompletes() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = started(listener);
             RawPeer old = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
            assertThat(old.handshake(10_000)).isTrue();
            PeerSession first = RecordingListener.await(listener.established);

            // the same address, a new engine (new random): ClientHello, HelloVerifyRequest, ClientHello with cookie
            RawPeer fresh = new RawPeer(old, TestConfigs.clientConfig());
            fresh.engine.start(RawPeer.now());
            fresh.flush();
            byte[] hvr = old.receiveRaw(10_000);
            assertThat(hvr).isNotNull();
            assertThat(isEpochZero(hvr)).isTrue();
            deliver(fresh, hvr);
            // the server's flight up to ServerHelloDone; the client's answer stays queued for now
            byte[] d;
            int flight = 0;
            while ((d = old.receiveRaw(1_000)) != null) {
                assertThat(isEpochZero(d)).isTrue();
                fresh.engine.receive(ByteBuffer.wrap(d), RawPeer.now());
                flight++;
            }
            assertThat(flight).isPositive();
            assertThat(fresh.engine.state()).isEqualTo(EngineState.HANDSHAKING);
            assertThat(server.stats().handshakesInProgress()).isEqualTo(1);

            // meanwhile the old session still works
            send(old, "old session");
            assertThat(deliver(old, old.receiveRaw(10_000))).isEqualTo(bytes("old session"));
            assertThat(listener.closed).isEmpty();
            assertThat(server.stats().sessionsRestarted()).isZero();

            // the new handshake completes: only now is the old session replaced
            fresh.flush();
            long end = RawPeer.now() + 10_000;
            while (fresh.engine.state() == EngineState.HANDSHAKING && RawPeer.now() < end) {
                fresh.step(200);
            }
            assertThat(fresh.engine.state()).isEqualTo(EngineState.CONNECTED);
            assertThat(RecordingListener.await(listener.closed)).isSameAs(first);
            PeerSession second = RecordingListener.await(listener.established);
            assertThat(second).isNotSameAs(first);
            assertThat(second.remoteAddress()).isEqualTo(first.remoteAddress());

            // the old keys are abandoned, the new ones work
            send(old, "old keys");
            send(fresh, "new keys");
            assertThat(deliver(fresh, fresh.receiveRaw(10_000))).isEqualTo(bytes("new keys"));
            assertThat(fresh.receiveRaw(300)).isNull();

            ServerStats stats = server.stats();
            assertThat(stats.sessionsRestarted()).isEqualTo(1);
            assertThat(stats.sessions()).isEqualTo(1);
            assertThat(stats.handshakesInProgress()).isZero();
            assertThat(stats.handshakesCompleted()).isEqualTo(2);
            assertThat(stats.droppedBadMac()).isEqualTo(1);
            assertThat(server.peerCount()).isEqualTo(1);
            assertThat(listener.failed).isEmpty();
        }
    }
}
