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
    void aPeerIsFoundByItsConnectionIdAndMovesWithoutTakingAnotherPeersAddress() {
        PeerTable table = new PeerTable(10);
        PeerState mover = peer(1000);
        PeerState other = peer(2000);
        table.put(mover);
        table.put(other);
        assertThat(table.putConnectionId(mover, new byte[] {1, 2, 3})).isTrue();
        // a second session with the same CID is not found by it (the first keeps it)
        assertThat(table.putConnectionId(other, new byte[] {1, 2, 3})).isFalse();
        assertThat(table.getByConnectionId(java.nio.ByteBuffer.wrap(new byte[] {9, 1, 2, 3, 9}).slice(1, 3))).isSameAs(mover);

        InetSocketAddress first = mover.address;
        table.move(mover, new InetSocketAddress("127.0.0.1", 3000));
        assertThat(table.get(first)).isNull();
        assertThat(table.get(new InetSocketAddress("127.0.0.1", 3000))).isSameAs(mover);
        assertThat(mover.loop).as("a move keeps the peer on its loop").isZero();
        // onto an address another peer holds: that peer keeps it, the mover is found by CID
        table.move(mover, other.address);
        assertThat(table.get(other.address)).isSameAs(other);
        assertThat(mover.address).isEqualTo(other.address);
        assertThat(table.getByConnectionId(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}))).isSameAs(mover);

        table.remove(mover);
        assertThat(table.getByConnectionId(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}))).isNull();
        assertThat(table.get(other.address)).isSameAs(other);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void closingIsFinal() {
        PeerTable table = new PeerTable(1);
        assertThat(table.isClosed()).isFalse();
        table.close();
        assertThat(table.isClosed()).isTrue();
    }
}
