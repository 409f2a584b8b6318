package io.dtls4j.transport;

import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.testing.TestConfigs;
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
                    TestConfigs.clientConfig(), null, WAIT)) {
                assertThat(client.session()).isNotNull();
                assertThatThrownBy(() -> client.receive(WAIT)).isInstanceOf(EOFException.class);
            }
            server.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void recordsBeyondTheQueueBoundAreDroppedAndCounted() throws Exception {
        int records = DtlsClient.MAX_QUEUED_RECORDS + 76;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Future<Void> server = pool.submit(() -> serveOneHandshakeThenSend(channel, records));
            try (DtlsClient client = DtlsClient.connect((InetSocketAddress) channel.getLocalAddress(),
                    TestConfigs.clientConfig(), null, WAIT)) {
                client.send(new byte[] {0}); // the server's cue: the client is done with the handshake
                server.get(10, TimeUnit.SECONDS); // every record is in the client's socket before it reads one
                int taken = 0;
                while (client.receive(Duration.ofMillis(500)) != null) {
                    taken++;
                }
                assertThat(taken).isEqualTo(DtlsClient.MAX_QUEUED_RECORDS);
                assertThat(client.recordsDropped()).isEqualTo(records - DtlsClient.MAX_QUEUED_RECORDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs a server engine over the channel through the handshake and, on the client's first record,
     * sends {@code records} one-byte records packed 50 to a datagram (a few dozen datagrams: no socket
     * buffer drops them, and the client reads them all in one turn).
     */
    private static Void serveOneHandshakeThenSend(DatagramChannel channel, int records) throws Exception {
        DtlsEngine engine = DtlsEngine.server(TestConfigs.serverConfig(), new byte[] {127, 0, 0, 1, 0, 2});
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            SocketAddress from = receiveInto(engine, channel, buffer);
            ByteBuffer datagram;
            while ((datagram = engine.pollDatagram()) != null) {
                channel.send(datagram, from);
            }
            boolean cue = false;
            DtlsEvent event;
            while ((event = engine.pollEvent()) != null) {
                cue |= event instanceof DtlsEvent.ApplicationData;
            }
            if (cue) {
                ByteBuffer packed = ByteBuffer.allocate(4096);
                for (int i = 0; i < records; i++) {
                    engine.seal(ByteBuffer.wrap(new byte[] {(byte) i}), packed, 0);
                    if ((i + 1) % 50 == 0 || i == records - 1) {
                        channel.send(packed.flip(), from);
                        packed.clear();
                    }
                }
                return null;
            }
        }
        throw new AssertionError("the handshake did not complete in time");
    }

    /** Receives one datagram from the channel into the engine; returns who sent it. */
    private static SocketAddress receiveInto(DtlsEngine engine, DatagramChannel channel, ByteBuffer buffer) throws Exception {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        buffer.flip();
        engine.receive(buffer, 0);
        return from;
    }

    /** Runs a server engine over the channel; its Finished and a close_notify leave in one datagram. */
    private static Void serveOneHandshakeThenCloseAtOnce(DatagramChannel channel) throws Exception {
        DtlsEngine engine = DtlsEngine.server(TestConfigs.serverConfig(), new byte[] {127, 0, 0, 1, 0, 1});
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            SocketAddress from = receiveInto(engine, channel, buffer);
            boolean closing = engine.state() == EngineState.CONNECTED;
            if (closing) {
                engine.close(0);
            }
            List<ByteBuffer> out = new ArrayList<>();
            ByteBuffer datagram;
            while ((datagram = engine.pollDatagram()) != null) {
                out.add(datagram);
            }
            if (closing) {
                // ChangeCipherSpec, Finished and close_notify records packed into one datagram
                ByteBuffer packed = ByteBuffer.allocate(out.stream().mapToInt(ByteBuffer::remaining).sum());
                out.forEach(packed::put);
                out = List.of(packed.flip());
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
