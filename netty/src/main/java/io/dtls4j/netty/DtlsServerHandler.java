package io.dtls4j.netty;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.PregeneratedEphemeralKeys;
import io.dtls4j.engine.CookieGate;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.engine.EngineStats;
import io.dtls4j.engine.PacketDemux;
import io.dtls4j.session.ResumptionPolicy;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.TicketKeyRing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static io.dtls4j.netty.DtlsServerCounter.BYTES_IN;
import static io.dtls4j.netty.DtlsServerCounter.CONNECTION_ID_COLLISIONS;
import static io.dtls4j.netty.DtlsServerCounter.PEER_ADDRESSES_MOVED;
import static io.dtls4j.netty.DtlsServerCounter.BYTES_OUT;
import static io.dtls4j.netty.DtlsServerCounter.DATAGRAMS_IN;
import static io.dtls4j.netty.DtlsServerCounter.DATAGRAMS_OUT;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_BAD_MAC;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_MALFORMED;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_REPLAY;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_TOO_BIG;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_UNKNOWN_PEER;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_ABORTED;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_COMPLETED;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_FAILED_LOCAL_ALERT;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_FAILED_PEER_ALERT;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_FAILED_TIMEOUT;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_IN_PROGRESS;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_STARTED;
import static io.dtls4j.netty.DtlsServerCounter.HELLO_VERIFY_REQUESTS_SENT;
import static io.dtls4j.netty.DtlsServerCounter.INTERNAL_ERRORS;
import static io.dtls4j.netty.DtlsServerCounter.NON_DTLS_DATAGRAMS;
import static io.dtls4j.netty.DtlsServerCounter.NON_DTLS_DROPPED;
import static io.dtls4j.netty.DtlsServerCounter.REFUSED_HANDSHAKE_LIMIT;
import static io.dtls4j.netty.DtlsServerCounter.REFUSED_SESSION_LIMIT;
import static io.dtls4j.netty.DtlsServerCounter.SENDS_DROPPED;
import static io.dtls4j.netty.DtlsServerCounter.SEND_ERRORS;
import static io.dtls4j.netty.DtlsServerCounter.SESSIONS;
import static io.dtls4j.netty.DtlsServerCounter.SESSIONS_CLOSED;
import static io.dtls4j.netty.DtlsServerCounter.SESSIONS_EVICTED;
import static io.dtls4j.netty.DtlsServerCounter.SESSIONS_EXPIRED_IDLE;
import static io.dtls4j.netty.DtlsServerCounter.SESSIONS_FAILED;

/**
 * A DTLS server for many peers on one Netty {@code DatagramChannel}: put it in the channel's
 * pipeline (one instance per channel; it is not sharable) and handle {@link DtlsPacket}s and
 * {@link DtlsPeerEvent}s after it.
 *
 * <h2>Inbound</h2>
 * Each {@link DatagramPacket} is routed by its sender's address. A datagram from an address without
 * a session goes through the stateless {@link CookieGate} first (RFC 6347 §4.2.1): a ClientHello
 * without a valid cookie gets a HelloVerifyRequest (never larger than the ClientHello) and nothing
 * is stored; anything else that is not a ClientHello with a valid cookie is dropped and counted.
 * Only a valid cookie creates an engine, and then only within {@code maxSessions} and
 * {@code maxHandshakes}. Decrypted records go up as {@link DtlsPacket}s (with the peer's address and
 * {@link SessionInfo}); completion, failure and close go up as {@link DtlsPeerEvent} user events.
 * Every received datagram is released here. A heap datagram is decrypted in its own memory; a
 * direct one is copied once into a reused heap buffer. Other inbound messages pass through.
 *
 * <h2>Connection IDs</h2>
 * With {@code DtlsConfig.Builder.connectionIdLength} set, sessions may negotiate connection IDs
 * (RFC 9146): a datagram whose first record carries a CID this handler issued goes to that session
 * whatever its sender, and when it held the session's newest authenticated record the session moves
 * to the sender's address ({@link DtlsPeerEvent.AddressChanged}, {@link DtlsServerCounter#PEER_ADDRESSES_MOVED}).
 *
 * <h2>Outbound</h2>
 * Write a {@link DtlsPacket}: its content is sealed as one record and written as a
 * {@link DatagramPacket} to its peer. A packet for a peer without an established session, or too
 * large for one record, fails its promise (and is counted in {@link DtlsServerCounter#SENDS_DROPPED}).
 * Anything else written to this handler fails its promise: cleartext never goes out by mistake.
 *
 * <h2>Timers</h2>
 * Retransmissions, the handshake timeout and the idle timeout run on the channel's event loop, one
 * scheduled task per peer at the earliest of its deadlines; no thread of its own. Unless the
 * configuration sets {@link DtlsConfig.Builder#ephemeralKeys}, ECDHE key pairs are made ahead of the
 * handshakes on {@code ForkJoinPool.commonPool()} ({@link PregeneratedEphemeralKeys}).
 *
 * <h2>Closing</h2>
 * Closing the channel first sends close_notify to every peer. {@link #closePeer} closes one session.
 */
public final class DtlsServerHandler extends ChannelDuplexHandler {
    /**
     * The receive buffer a channel should read datagrams into: room for any datagram a DTLS record can
     * fill and one byte more, so that a longer datagram is counted as too big rather than cut short.
     * Netty's datagram channels read into 2048-byte buffers unless told otherwise
     * ({@code ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER_SIZE)}).
     */
    public static final int RECEIVE_BUFFER_SIZE = DtlsEngine.MAX_RECORD_SIZE + 1;
    /** How far from the least recently active end eviction looks for an established session. */
    private static final int EVICTION_SCAN = 64;

    private final DtlsConfig config;
    private final CookieGate gate;
    private final int maxSessions;
    private final int maxHandshakes;
    private final long handshakeTimeoutMillis;
    private final long idleTimeoutMillis;
    private final boolean evictIdleWhenFull;
    /** Datagrams that are not DTLS go down the pipeline, and raw DatagramPacket writes go out. */
    private final boolean passNonDtls;
    private final SessionCache sessionCache;
    private final TicketKeyRing ticketKeyRing;
    private final ResumptionPolicy resumptionPolicy;
    private final ServerCounters counters = new ServerCounters();
    /** Peers past the cookie check; in order of last authentic activity when eviction is on. */
    private final Map<InetSocketAddress, Peer> peers;
    /**
     * Established peers whose session negotiated a non-empty connection ID (RFC 9146), by the CID their
     * records carry; at most one entry per peer, removed with it.
     */
    private final Map<ByteBuffer, Peer> peersByConnectionId = new HashMap<>();
    /** The length of the CIDs this server issues; 0 or less when it routes by address only. */
    private final int cidLength;
    /** Holds the CID of the datagram being routed, to look it up without allocating (event loop only). */
    private final byte[] cidLookup;
    private final ByteBuffer cidLookupKey;
    /** The source of the datagram being fed to a known peer (for {@link #followPeer}); null otherwise. */
    private InetSocketAddress source;
    private final EngineInbox inbox = new EngineInbox();
    private final ByteBuffer scratch = EngineIo.newScratch();
    private final ChannelFutureListener countSendErrors = f -> {
        if (!f.isSuccess()) {
            counters.increment(SEND_ERRORS);
        }
    };
    private ChannelHandlerContext ctx;
    private boolean closing;

    /** Everything the handler keeps for one peer that passed the cookie check. Event loop only. */
    private final class Peer implements Runnable {
        /** The peer's address; a session with connection IDs follows it when it changes (RFC 9146 §6). */
        InetSocketAddress address;
        /** The CID the peer's records carry, once {@link #peersByConnectionId} holds the peer by it. */
        ByteBuffer connectionId;
        final DtlsEngine engine;
        final long createdAt;
        long lastActivity;
        boolean established;
        boolean removed;
        SessionInfo session;
        ScheduledFuture<?> timer;
        long timerAt = Long.MAX_VALUE;

        Peer(InetSocketAddress address, DtlsEngine engine, long now) {
            this.address = address;
            this.engine = engine;
            this.createdAt = now;
            this.lastActivity = now;
        }

        @Override
        public void run() {
            timer = null;
            timerAt = Long.MAX_VALUE;
            onTimer(this);
        }
    }

    private DtlsServerHandler(Builder b) {
        // the common pool, not the event loop (a P-256 key takes about a millisecond) nor a thread of
        // ours (a handler has no close hook to end it); when the pool is busy, handshakes generate inline
        DtlsConfig withPools = b.config.withTransportDefaults(PregeneratedEphemeralKeys.on(ForkJoinPool.commonPool()), null);
        // RFC 9146: records are found by CID, so no two established sessions may share one (engines run
        // on the event loop, which alone touches the map)
        this.config = withPools.connectionIdLength() <= 0 ? withPools : withPools.toBuilder().connectionIdGenerator(
                withPools.connectionIdGenerator().avoiding(cid -> peersByConnectionId.containsKey(ByteBuffer.wrap(cid)))).build();
        this.gate = new CookieGate(b.config);
        this.maxSessions = b.maxSessions;
        this.maxHandshakes = b.maxHandshakes;
        this.handshakeTimeoutMillis = b.handshakeTimeout.toMillis();
        this.idleTimeoutMillis = b.idleTimeout.toMillis();
        this.evictIdleWhenFull = b.evictIdleWhenFull;
        this.passNonDtls = b.passNonDtls;
        this.sessionCache = b.sessionCache;
        this.ticketKeyRing = b.ticketKeyRing;
        this.resumptionPolicy = b.resumptionPolicy;
        this.peers = evictIdleWhenFull ? new LinkedHashMap<>() : new HashMap<>();
        this.cidLength = b.config.connectionIdLength();
        this.cidLookup = new byte[Math.max(cidLength, 0)];
        this.cidLookupKey = ByteBuffer.wrap(cidLookup);
    }

    /** A builder for a handler with {@code config}, which must hold the server's certificate and key (or raw key). */
    public static Builder builder(DtlsConfig config) {
        return new Builder(config);
    }

    /** A snapshot of the counters; from any thread. */
    public DtlsServerStats stats() {
        return counters.snapshot();
    }

    /**
     * Sends close_notify to {@code peer} and ends its session ({@link DtlsPeerEvent.Closed} follows, or
     * {@link DtlsPeerEvent.Failed} for a handshake under way). From any thread; nothing happens for an
     * unknown peer or before the handler is in a pipeline.
     */
    public void closePeer(InetSocketAddress peer) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return;
        }
        if (!c.executor().inEventLoop()) {
            c.executor().execute(() -> closePeer(peer));
            return;
        }
        Peer p = peers.get(peer);
        if (p != null) {
            closeSession(p, EngineIo.nowMillis());
            c.flush();
        }
    }

    /** Peers holding state now; event loop only (tests). */
    int peerTableSize() {
        return peers.size();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropAll(); // the pipeline no longer reaches the socket: nothing can be sent
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (passNonDtls && !isDtls(ctx, packet)) {
            return;
        }
        try {
            onDatagram(packet.content(), packet.sender());
        } catch (RuntimeException e) {
            inbox.clear();
            counters.increment(INTERNAL_ERRORS); // one bad datagram must not take the other peers down
        } finally {
            packet.release();
        }
    }

    /**
     * RFC 7983 §7 (as updated by RFC 9443 §3): a datagram that is not DTLS goes to the next handler
     * as it came (it releases it); one whose first byte belongs to no protocol is dropped.
     */
    private boolean isDtls(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        if (!content.isReadable()) {
            return true;
        }
        PacketDemux.Kind kind = PacketDemux.classify(content.getUnsignedByte(content.readerIndex()));
        if (kind == PacketDemux.Kind.DTLS) {
            return true;
        }
        counters.increment(DATAGRAMS_IN);
        counters.add(BYTES_IN, content.readableBytes());
        if (kind == PacketDemux.Kind.UNASSIGNED) {
            counters.increment(NON_DTLS_DROPPED);
            packet.release();
        } else {
            counters.increment(NON_DTLS_DATAGRAMS);
            ctx.fireChannelRead(packet);
        }
        return false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // handshake flights and HelloVerifyRequests written while reading
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (passNonDtls && msg instanceof DatagramPacket raw) {
            ctx.write(raw, promise); // the application's STUN, RTP...: out as it is, on the same channel
            return;
        }
        if (!(msg instanceof DtlsPacket packet)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("DtlsServerHandler sends only DtlsPacket, not "
                    + msg.getClass().getName() + ": write new DtlsPacket(content, peerAddress)"));
            return;
        }
        try {
            Peer p = peers.get(packet.peer());
            if (p == null || p.removed || p.engine.state() != EngineState.CONNECTED) {
                counters.increment(SENDS_DROPPED);
                promise.setFailure(new IllegalStateException("no established DTLS session with " + packet.peer()
                        + ": wait for DtlsPeerEvent.Established"));
                return;
            }
            long now = EngineIo.nowMillis();
            ByteBuf record;
            try {
                record = EngineIo.seal(p.engine, config, packet.content(), ctx.alloc(), now);
            } catch (IllegalArgumentException e) {
                counters.increment(SENDS_DROPPED);
                promise.setFailure(e);
                return;
            }
            touch(p, now);
            counters.increment(DATAGRAMS_OUT);
            counters.add(BYTES_OUT, record.readableBytes());
            ChannelPromise sent = promise.unvoid(); // a void promise takes no listener
            sent.addListener(countSendErrors);
            ctx.write(new DatagramPacket(record, p.address), sent);
        } finally {
            packet.release();
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        closeAll();
        ctx.flush();
        ctx.close(promise);
    }

    // ---- inbound ----

    private void onDatagram(ByteBuf content, InetSocketAddress from) {
        int n = content.readableBytes();
        counters.increment(DATAGRAMS_IN);
        counters.add(BYTES_IN, n);
        if (n > EngineIo.MAX_DATAGRAM) {
            counters.increment(DROPPED_TOO_BIG);
            return;
        }
        if (from == null) {
            counters.increment(DROPPED_UNKNOWN_PEER);
            return;
        }
        ByteBuffer datagram = EngineIo.view(content, scratch);
        long now = EngineIo.nowMillis();
        Peer p = byConnectionId(datagram);
        if (p == null) {
            p = peers.get(from);
        }
        if (p != null) {
            source = from;
            try {
                receive(p, datagram, now);
            } finally {
                source = null;
            }
        } else if (closing) {
            counters.increment(DROPPED_UNKNOWN_PEER);
        } else {
            inspect(from, datagram, now);
        }
    }

    /** A datagram from an address without a session: the cookie gate decides, keeping no state. */
    /**
     * RFC 9146 §4: a datagram whose first record is tls12_cid (type 25) belongs to the session that
     * issued the CID at offset 11 of its header (after type, version, epoch, sequence number), whatever
     * address it came from; null when it is no such datagram or no session has that CID.
     */
    private Peer byConnectionId(ByteBuffer datagram) {
        int at = datagram.position();
        if (cidLength <= 0 || peersByConnectionId.isEmpty() || datagram.remaining() < 11 + cidLength + 2
                || datagram.get(at) != 25) {
            return null;
        }
        datagram.get(at + 11, cidLookup);
        return peersByConnectionId.get(cidLookupKey);
    }

    /**
     * RFC 9146 §6: the datagram came from an address other than the peer's, found it by CID, and its
     * engine says it held the newest authenticated record: the peer moved, so the session follows.
     * Forged, replayed or older records move nothing.
     */
    private void followPeer(Peer p, InetSocketAddress from) {
        if (p.removed || !p.established || p.connectionId == null || from.equals(p.address)
                || !p.engine.lastDatagramAdvanced()) {
            return;
        }
        InetSocketAddress previous = p.address;
        peers.remove(previous, p);
        p.address = from;
        peers.putIfAbsent(from, p); // an address another session holds stays that session's
        counters.increment(PEER_ADDRESSES_MOVED);
        fire(new DtlsPeerEvent.AddressChanged(from, previous, p.session));
    }

    private void inspect(InetSocketAddress from, ByteBuffer datagram, long now) {
        CookieGate.Decision decision = gate.inspect(datagram, CookieGate.addressBytes(from), now);
        if (decision instanceof CookieGate.Decision.Reply reply) {
            counters.increment(HELLO_VERIFY_REQUESTS_SENT);
            writeDatagram(reply.helloVerifyRequest(), from);
        } else if (decision instanceof CookieGate.Decision.Accept) {
            admit(from, datagram, now);
        } else {
            counters.increment(DROPPED_UNKNOWN_PEER);
        }
    }

    /** Creates the engine for a peer whose ClientHello carried a valid cookie, within the limits. */
    private void admit(InetSocketAddress from, ByteBuffer datagram, long now) {
        if (peers.size() >= maxSessions && (!evictIdleWhenFull || !evictOldestIdle(now))) {
            counters.increment(REFUSED_SESSION_LIMIT);
            return;
        }
        if (counters.get(HANDSHAKES_IN_PROGRESS) >= maxHandshakes) {
            counters.increment(REFUSED_HANDSHAKE_LIMIT);
            return;
        }
        DtlsEngine engine = DtlsEngine.server(config, CookieGate.addressBytes(from), gate, sessionCache, ticketKeyRing,
                resumptionPolicy);
        inbox.attach(engine);
        Peer p = new Peer(from, engine, now);
        peers.put(from, p);
        counters.increment(HANDSHAKES_IN_PROGRESS);
        counters.increment(HANDSHAKES_STARTED);
        feed(p, datagram, now);
    }

    private void receive(Peer p, ByteBuffer datagram, long now) {
        if (p.established && isEpochZeroClientHello(datagram)) {
            // RFC 6347 §4.2.8: a new ClientHello on an established association means the client may
            // have lost its state; once it proves its address with a cookie, start afresh
            CookieGate.Decision decision = gate.inspect(datagram, CookieGate.addressBytes(p.address), now);
            if (decision instanceof CookieGate.Decision.Reply reply) {
                counters.increment(HELLO_VERIFY_REQUESTS_SENT);
                writeDatagram(reply.helloVerifyRequest(), p.address);
                return;
            }
            if (decision instanceof CookieGate.Decision.Accept) {
                retire(p);
                counters.increment(SESSIONS_CLOSED);
                fire(new DtlsPeerEvent.Closed(p.address, p.session));
                admit(p.address, datagram, now);
                return;
            }
        }
        feed(p, datagram, now);
    }

    private static boolean isEpochZeroClientHello(ByteBuffer d) {
        // record: type(1) version(2) epoch(2) seq(6) length(2); then the handshake type
        int i = d.position();
        return d.remaining() > 13 && d.get(i) == 22 && d.get(i + 3) == 0 && d.get(i + 4) == 0 && d.get(i + 13) == 1;
    }

    /** Gives a datagram to the peer's engine, then reports, sends and re-arms what follows. */
    private void feed(Peer p, ByteBuffer datagram, long now) {
        EngineStats s = p.engine.stats();
        long received = s.recordsReceived();
        long badMac = s.droppedBadMac();
        long replay = s.droppedReplay();
        long malformed = malformed(s);
        inbox.receive(p.engine, datagram, now, ctx.alloc());
        if (source != null) {
            followPeer(p, source); // before anything is sent: answers go to where the peer is now
        }
        counters.add(DROPPED_BAD_MAC, s.droppedBadMac() - badMac);
        counters.add(DROPPED_REPLAY, s.droppedReplay() - replay);
        counters.add(DROPPED_MALFORMED, malformed(s) - malformed);
        if (s.recordsReceived() != received) {
            touch(p, now); // only authentic records count as activity: forged ones must not keep a session alive
        }
        pump(p);
        reschedule(p, now);
    }

    private static long malformed(EngineStats s) {
        return s.droppedBadRecord() + s.droppedUnknownEpoch() + s.droppedUnexpected();
    }

    private void touch(Peer p, long now) {
        p.lastActivity = now;
        if (evictIdleWhenFull && peers.remove(p.address) == p) {
            peers.put(p.address, p); // to the most recently active end
        }
    }

    /**
     * Passes on what the engine produced, in its order, then writes what it queued. Events first:
     * the pipeline hears of the completion before the peer can see our Finished.
     */
    private void pump(Peer p) {
        Object item;
        while ((item = inbox.poll()) != null) {
            if (item instanceof ByteBuf data) {
                if (p.removed) {
                    data.release();
                } else {
                    ctx.fireChannelRead(new DtlsPacket(data, p.address, p.session));
                }
            } else if (!p.removed) {
                onEvent(p, (DtlsEvent) item);
            }
        }
        ByteBuffer out;
        while ((out = p.engine.pollDatagram()) != null) {
            writeDatagram(out, p.address);
        }
    }

    private void onEvent(Peer p, DtlsEvent event) {
        if (event instanceof DtlsEvent.HandshakeCompleted done) {
            p.established = true;
            p.session = done.session();
            byte[] cid = p.session.readConnectionId();
            if (cid != null && cid.length > 0) {
                ByteBuffer key = ByteBuffer.wrap(cid).asReadOnlyBuffer();
                if (peersByConnectionId.putIfAbsent(key, p) == null) {
                    p.connectionId = key;
                } else {
                    counters.increment(CONNECTION_ID_COLLISIONS);
                }
            }
            counters.decrement(HANDSHAKES_IN_PROGRESS);
            counters.increment(SESSIONS);
            counters.increment(HANDSHAKES_COMPLETED);
            fire(new DtlsPeerEvent.Established(p.address, p.session, p.engine.exporter(),
                    p.engine.maxApplicationDataSize()));
        } else if (event instanceof DtlsEvent.Closed closed) {
            boolean wasEstablished = p.established;
            retire(p);
            if (wasEstablished) {
                counters.increment(SESSIONS_CLOSED);
                fire(new DtlsPeerEvent.Closed(p.address, p.session));
            } else {
                counters.increment(HANDSHAKES_ABORTED);
                fire(new DtlsPeerEvent.Failed(p.address, new DtlsException(AlertDescription.CLOSE_NOTIFY,
                        closed.byPeer(), "closed before the handshake completed", null), false));
            }
        } else if (event instanceof DtlsEvent.Failed failed) {
            boolean wasEstablished = p.established;
            retire(p);
            DtlsException cause = failed.cause();
            if (wasEstablished) {
                counters.increment(SESSIONS_FAILED);
            } else if (failed.timedOut()) {
                counters.increment(HANDSHAKES_FAILED_TIMEOUT);
            } else if (cause.alertFromPeer()) {
                counters.increment(HANDSHAKES_FAILED_PEER_ALERT);
            } else {
                counters.increment(HANDSHAKES_FAILED_LOCAL_ALERT);
            }
            fire(new DtlsPeerEvent.Failed(p.address, cause, failed.timedOut()));
        }
        // warning alerts other than close_notify change nothing here
    }

    private void fire(DtlsPeerEvent event) {
        ctx.fireUserEventTriggered(event);
    }

    private void writeDatagram(ByteBuffer datagram, InetSocketAddress to) {
        counters.increment(DATAGRAMS_OUT);
        counters.add(BYTES_OUT, datagram.remaining());
        // the engine's datagrams are heap buffers it no longer touches: wrapped, not copied
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to)).addListener(countSendErrors);
    }

    /** Takes a peer out of the table and cancels its timer; its engine is not touched. */
    private void retire(Peer p) {
        p.removed = true;
        peers.remove(p.address, p);
        if (p.connectionId != null) {
            peersByConnectionId.remove(p.connectionId, p);
        }
        if (p.timer != null) {
            p.timer.cancel(false);
            p.timer = null;
        }
        counters.decrement(p.established ? SESSIONS : HANDSHAKES_IN_PROGRESS);
    }

    // ---- timers ----

    /** The time this peer's handshake or idle period runs out. */
    private long expiry(Peer p) {
        return p.established ? saturatedAdd(p.lastActivity, idleTimeoutMillis)
                : saturatedAdd(p.createdAt, handshakeTimeoutMillis);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * Arms the peer's timer for the earlier of the engine's deadline and its expiry. A timer that is
     * already earlier stays: when it fires the peer is looked at and re-armed, so activity that pushes
     * the idle expiry later costs no scheduling.
     */
    private void reschedule(Peer p, long now) {
        if (p.removed) {
            return;
        }
        long target = Math.max(Math.min(p.engine.nextDeadline(), expiry(p)), now + 1);
        if (p.timer != null && p.timerAt <= target) {
            return;
        }
        if (p.timer != null) {
            p.timer.cancel(false);
        }
        p.timerAt = target;
        p.timer = ctx.executor().schedule(p, target - now, TimeUnit.MILLISECONDS);
    }

    private void onTimer(Peer p) {
        if (p.removed) {
            return;
        }
        long now = EngineIo.nowMillis();
        try {
            if (p.engine.nextDeadline() <= now) {
                p.engine.handleTimeout(now); // retransmits, or fails the handshake
                inbox.collect(p.engine);
                pump(p);
            }
            if (p.removed) {
                return;
            }
            if (!p.established && now - p.createdAt >= handshakeTimeoutMillis) {
                retire(p);
                counters.increment(HANDSHAKES_FAILED_TIMEOUT);
                fire(new DtlsPeerEvent.Failed(p.address, new DtlsException(null, "handshake with " + p.address
                        + " not completed within " + handshakeTimeoutMillis + " ms"), true));
            } else if (p.established && now - p.lastActivity >= idleTimeoutMillis) {
                counters.increment(SESSIONS_EXPIRED_IDLE);
                closeSession(p, now);
            } else {
                reschedule(p, now);
            }
        } catch (RuntimeException e) {
            inbox.clear();
            counters.increment(INTERNAL_ERRORS);
            if (!p.removed) { // its timer is gone: drop the peer rather than keep it forever
                boolean wasEstablished = p.established;
                retire(p);
                counters.increment(wasEstablished ? SESSIONS_FAILED : HANDSHAKES_FAILED_LOCAL_ALERT);
                fire(new DtlsPeerEvent.Failed(p.address,
                        new DtlsException(AlertDescription.INTERNAL_ERROR, "internal error: " + e, e), false));
            }
        } finally {
            ctx.flush();
        }
    }

    /** Sends close_notify and ends the session (Closed follows, or Failed mid-handshake). */
    private void closeSession(Peer p, long now) {
        p.engine.close(now);
        inbox.collect(p.engine);
        pump(p);
        if (!p.removed) { // an engine that had already ended reports nothing more
            boolean wasEstablished = p.established;
            retire(p);
            counters.increment(wasEstablished ? SESSIONS_CLOSED : HANDSHAKES_ABORTED);
            fire(wasEstablished ? new DtlsPeerEvent.Closed(p.address, p.session)
                    : new DtlsPeerEvent.Failed(p.address, new DtlsException(AlertDescription.CLOSE_NOTIFY,
                    "handshake abandoned: the server closed it"), false));
        }
    }

    /** Closes the least recently active established session; false when there is none near that end. */
    private boolean evictOldestIdle(long now) {
        Iterator<Peer> it = peers.values().iterator();
        for (int i = 0; it.hasNext() && i < EVICTION_SCAN; i++) {
            Peer p = it.next();
            if (p.established) {
                counters.increment(SESSIONS_EVICTED);
                closeSession(p, now);
                return true;
            }
        }
        return false;
    }

    /** Before the channel closes: close_notify to every peer. */
    private void closeAll() {
        if (ctx == null || closing) {
            return;
        }
        closing = true;
        long now = EngineIo.nowMillis();
        for (Peer p : new ArrayList<>(peers.values())) {
            closeSession(p, now);
        }
    }

    /** The channel is gone: forget every peer without sending (each still hears its end). */
    private void dropAll() {
        closing = true;
        for (Peer p : new ArrayList<>(peers.values())) {
            boolean wasEstablished = p.established;
            retire(p);
            counters.increment(wasEstablished ? SESSIONS_CLOSED : HANDSHAKES_ABORTED);
        }
        inbox.clear();
    }

    /** Settings of a {@link DtlsServerHandler}; every limit has a safe default. Not thread-safe. */
    public static final class Builder {
        private final DtlsConfig config;
        private int maxSessions = 10_000;
        private int maxHandshakes = 1_000;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private boolean evictIdleWhenFull;
        private boolean passNonDtls;
        private SessionCache sessionCache;
        private TicketKeyRing ticketKeyRing;
        private ResumptionPolicy resumptionPolicy;

        private Builder(DtlsConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Peers holding state (established plus handshaking) at most; default 10,000. */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = positive(maxSessions, "maxSessions");
            return this;
        }

        /** Handshakes under way at most; default 1,000. */
        public Builder maxHandshakes(int maxHandshakes) {
            this.maxHandshakes = positive(maxHandshakes, "maxHandshakes");
            return this;
        }

        /** A peer whose handshake has not completed this long after its admission is dropped; default 30 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** An established session with no authentic record either way for this long is closed; default 5 min. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * When {@code maxSessions} is reached: true closes the least recently active established
         * session to admit the new peer; false (the default) refuses the new peer.
         */
        public Builder evictIdleWhenFull(boolean evict) {
            this.evictIdleWhenFull = evict;
            return this;
        }

        /**
         * For a channel shared with STUN, TURN or RTP as in WebRTC (RFC 7983 §7): true passes every
         * datagram that is not DTLS down the pipeline as the {@code DatagramPacket} it came as (the
         * next handler must release it), counted as {@link DtlsServerCounter#NON_DTLS_DATAGRAMS}, and
         * lets {@code DatagramPacket} writes through to the channel unchanged, for the application's
         * own datagrams. False (the default): such datagrams are dropped on the DTLS path and only
         * {@link DtlsPacket} may be written.
         */
        public Builder passNonDtls(boolean pass) {
            this.passNonDtls = pass;
            return this;
        }

        /**
         * Resumes sessions by session ID from {@code cache} (RFC 5246 §7.3), shared with other handlers or
         * servers if wanted; null (the default) keeps none.
         */
        public Builder sessionCache(SessionCache cache) {
            this.sessionCache = cache;
            return this;
        }

        /**
         * Issues and accepts session tickets (RFC 5077) sealed under {@code ring}; servers given the same
         * keys resume each other's sessions. Null (the default) issues none.
         */
        public Builder ticketKeyRing(TicketKeyRing ring) {
            this.ticketKeyRing = ring;
            return this;
        }

        /**
         * Asked before a session is resumed from the cache or a ticket (e.g. is the client certificate still
         * trusted?); false gives a full handshake. Null (the default) allows every resumption the engine's
         * own rules allow.
         */
        public Builder resumptionPolicy(ResumptionPolicy policy) {
            this.resumptionPolicy = policy;
            return this;
        }

        /** A handler for one channel. */
        public DtlsServerHandler build() {
            // the engine's rules, checked now rather than at the first peer
            DtlsEngine.checkServerConfig(config);
            return new DtlsServerHandler(this);
        }

        private static int positive(int n, String what) {
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + n);
            }
            return n;
        }

        static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
