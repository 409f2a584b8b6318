package io.dtls4j.transport;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class PeerTableTest {
    private static PeerState peer(int port) {
        return new PeerState(new InetSocketAddress("127.0.0.1", port), null, null, null, 0);
    }

    @Test
    void reservationsStopAtTheCapacityAndReleasingMakesRoomAgain() {
        PeerTable table = new PeerTable(2);
        assertThat(table.reserve()).isTrue();
        assertThat(table.reserve()).isTrue();
        assertThat(table.reserve()).isFalse(); // a refused reservation takes nothing
        table.release();
        assertThat(table.reserve()).isTrue();
        assertThat(table.reserve()).isFalse();
    }

    @Test
    void removingAPeerLeavesAnotherThatTookItsAddress() {
        PeerTable table = new PeerTable(10);
        PeerState old = peer(1000);
        PeerState successor = peer(1000);
        table.put(old);
        table.put(successor); // the client started over on the same address
        table.remove(old);
        assertThat(table.get(old.address)).isSameAs(successor);
        assertThat(table.size()).isEqualTo(1);
        table.remove(successor);
        assertThat(table.get(old.address)).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void closingIsFinal() {
        PeerTable table = new PeerTable(1);
        assertThat(table.isClosed()).isFalse();
        table.close();
        assertThat(table.isClosed()).isTrue();
    }
}
