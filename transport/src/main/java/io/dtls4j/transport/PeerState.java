package io.dtls4j.transport;

import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.SrtpKeys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Everything a server keeps for one peer that passed the cookie check: its engine, its place in its
 * loop's timer heap and activity list, and the bytes queued for it. The engine and the fields that
 * are not volatile belong to the thread of the event loop that owns the peer; other threads only
 * read the volatile fields and hand data to that loop through {@link #send}, which goes to the
 * peer's {@link PeerOutbox}.
 */
final class PeerState implements PeerSession {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(PeerState.class, "pendingBytes", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Where the peer is: the source of its ClientHello, later the source of its newest authenticated
     * record when its session uses connection IDs (RFC 9146 §6). Written by the owning loop only.
     */
    volatile InetSocketAddress address;
    /** The index of the event loop that owns the peer (the one that admitted it); a move does not change it. */
    final int loop;
    /** The CID the peer's records carry, once the table knows the peer by it; else null. */
    volatile ByteBuffer connectionId;
    final DtlsEngine engine;
    private final PeerOutbox outbox;
    final long createdAt;
    /**
     * The client random of the ClientHello that created this peer's engine: a later ClientHello with
     * the same random is a copy of it (RFC 6347 §4.2.8), not a client that started over. Kept as its
     * last 16 bytes (the first 4 may be a clock, RFC 5246 §7.4.1.2): two longs cost less heap than an
     * array for the session's lifetime (issue #11), and a client that starts over draws a new random,
     * which matches these 128 bits only by chance.
     */
    private final long randomHigh;
    private final long randomLow;
    private final boolean hasRandom;

    // owned by the loop thread
    long lastActivity;
    boolean established;
    long deadline = Long.MAX_VALUE;
    int heapIndex = -1;
    PeerState older;
    PeerState newer;
    boolean listed;
    /**
     * A handshake with a new client random from this address, under way beside this established
     * session; it replaces this one only once it completes (RFC 6347 §4.2.8). Null most of the time.
     */
    PeerState restart;
    /** On such a handshake: the established session it will replace. */
    PeerState replaces;

    // read by any thread
    private volatile SessionInfo session;
    /** Taken on the loop thread at completion; thread-safe itself, and dead once the engine closes. */
    private volatile KeyExporter exporter;
    private volatile int maxSendSize;
    volatile boolean removed;
    /** Bytes of datagrams and sends queued for this peer and not yet handled by its loop. */
    @SuppressWarnings("unused")
    private volatile int pendingBytes;

    PeerState(InetSocketAddress address, DtlsEngine engine, PeerOutbox outbox, byte[] clientRandom, long now) {
        this(address, 0, engine, outbox, clientRandom, now);
    }

    PeerState(InetSocketAddress address, int loop, DtlsEngine engine, PeerOutbox outbox, byte[] clientRandom, long now) {
        this.address = address;
        this.loop = loop;
        this.hasRandom = clientRandom != null && clientRandom.length == 32;
        this.randomHigh = hasRandom ? readLong(clientRandom, 16) : 0;
        this.randomLow = hasRandom ? readLong(clientRandom, 24) : 0;
        this.engine = engine;
        this.outbox = outbox;
        this.createdAt = now;
        this.lastActivity = now;
    }

    /** Whether {@code random} (a ClientHello's 32 bytes) is the one that created this peer's engine. */
    boolean sameClientRandom(byte[] random) {
        return hasRandom && random != null && random.length == 32
                && readLong(random, 16) == randomHigh && readLong(random, 24) == randomLow;
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** Reserves {@code n} bytes of the peer's buffer; false (and nothing reserved) when over {@code limit}. */
    boolean reserve(int n, int limit) {
        int now = (int) PENDING.getAndAdd(this, n);
        if (now + n > limit) {
            PENDING.getAndAdd(this, -n);
            return false;
        }
        return true;
    }

    void release(int n) {
        PENDING.getAndAdd(this, -n);
    }

    void markEstablished(SessionInfo info, int maxSendSize, KeyExporter exporter) {
        this.established = true;
        this.maxSendSize = maxSendSize;
        this.exporter = exporter;
        this.session = info;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return address;
    }

    @Override
    public SessionInfo session() {
        return session;
    }

    @Override
    public int maxSendSize() {
        return maxSendSize;
    }

    @Override
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        return establishedExporter().exportKeyingMaterial(label, context, length);
    }

    @Override
    public SrtpKeys srtpKeys() {
        KeyExporter sessionExporter = establishedExporter();
        return SrtpKeys.of(session, sessionExporter);
    }

    private KeyExporter establishedExporter() {
        KeyExporter sessionExporter = exporter;
        if (sessionExporter == null) {
            throw new IllegalStateException("the session with " + address + " is not established");
        }
        return sessionExporter;
    }

    @Override
    public void send(byte[] data) {
        outbox.send(this, data);
    }

    @Override
    public void send(ByteBuffer data) {
        outbox.send(this, data);
    }

    @Override
    public String toString() {
        return "PeerSession[" + address + (removed ? ", gone]" : "]");
    }
}
