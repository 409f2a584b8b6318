package io.dtls4j.transport;

import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.EngineState;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DtlsClient} against a hand-driven server engine, for orderings a real server rarely produces. */
class DtlsClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aCloseNotifyRightBehindTheServersFinishedStillCompletesTheConnect() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Future<Void> server = pool.submit(() -> serveOneHandshakeThenCloseAtOnce(channel));

            try (DtlsClient client = DtlsClient.connect((InetSocketAddress) channel.getLocalAddress(),
                    TestCredentials.clientConfig(), null, WAIT)) {
                assertThat(client.session()).isNotNull();
                assertThatThrownBy(() -> client.receive(WAIT)).isInstanceOf(EOFException.class);
            }
            server.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs a server engine over the channel; the datagram with its Finished is followed at once by close_notify. */
    private static Void serveOneHandshakeThenCloseAtOnce(DatagramChannel channel) throws Exception {
        DtlsEngine engine = DtlsEngine.server(TestCredentials.serverConfig(), new byte[] {127, 0, 0, 1, 0, 1});
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            buffer.clear();
            SocketAddress from = channel.receive(buffer);
            buffer.flip();
            engine.receive(buffer, 0);
            if (engine.state() == EngineState.CONNECTED) {
                engine.close(0); // queued behind the Finished flight: both leave together
            }
            List<ByteBuffer> out = new ArrayList<>();
            ByteBuffer datagram;
            while ((datagram = engine.pollDatagram()) != null) {
                out.add(datagram);
            }
            for (ByteBuffer d : out) {
                channel.send(d, from);
            }
            if (engine.state() == EngineState.CLOSED) {
                return null;
            }
        }
        throw new AssertionError("the handshake did not reach the server's Finished in time");
    }
}
