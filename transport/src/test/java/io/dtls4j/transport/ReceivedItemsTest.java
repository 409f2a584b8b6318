package io.dtls4j.transport;

import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.dtls4j.testing.EngineDatagrams.deliver;
import static io.dtls4j.testing.EngineDatagrams.drain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event loop's record of what one datagram produced: events and application data in the engine's
 * order, the data copied into one reused arena.
 */
class ReceivedItemsTest {

    @Test
    void recordsOfOneDatagramComeInOrderAsReadOnlyViewsAndTheArenaGrowsForLargeOnes() {
        DtlsEngine client = DtlsEngine.client(TestConfigs.clientConfig(), null);
        DtlsEngine server = DtlsEngine.server(TestConfigs.serverConfig(), TestConfigs.CLIENT_ADDRESS);
        handshake(client, server);
        ReceivedItems items = new ReceivedItems();
        items.attach(server);

        // three records in one datagram, together larger than the arena's first size
        byte[][] payloads = {filled(700, 1), filled(1100, 2), filled(900, 3)};
        ByteArrayOutputStream datagram = new ByteArrayOutputStream();
        for (byte[] p : payloads) {
            client.send(ByteBuffer.wrap(p), 0);
            for (ByteBuffer d : drain(client)) {
                datagram.write(d.array(), d.arrayOffset() + d.position(), d.remaining());
            }
        }
        items.collecting(server);
        server.receive(ByteBuffer.wrap(datagram.toByteArray()), 0);
        items.takeEvents();

        assertThat(items.size()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(items.event(i)).as("item %d is a data record", i).isNull();
            ByteBuffer view = items.record(i);
            assertThat(view.isReadOnly()).isTrue();
            assertThat(bytes(view)).isEqualTo(payloads[i]);
        }
        items.clear();
        assertThat(items.size()).isZero();

        // the next datagram starts at the arena's beginning again
        client.send(ByteBuffer.wrap(filled(10, 9)), 0);
        items.collecting(server);
        for (ByteBuffer d : drain(client)) {
            server.receive(d, 0);
        }
        items.takeEvents();
        assertThat(items.size()).isEqualTo(1);
        assertThat(bytes(items.record(0))).isEqualTo(filled(10, 9));
    }

    @Test
    void anEventTheEngineQueuedBeforeARecordOfTheSameDatagramComesFirst() {
        DtlsEngine client = DtlsEngine.client(TestConfigs.clientConfig(), null);
        DtlsEngine server = DtlsEngine.server(TestConfigs.serverConfig(), TestConfigs.CLIENT_ADDRESS);
        client.start(0);
        // run until the server completes; hold its last flight back from the client
        List<ByteBuffer> lastFlight = List.of();
        for (int round = 0; round < 16 && server.state() != EngineState.CONNECTED; round++) {
            deliver(drain(client), server, 0);
            lastFlight = drain(server);
            if (server.state() != EngineState.CONNECTED) {
                deliver(lastFlight, client, 0);
            }
        }
        assertThat(server.state()).isEqualTo(EngineState.CONNECTED);
        while (server.pollEvent() != null) {
            // the server's own completion is not under test
        }
        // the server's Finished and its first record travel in one datagram
        server.send(ByteBuffer.wrap(new byte[] {42}), 0);
        ByteArrayOutputStream datagram = new ByteArrayOutputStream();
        List<ByteBuffer> all = new ArrayList<>(lastFlight);
        all.addAll(drain(server));
        for (ByteBuffer d : all) {
            datagram.write(d.array(), d.arrayOffset() + d.position(), d.remaining());
        }
        ReceivedItems items = new ReceivedItems();
        items.attach(client);
        items.collecting(client);
        client.receive(ByteBuffer.wrap(datagram.toByteArray()), 0);
        items.takeEvents();

        assertThat(client.state()).isEqualTo(EngineState.CONNECTED);
        int completed = -1;
        int data = -1;
        for (int i = 0; i < items.size(); i++) {
            if (items.event(i) instanceof DtlsEvent.HandshakeCompleted) {
                completed = i;
            } else if (items.event(i) == null) {
                data = i;
            }
        }
        assertThat(completed).as("HandshakeCompleted is among the items").isNotNegative();
        assertThat(data).as("the record is after it").isGreaterThan(completed);
        assertThat(bytes(items.record(0))).containsExactly(42);
    }

    private static void handshake(DtlsEngine client, DtlsEngine server) {
        client.start(0);
        for (int round = 0; round < 16 && (client.state() != EngineState.CONNECTED || server.state() != EngineState.CONNECTED); round++) {
            deliver(drain(client), server, 0);
            deliver(drain(server), client, 0);
        }
        assertThat(client.state()).isEqualTo(EngineState.CONNECTED);
        assertThat(server.state()).isEqualTo(EngineState.CONNECTED);
        while (server.pollEvent() != null) {
            // handshake events are not under test
        }
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] bytes(ByteBuffer view) {
        byte[] b = new byte[view.remaining()];
        view.duplicate().get(b);
        return b;
    }
}
