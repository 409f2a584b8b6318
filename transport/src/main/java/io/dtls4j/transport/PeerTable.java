package io.dtls4j.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every peer of a server past the cookie check, by address, with the room left for new ones. The
 * server owns it; the receiver thread looks peers up, and each peer's event loop adds and removes
 * that peer. Peers whose session negotiated a connection ID (RFC 9146) are also found by it: a
 * second key onto the same {@link PeerState}, which never holds more entries than there are peers
 * (one CID per peer, removed with it).
 */
final class PeerTable {
    private final ConcurrentHashMap<InetSocketAddress, PeerState> byAddress = new ConcurrentHashMap<>();
    /** By the CID the peer writes in its records (ours); keys are read-only wraps of arrays nobody changes. */
    private final ConcurrentHashMap<ByteBuffer, PeerState> byConnectionId = new ConcurrentHashMap<>();
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
        ByteBuffer cid = peer.connectionId;
        if (cid != null) {
            byConnectionId.remove(cid, peer);
        }
    }

    /**
     * The peer whose records carry the connection ID {@code cid} (its bytes between position and
     * limit), or null.
     */
    PeerState getByConnectionId(ByteBuffer cid) {
        return byConnectionId.get(cid);
    }

    /** Whether a live peer has the connection ID {@code cid}. */
    boolean hasConnectionId(byte[] cid) {
        return byConnectionId.containsKey(ByteBuffer.wrap(cid));
    }

    /**
     * Makes {@code peer} reachable by {@code cid} (not empty). False when another live peer already
     * has that CID (a generator collision): datagrams with that CID keep going to the other peer.
     */
    boolean putConnectionId(PeerState peer, byte[] cid) {
        ByteBuffer key = ByteBuffer.wrap(cid.clone()).asReadOnlyBuffer();
        if (byConnectionId.putIfAbsent(key, peer) != null) {
            return false;
        }
        peer.connectionId = key;
        if (peer.removed) { // retired meanwhile: leave nothing behind
            byConnectionId.remove(key, peer);
            return false;
        }
        return true;
    }

    /**
     * RFC 9146 §6: {@code peer}'s newest authenticated record came from {@code to}; from now on its
     * datagrams go there and datagrams from there find it. The old address is forgotten. An address
     * another peer holds stays that peer's (this one is then found by its CID only), so a moving peer
     * never takes a session away from another.
     */
    void move(PeerState peer, InetSocketAddress to) {
        InetSocketAddress from = peer.address;
        byAddress.remove(from, peer);
        peer.address = to;
        byAddress.putIfAbsent(to, peer);
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
