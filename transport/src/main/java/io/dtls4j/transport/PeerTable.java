package io.dtls4j.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every peer of a server past the cookie check, by address, with the room left for new ones. The
 * server owns it; the receiver thread looks peers up, and each peer's event loop adds and removes
 * that peer. A Connection ID index (RFC 9146) would be a second key onto the same {@link PeerState}.
 */
final class PeerTable {
    private final ConcurrentHashMap<InetSocketAddress, PeerState> byAddress = new ConcurrentHashMap<>();
    /** Slots taken, counted when reserved (before the engine exists) so that loops cannot overshoot together. */
    private final AtomicInteger reserved = new AtomicInteger();
    private final int capacity;
    private volatile boolean closed;

    PeerTable(int capacity) {
        this.capacity = capacity;
    }

    PeerState get(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /** Adds a peer whose slot was {@link #reserve() reserved}. */
    void put(PeerState peer) {
        byAddress.put(peer.address, peer);
    }

    /** Removes {@code peer}, unless another peer has taken its address since; its slot stays reserved. */
    void remove(PeerState peer) {
        byAddress.remove(peer.address, peer);
    }

    /** Peers in the table now (established or handshaking). */
    int size() {
        return byAddress.size();
    }

    /** Takes a slot for a new peer; false (nothing taken) when the table is full. */
    boolean reserve() {
        if (reserved.incrementAndGet() > capacity) {
            reserved.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        reserved.decrementAndGet();
    }

    /** From now on no new peer is admitted: the server is shutting down. */
    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
