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

/** A client that sends its ClientHellos in fragments across datagrams (RFC 6347 §4.2.3) before any cookie. */
@Timeout(60)
class FragmentedClientHelloTest {

    @Test
    void clientHellosInFragmentsAcrossDatagramsAreReassembledBeforeTheCookieGate() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = LoopbackServers.started(TestConfigs.serverConfig(), 2, listener);
             RawPeer client = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
            client.engine.start(RawPeer.now());
            int sent = sendFragmented(client, 3);
            byte[] hvr = client.receiveRaw(10_000);
            assertThat(hvr).as("HelloVerifyRequest").isNotNull();
            assertThat(hvr[13]).isEqualTo((byte) 3); // hello_verify_request
            // never more bytes back than the client's fragments together
            assertThat(hvr.length).isLessThanOrEqualTo(sent);

            client.engine.receive(ByteBuffer.wrap(hvr), RawPeer.now());
            sendFragmented(client, 4); // the ClientHello with the cookie, in fragments as well
            client.flush();
            long end = RawPeer.now() + 10_000;
            while (client.engine.state() == EngineState.HANDSHAKING && RawPeer.now() < end) {
                client.step(200);
            }
            assertThat(client.engine.state()).isEqualTo(EngineState.CONNECTED);
            RecordingListener.await(listener.established);

            byte[] hello = "fragmented hello".getBytes(StandardCharsets.UTF_8);
            client.engine.send(ByteBuffer.wrap(hello), RawPeer.now());
            client.flush();
            byte[] echo = null;
            while (echo == null && client.step(10_000)) {
                echo = client.events.stream().filter(e -> e instanceof DtlsEvent.ApplicationData)
                        .map(e -> ((DtlsEvent.ApplicationData) e).data()).findFirst().orElse(null);
            }
            assertThat(echo).isEqualTo(hello);

            ServerStats stats = server.stats();
            assertThat(stats.clientHellosReassembled()).isEqualTo(2);
            assertThat(stats.clientHelloReassemblyDropped()).isZero();
            assertThat(stats.helloVerifyRequestsSent()).isEqualTo(1);
            assertThat(stats.handshakesCompleted()).isEqualTo(1);
        }
    }

    /** Sends the engine's queued ClientHello as {@code pieces} fragment datagrams; returns the bytes sent. */
    private static int sendFragmented(RawPeer client, int pieces) throws Exception {
        ByteBuffer d = client.engine.pollDatagram();
        byte[] hello = new byte[d.remaining()];
        d.get(hello);
        assertThat(ClientHellos.random(hello)).as("a whole ClientHello").isNotNull();
        List<byte[]> fragments = ClientHelloFragments.split(hello, pieces);
        assertThat(fragments).hasSize(pieces);
        int bytes = 0;
        for (byte[] f : fragments) {
            client.socket.send(new DatagramPacket(f, f.length));
            bytes += f.length;
        }
        return bytes;
    }
}
