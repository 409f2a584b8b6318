package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.PregeneratedEphemeralKeys;
import io.dtls4j.engine.CookieGate;
import io.dtls4j.session.ResumptionPolicy;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.PacketDemux;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A DTLS server for many peers on one UDP socket (IPv4 or IPv6).
 *
 * <h2>Threads</h2>
 * A fixed set of threads, whatever the number of peers: one <em>receiver</em> thread blocks in
 * {@link DatagramChannel#receive} and {@code threads} <em>event loop</em> threads drive the engines.
 * On the server's own socket the loops read instead, with no receiver thread: one loop its socket,
 * or, on Linux, each of several loops a socket of its own in one SO_REUSEPORT group on the port
 * (the kernel keeps the datagrams of one address pair on one socket, so a peer stays with the loop
 * that admitted it). Such a loop waits in a selector for datagrams, tasks and deadlines alike, which
 * saves a hand-over between threads per datagram; the routing below is the same, and a datagram for
 * a peer of another loop (a peer that moved, RFC 9146) is handed to that loop.
 * Each peer belongs to one loop (the one that admitted it: the reading loop, or with a receiver
 * thread the loop chosen by a hash of the address), and only that loop touches its engine; a
 * datagram read by another thread reaches the owning loop through the loop's bounded queue (one
 * copy of the payload per datagram). Loops send on their socket directly (sends on a
 * {@code DatagramChannel} are thread-safe). Each loop keeps its peers' retransmission, handshake
 * and idle deadlines in a heap and sleeps until the next task, datagram or deadline: nothing spins.
 * Unless the configuration sets {@link DtlsConfig.Builder#ephemeralKeys}, one more daemon thread
 * ({@code -keys}) makes ECDHE key pairs ahead of the handshakes that take them; it runs only while
 * there are handshakes to make keys for.
 *
 * <h2>Admission</h2>
 * A datagram from an address without a session goes through the stateless {@link CookieGate} on
 * the receiver thread (RFC 6347 §4.2.1): a ClientHello without a valid cookie gets a
 * HelloVerifyRequest (never larger than the ClientHello) and nothing is stored; anything else that
 * is not a ClientHello with a valid cookie is dropped. Only a valid cookie makes the owning loop
 * create an engine, and then only within {@code maxSessions} and {@code maxHandshakes}; over
 * {@code maxSessions} the new peer is refused (silently: the client times out), or, with
 * {@link Builder#evictIdleWhenFull(boolean)}, the least recently active established session of that
 * loop is closed to make room. Peers are keyed by address in one {@link PeerTable}.
 *
 * <h2>Connection IDs</h2>
 * With {@link DtlsConfig.Builder#connectionIdLength} set, sessions may negotiate connection IDs
 * (RFC 9146). A datagram whose first record carries one of the CIDs this server issued goes to that
 * session whatever its source address; when the session's engine says it held the newest record that
 * authenticated ({@link DtlsEngine#lastDatagramAdvanced()}), the session moves to that address
 * (RFC 9146 §6, counted in {@link ServerStats#peerAddressesMoved()}, reported by
 * {@link DtlsServerListener#peerAddressChanged}). Forged, replayed or older records move nothing.
 *
 * <h2>Structure</h2>
 * The server owns the socket, the peer table and the counters, and makes the loops; a loop gets
 * only what it needs (the settings, the table, a {@link DatagramSender} onto the socket, the
 * listener, the counters) and never refers back to the server.
 *
 * <h2>Life cycle</h2>
 * {@link #builder} configures, {@link Builder#build()} returns a server that is not yet bound, and
 * {@link #start()} binds the port and starts the threads. {@link #close()} sends close_notify to
 * every peer, frees the port and joins the threads. The threads are not daemons: a started server
 * keeps the JVM alive until it is closed.
 *
 * <h2>A socket shared with STUN and RTP</h2>
 * For WebRTC-style use (RFC 7983 §7) the server can run on a socket the application already has
 * ({@link Builder#channel}) and hand the datagrams that are not DTLS to a {@link NonDtlsHandler}
 * instead of dropping them; {@link #sendRaw} sends the application's own datagrams on that socket.
 * Addresses the application has verified itself (ICE) can skip the cookie exchange
 * ({@link Builder#verifiedAddresses}).
 */
public final class DtlsServer implements AutoCloseable {
    /** The largest datagram worth reading: one record of the largest ciphertext (RFC 5246 §6.2.3). */
    static final int MAX_DATAGRAM = DtlsEngine.MAX_RECORD_SIZE;
    private static final int RECEIVE_BUFFER = 65536;
    /** How long a full send buffer of an inline loop's socket is waited out, and the pause between tries. */
    private static final long FULL_SEND_BUFFER_WAIT_NANOS = 2_000_000_000L;
    private static final long FULL_SEND_BUFFER_PAUSE_NANOS = 50_000L;
    /**
     * Default socket buffers: 64 datagrams of the largest record (about 1 MiB of payload, plus the
     * kernel's per-datagram overhead) for several peers at once.
     */
    static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    /** RFC 9146 §4: the content type of a record with a connection ID, and where its CID starts. */
    private static final int TLS12_CID = 25;
    private static final int CID_OFFSET = 11;

    private enum Phase { NEW, RUNNING, CLOSED }

    private final DtlsConfig config;
    /** Refills this server's ephemeral key pool ({@link KeyPools}); its thread starts with the first handshake. */
    private final KeyPools.RefillThread keyRefills;
    private final DtlsServerListener listener;
    /** The cookie gate each peer without a session goes through. */
    private final Admission gates;
    /** Where datagrams that are not DTLS go; null drops them on the DTLS path as before. */
    private final NonDtlsHandler nonDtlsHandler;
    /** The application's channel ({@link Builder#channel}); null when the server opens its own. */
    private final DatagramChannel givenChannel;
    private final boolean closeGivenChannel;
    /** Waits for datagrams on a given channel, which is non-blocking; null on the server's own. */
    private Selector selector;
    private volatile boolean receiving = true;
    /** What the non-DTLS handler sends through: one instance, not one per datagram. */
    private final RawSender rawSender = this::sendRaw;
    private final SessionCache sessionCache;
    private final TicketKeyRing ticketKeyRing;
    private final ResumptionPolicy resumptionPolicy;
    private final ServerSettings settings;
    private final ServerCounters counters = new ServerCounters();
    private final PeerTable table;
    private final InetSocketAddress bindAddress;
    private final int threads;
    /** Whether a server with several loops gives each its own socket on the port (SO_REUSEPORT), where that balances. */
    private final boolean reusePort;
    /**
     * True when the event loops read the sockets themselves: one loop on the server's own socket, or
     * one socket per loop on the same port. No receiver thread and no hand-over between threads per
     * datagram; the sockets are non-blocking then.
     */
    private boolean inline;
    /** The server's own sockets: one, or one per loop ({@link #inline} with several loops); null on a given channel. */
    private DatagramChannel[] channels;
    /** What each reading thread routes with: one for the receiver thread, one per loop when loops read. */
    private Reader[] readers;
    private final int receiveBufferBytes;
    private final int sendBufferBytes;
    /** The length of the connection IDs this server issues (RFC 9146); 0 or less when it routes by address only. */
    private final int cidLength;
    private int grantedReceiveBuffer;
    private int grantedSendBuffer;
    private Phase phase = Phase.NEW;
    private DatagramChannel channel;
    private EventLoop[] loops;
    private Thread receiver;
    private InetSocketAddress localAddress;

    private DtlsServer(Builder b) {
        this.keyRefills = KeyPools.refillThread(() -> threadNamePrefix() + "keys");
        this.settings = new ServerSettings(b.maxSessions, b.maxHandshakes, b.handshakeTimeout.toMillis(),
                b.idleTimeout.toMillis(), b.maxBufferedBytesPerPeer, b.evictIdleWhenFull);
        this.table = new PeerTable(settings.maxSessions());
        DtlsConfig withPools = b.config.withTransportDefaults(PregeneratedEphemeralKeys.on(keyRefills), null);
        // RFC 9146: the records of a session are found by its CID, so no two live sessions may share one
        this.config = withPools.connectionIdLength() <= 0 ? withPools : withPools.toBuilder()
                .connectionIdGenerator(withPools.connectionIdGenerator().avoiding(table::hasConnectionId)).build();
        this.listener = b.listener;
        this.gates = new Admission(b.config, b.verifiedAddresses, counters);
        this.nonDtlsHandler = b.nonDtlsHandler;
        this.givenChannel = b.channel;
        this.closeGivenChannel = b.closeChannel;
        this.sessionCache = b.sessionCache;
        this.ticketKeyRing = b.ticketKeyRing;
        this.resumptionPolicy = b.resumptionPolicy;
        this.bindAddress = b.bind;
        this.threads = b.threads;
        this.receiveBufferBytes = b.receiveBufferBytes;
        this.sendBufferBytes = b.sendBufferBytes;
        this.cidLength = b.config.connectionIdLength();
        this.reusePort = b.reusePort;
    }

    /** A builder for a server with {@code config}, which must hold the server's certificate and key. */
    public static Builder builder(DtlsConfig config) {
        return new Builder(config);
    }

    /** Binds the port and starts the receiver and event loop threads. */
    public synchronized void start() throws IOException {
        if (phase != Phase.NEW) {
            throw new IllegalStateException("server already " + (phase == Phase.RUNNING ? "started" : "closed"));
        }
        DatagramChannel ch = givenChannel != null ? adopt(givenChannel) : openChannel(bindAddress.getAddress());
        boolean socketPerLoop = givenChannel == null && threads > 1 && reusePort && reusePortBalances(ch);
        try {
            if (ch == givenChannel) {
                // the application's socket keeps the buffers the application gave it
                grantedReceiveBuffer = ch.getOption(StandardSocketOptions.SO_RCVBUF);
                grantedSendBuffer = ch.getOption(StandardSocketOptions.SO_SNDBUF);
            } else {
                bindOwn(ch, bindAddress, socketPerLoop);
                grantedReceiveBuffer = ch.getOption(StandardSocketOptions.SO_RCVBUF);
                grantedSendBuffer = ch.getOption(StandardSocketOptions.SO_SNDBUF);
            }
        } catch (IOException | RuntimeException e) {
            if (ch != givenChannel || closeGivenChannel) {
                ch.close();
            }
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        channel = ch;
        localAddress = (InetSocketAddress) ch.getLocalAddress();
        inline = givenChannel == null && (threads == 1 || socketPerLoop);
        if (givenChannel == null) {
            channels = new DatagramChannel[socketPerLoop ? threads : 1];
            channels[0] = ch;
            try {
                for (int i = 1; i < channels.length; i++) {
                    // RFC-free but kernel-defined: sockets of one SO_REUSEPORT group share the port, and
                    // Linux sends all datagrams of one address pair to the same socket, so a peer stays on one loop
                    channels[i] = openChannel(bindAddress.getAddress());
                    bindOwn(channels[i], localAddress, true);
                }
                if (inline) {
                    for (DatagramChannel c : channels) {
                        c.configureBlocking(false);
                    }
                }
            } catch (IOException | RuntimeException e) {
                closeOwnChannels();
                throw e;
            }
        }
        readers = new Reader[inline ? threads : 1];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = new Reader(cidLength, counters);
        }
        String name = "dtls4j-server-" + localAddress.getPort();
        loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            DatagramChannel out = inline ? channels[i] : ch; // inline: a socket per loop (one loop, one socket)
            loops[i] = new EventLoop(i, name + "-loop-" + i, settings, config, gates, sessionCache, table,
                    (datagram, to) -> sendOn(out, datagram, to), listener, counters);
            loops[i].ticketKeyRing(ticketKeyRing, resumptionPolicy);
        }
        if (inline) {
            try {
                for (int i = 0; i < threads; i++) {
                    int reader = i;
                    loops[i].receiveInline(channels[i], (from, datagram) -> dispatch(reader, from, datagram), RECEIVE_BUFFER);
                }
            } catch (IOException | RuntimeException e) {
                closeOwnChannels();
                throw e;
            }
        } else {
            receiver = new Thread(this::receiveLoop, name + "-receiver");
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
        if (receiver != null) {
            receiver.start();
        }
        phase = Phase.RUNNING;
    }

    /**
     * Takes the application's bound channel into non-blocking mode under a selector of our own, so
     * that {@link #close()} can stop the receiver without closing a socket that is not ours.
     */
    private DatagramChannel adopt(DatagramChannel ch) throws IOException {
        if (ch.getLocalAddress() == null) {
            throw new IllegalStateException("the channel given to DtlsServer.Builder.channel must be bound");
        }
        Selector s = Selector.open();
        try {
            ch.configureBlocking(false);
            ch.register(s, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            s.close(); // e.g. the channel is registered with a selector of the application's
            throw e;
        }
        selector = s;
        return ch;
    }

    /** Buffers, SO_REUSEPORT when the loops get a socket each, then bind. */
    private void bindOwn(DatagramChannel ch, InetSocketAddress address, boolean socketPerLoop) throws IOException {
        ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
        if (socketPerLoop) {
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
        ch.bind(address);
    }

    /**
     * Whether the loops can each have a socket of their own on the port: SO_REUSEPORT must be there,
     * and it must spread datagrams across the sockets by address, which Linux does (BSDs and macOS
     * give a port's unicast datagrams to one socket only: the other loops would idle).
     */
    private static boolean reusePortBalances(DatagramChannel ch) {
        return ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)
                && System.getProperty("os.name", "").startsWith("Linux");
    }

    private void closeOwnChannels() {
        if (channels == null) {
            return;
        }
        for (DatagramChannel c : channels) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** What one reading thread routes with; only that thread touches it. */
    private static final class Reader {
        /** The CID of the datagram being routed, looked up without allocating. */
        final byte[] cid;
        final ByteBuffer cidKey;
        /** Fragmented ClientHellos of peers without a session that arrived on this reader's socket. */
        final ClientHelloReassembly fragments;

        Reader(int cidLength, ServerCounters counters) {
            cid = new byte[Math.max(cidLength, 0)];
            cidKey = ByteBuffer.wrap(cid);
            fragments = new ClientHelloReassembly(counters);
        }
    }

    private static DatagramChannel openChannel(InetAddress bind) throws IOException {
        if (bind == null || bind.isAnyLocalAddress()) {
            return DatagramChannel.open(); // dual stack where the platform has IPv6
        }
        ProtocolFamily family = bind instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        return DatagramChannel.open(family);
    }

    /** The bound address; only once started. */
    public synchronized InetSocketAddress localAddress() {
        if (localAddress == null) {
            throw new IllegalStateException("server not started");
        }
        return localAddress;
    }

    /**
     * Sends {@code data} as one record to {@code peer}, from any thread, without blocking. Dropped and
     * counted ({@link ServerStats#sendsDropped()}) when the peer has no established session.
     *
     * @throws IllegalArgumentException when {@code data} does not fit in one record
     */
    public void send(InetSocketAddress peer, byte[] data) {
        Objects.requireNonNull(data, "data");
        PeerState p = table.get(peer);
        if (p == null) {
            counters.sendsDropped.increment();
            return;
        }
        p.send(data);
    }

    /**
     * Sends {@code datagram} as it is (not as a DTLS record) to {@code to} on the server's socket,
     * from any thread: for STUN responses, RTP and the like on a socket shared with DTLS. Counted in
     * {@link ServerStats#datagramsOut()}.
     *
     * @throws IOException when the socket refuses it (also when a non-blocking
     *                     {@linkplain Builder#channel given channel}'s send buffer is full)
     * @throws IllegalStateException when the server is not running
     */
    public void sendRaw(InetSocketAddress to, ByteBuffer datagram) throws IOException {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(datagram, "datagram");
        DatagramChannel ch;
        synchronized (this) {
            if (phase != Phase.RUNNING) {
                throw new IllegalStateException("server not running");
            }
            ch = channel;
        }
        sendOn(ch, datagram, to);
    }

    /**
     * The socket's receive buffer as the kernel granted it (Linux reports twice what it reserves for
     * data and caps requests at {@code net.core.rmem_max}); only once started. Smaller than
     * {@link Builder#receiveBufferSize} asked for means bursts may be lost in the kernel: raise the cap.
     */
    public synchronized int receiveBufferSize() {
        localAddress();
        return grantedReceiveBuffer;
    }

    /** The socket's send buffer as the kernel granted it ({@code net.core.wmem_max}); only once started. */
    public synchronized int sendBufferSize() {
        localAddress();
        return grantedSendBuffer;
    }

    /** A snapshot of the counters. */
    public ServerStats stats() {
        return counters.snapshot();
    }

    /** Peers that hold state now (established or handshaking): the size of the session table. */
    int peerCount() {
        return table.size();
    }

    /** Whether the event loops read the sockets themselves (no receiver thread); only once started. */
    synchronized boolean loopsReadSockets() {
        localAddress();
        return inline;
    }

    /** The names of this server's threads all start with this prefix. */
    String threadNamePrefix() {
        return "dtls4j-server-" + localAddress().getPort() + "-";
    }

    /**
     * Sends close_notify to every peer (handshakes under way are abandoned), closes the socket and
     * joins the threads. Idempotent. Must not be called from a listener method.
     */
    @Override
    public void close() {
        EventLoop[] toJoin;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            if (phase == Phase.NEW) {
                phase = Phase.CLOSED;
                return;
            }
            for (EventLoop loop : loops) {
                if (loop.isLoopThread()) {
                    throw new IllegalStateException("close() called from a listener method");
                }
            }
            phase = Phase.CLOSED;
            toJoin = loops;
        }
        keyRefills.close(); // handshakes still under way generate their keys inline
        table.close();
        for (EventLoop loop : toJoin) {
            loop.stop();
        }
        for (EventLoop loop : toJoin) {
            loop.join(); // each loop sends close_notify to its peers before it ends
        }
        if (givenChannel == null) {
            closeOwnChannels();
            if (receiver != null) {
                joinUninterruptibly(receiver);
            }
            return;
        }
        receiving = false;
        selector.wakeup();
        joinUninterruptibly(receiver);
        try {
            selector.close(); // deregisters the application's channel
            if (closeGivenChannel) {
                channel.close();
            }
        } catch (IOException e) {
            counters.sendErrors.increment();
        }
    }

    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The {@link DatagramSender} the loops send through: counts what went out and gives a refusal
     * to the caller, which counts and reports it. The channel is in blocking mode, so a full send
     * buffer is waited out, never a reason to lose the datagram.
     */
    private void sendDatagram(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        sendOn(channel, datagram, to);
    }

    private void sendOn(DatagramChannel ch, ByteBuffer datagram, InetSocketAddress to) throws IOException {
        int n = datagram.remaining();
        if (ch.send(datagram, to) == 0 && n > 0 && !(inline && sentAfterWaiting(ch, datagram, to))) {
            // a non-blocking given channel returns without sending: UDP loses it, we say so
            throw new IOException("the socket's send buffer is full: datagram of " + n + " bytes to " + to + " not sent");
        }
        counters.datagramsOut.increment();
        counters.bytesOut.add(n);
    }

    /**
     * The inline loop's own socket is non-blocking; a full send buffer is waited out as the blocking
     * socket of a server with a receiver thread does, the kernel emptying it by itself, for up to
     * {@link #FULL_SEND_BUFFER_WAIT_NANOS}. True when the datagram went out.
     */
    private static boolean sentAfterWaiting(DatagramChannel ch, ByteBuffer datagram, InetSocketAddress to) throws IOException {
        long deadline = System.nanoTime() + FULL_SEND_BUFFER_WAIT_NANOS;
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(FULL_SEND_BUFFER_PAUSE_NANOS);
            if (ch.send(datagram, to) != 0) {
                return true;
            }
        }
        return false;
    }

    /** A datagram the receiver thread sends (a HelloVerifyRequest): a refusal is counted, and that is all. */
    private void sendFromReceiver(ByteBuffer datagram, InetSocketAddress to) {
        try {
            sendDatagram(datagram, to);
        } catch (IOException e) {
            counters.sendErrors.increment(); // nothing else to tell: the client retransmits its ClientHello
        }
    }

    private EventLoop loopFor(InetSocketAddress address) {
        return loops[Math.floorMod(address.hashCode(), loops.length)];
    }

    /** The receiver thread: reads datagrams and routes them; the cookie gate runs here for unknown peers. */
    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
        while (receiving) {
            buffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(buffer);
                if (from == null && selector != null) {
                    selector.select(); // a given channel is non-blocking: wait here, close() wakes us
                    selector.selectedKeys().clear();
                }
            } catch (ClosedChannelException | ClosedSelectorException e) {
                return; // close() closed the socket
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                continue; // e.g. an ICMP error reported on the socket: the next datagram is unaffected
            }
            if (from == null) {
                continue;
            }
            buffer.flip();
            dispatch(0, from, buffer);
        }
    }

    /**
     * Routes one datagram ({@link InboundDispatcher}): on the receiver thread, or on the event loop
     * that read it from its own socket ({@code reader}). A known peer's datagram is copied once and
     * handed to its loop; anything else goes through the cookie gate.
     */
    private void dispatch(int reader, InetSocketAddress from, ByteBuffer buffer) {
        Reader r = readers[reader];
        int n = buffer.remaining();
        counters.datagramsIn.increment();
        counters.bytesIn.add(n);
        if (nonDtlsHandler != null && !isDtls(from, buffer)) {
            return;
        }
        if (n > MAX_DATAGRAM) {
            counters.droppedTooBig.increment();
            return;
        }
        PeerState peer = byConnectionId(buffer, n, r.cid, r.cidKey);
        if (peer == null) {
            peer = table.get(from);
        }
        if (peer != null) {
            if (!peer.reserve(n, settings.maxBufferedBytesPerPeer())) {
                counters.droppedOverload.increment();
                return;
            }
            byte[] data = new byte[n];
            buffer.get(data);
            // the loop that admitted the peer (it may have moved since, to another socket's loop)
            if (!loops[peer.loop].offerInbound(peer, from, data)) {
                peer.release(n);
                counters.droppedOverload.increment();
            }
            return;
        }
        if (table.isClosed()) {
            counters.droppedUnknownPeer.increment();
            return;
        }
        route(reader, from, buffer, n);
    }

    /**
     * RFC 9146 §4: a datagram whose first record is a tls12_cid record belongs to the session that
     * issued the CID in its header, whatever address it came from. The CID starts after type, version,
     * epoch and sequence number (11 bytes) and has the length this server asks for; only the length
     * field must follow it for the peek to be worth making. Null when it is not such a datagram or no
     * session has that CID (then the address decides, e.g. for the client's Finished, which arrives
     * before the session is known by its CID).
     */
    private PeerState byConnectionId(ByteBuffer buffer, int n, byte[] cid, ByteBuffer cidKey) {
        if (cidLength <= 0 || n < CID_OFFSET + cidLength + 2 || (buffer.get(0) & 0xFF) != TLS12_CID) {
            return null;
        }
        buffer.get(CID_OFFSET, cid);
        return table.getByConnectionId(cidKey);
    }

    /**
     * RFC 7983 §7 (as updated by RFC 9443 §3): true for a DTLS datagram; anything else is handed to
     * the application's handler, or dropped when its first byte belongs to no protocol.
     */
    private boolean isDtls(InetSocketAddress from, ByteBuffer buffer) {
        PacketDemux.Kind kind = PacketDemux.classify(buffer);
        if (kind == PacketDemux.Kind.DTLS) {
            return true;
        }
        if (kind == PacketDemux.Kind.UNASSIGNED) {
            counters.nonDtlsDropped.increment();
            return false;
        }
        counters.nonDtlsDatagrams.increment();
        try {
            nonDtlsHandler.received(from, buffer, rawSender);
        } catch (RuntimeException e) {
            counters.listenerErrors.increment();
        }
        return false;
    }

    private void route(int reader, InetSocketAddress from, ByteBuffer buffer, int n) {
        long now = Clock.nowMillis();
        if (ClientHelloReassembly.isFragment(buffer)) {
            // RFC 6347 §4.2.3: a ClientHello may come in fragments; the gate needs it whole. The
            // reassembled record is never longer than the fragments' datagrams together (each fragment
            // repeats both headers), so the gate's no-amplification rule still holds for all of them.
            byte[] whole = readers[reader].fragments.offer(from, buffer, now);
            if (whole == null) {
                return;
            }
            buffer = ByteBuffer.wrap(whole);
            n = whole.length;
        }
        CookieGate.Decision decision = gates.gateFor(from).inspect(buffer, CookieGate.addressBytes(from), now);
        if (decision instanceof CookieGate.Decision.Reply reply) {
            counters.helloVerifyRequestsSent.increment();
            sendFromReceiver(reply.helloVerifyRequest(), from);
        } else if (decision instanceof CookieGate.Decision.Accept) {
            byte[] data = new byte[n];
            buffer.get(data);
            // loops that read their own sockets admit the peers whose datagrams reach them; else by address
            EventLoop admitting = inline ? loops[reader] : loopFor(from);
            if (!admitting.offerInbound(null, from, data)) {
                counters.droppedOverload.increment();
            }
        } else {
            counters.droppedUnknownPeer.increment();
        }
    }

    /** Settings of a {@link DtlsServer}; every limit has a safe default. Not thread-safe. */
    public static final class Builder {
        private final DtlsConfig config;
        private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private DtlsServerListener listener = new DtlsServerListener() { };
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean reusePort = true;
        private int maxSessions = 10_000;
        private int maxHandshakes = 1_000;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int maxBufferedBytesPerPeer = 256 * 1024;
        private boolean evictIdleWhenFull;
        private int receiveBufferBytes = DEFAULT_SOCKET_BUFFER_BYTES;
        private int sendBufferBytes = DEFAULT_SOCKET_BUFFER_BYTES;
        private SessionCache sessionCache;
        private DatagramChannel channel;
        private boolean closeChannel;
        private NonDtlsHandler nonDtlsHandler;
        private Predicate<InetSocketAddress> verifiedAddresses;
        private TicketKeyRing ticketKeyRing;
        private ResumptionPolicy resumptionPolicy;

        private Builder(DtlsConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The address to bind; default the loopback address on an ephemeral port. */
        public Builder bind(InetSocketAddress address) {
            this.bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Runs the server on {@code channel}, a socket the application opened and bound (e.g. the
         * one its ICE agent gathered a candidate on), instead of binding its own: {@link #bind},
         * {@link #receiveBufferSize} and {@link #sendBufferSize} then do not apply. The application
         * keeps owning the channel: {@link DtlsServer#start()} puts it in non-blocking mode and
         * registers it with a selector of the server's, and from then on only the server may read
         * from it (the application's own datagrams reach it through
         * {@link #nonDtlsHandler(NonDtlsHandler)}); it may still send on it, or through
         * {@link DtlsServer#sendRaw}. {@link DtlsServer#close()} deregisters it and closes it only
         * when {@code closeOnClose} is true. Sends that find a non-blocking channel's send buffer
         * full are lost like any UDP datagram and counted in {@link ServerStats#sendErrors()}.
         */
        public Builder channel(DatagramChannel channel, boolean closeOnClose) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.closeChannel = closeOnClose;
            return this;
        }

        /**
         * Hands the datagrams that are not DTLS (STUN, RTP/RTCP, TURN channels...) to {@code handler}
         * instead of dropping them (RFC 7983 §7). It runs on the server's receiver thread, which reads
         * nothing else meanwhile: it must be quick and never block. Default none: such datagrams are
         * dropped on the DTLS path and counted as malformed or from unknown peers.
         */
        public Builder nonDtlsHandler(NonDtlsHandler handler) {
            this.nonDtlsHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Addresses that may start a handshake without the cookie exchange (no HelloVerifyRequest,
         * RFC 6347 §4.2.1), because the application has verified them otherwise: in WebRTC, ICE
         * connectivity checks proved the peer receives at that address. Asked for each ClientHello
         * from an address without a session, on the server's threads; it must be thread-safe and
         * quick (e.g. a lookup in a concurrent set), and an exception counts as "not verified".
         * Default none: every address goes through the cookie exchange (unless the configuration
         * turns it off for all).
         */
        public Builder verifiedAddresses(Predicate<InetSocketAddress> verified) {
            this.verifiedAddresses = Objects.requireNonNull(verified, "verified");
            return this;
        }

        /**
         * The sessions this server resumes (RFC 5246 §7.3) and keeps, shared by all its event loops;
         * null (the default) resumes none. The cache holds master secrets in memory.
         */
        public Builder sessionCache(SessionCache cache) {
            this.sessionCache = cache;
            return this;
        }

        /**
         * The keys this server seals session tickets with (RFC 5077), shared by all its event loops: with
         * a ring it issues tickets to clients that ask and resumes from them without keeping state; null
         * (the default) issues none. Servers given rings with the same keys accept each other's tickets.
         */
        public Builder ticketKeyRing(TicketKeyRing ring) {
            this.ticketKeyRing = ring;
            return this;
        }

        /**
         * Asked before any session is resumed, from the cache or a ticket, with the session's stored
         * peer identity: false makes the handshake a full one. Null (the default) resumes whatever the
         * protocol allows.
         */
        public Builder resumptionPolicy(ResumptionPolicy policy) {
            this.resumptionPolicy = policy;
            return this;
        }

        /** What the application hears; default a listener that ignores everything. */
        public Builder listener(DtlsServerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Event loop threads; default the number of cores. On the server's own socket the loops read
         * the socket themselves (no receiver thread, no hand-over between threads per datagram): one
         * loop its one socket, several loops a socket each on the same port (see {@link #reusePort}).
         * On an application's {@linkplain #channel channel}, or with several loops where that is not
         * available, one receiver thread reads and hands each datagram to the loop of its peer.
         */
        public Builder threads(int threads) {
            this.threads = positive(threads, "threads");
            return this;
        }

        /**
         * With several {@linkplain #threads loops} on the server's own socket: whether each loop gets a
         * socket of its own on the same port (SO_REUSEPORT), which the kernel spreads peers across by
         * address, so no receiver thread hands datagrams over. Default true; used only where the
         * platform balances such sockets (Linux), else a receiver thread reads. Like any SO_REUSEPORT
         * group, another socket of the same user may join the port: turn it off where processes of
         * that user are not to be trusted with it.
         */
        public Builder reusePort(boolean reusePort) {
            this.reusePort = reusePort;
            return this;
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
         * Bytes of datagrams and sends queued for one peer at most; beyond it they are dropped and
         * counted ({@link ServerStats#droppedOverload()}, {@link ServerStats#sendsDropped()}); default
         * 256 KiB, which holds a burst of 64 datagrams of up to 4 KiB (or some 200 at the default MTU)
         * while the peer's loop is busy.
         */
        public Builder maxBufferedBytesPerPeer(int bytes) {
            this.maxBufferedBytesPerPeer = atLeastOneDatagram(bytes, "maxBufferedBytesPerPeer");
            return this;
        }

        /**
         * The socket receive buffer to ask the kernel for (SO_RCVBUF); default 4 MiB, which holds 64
         * datagrams of the largest record. The kernel may grant less ({@code net.core.rmem_max} on
         * Linux): {@link DtlsServer#receiveBufferSize()} says what it granted.
         */
        public Builder receiveBufferSize(int bytes) {
            this.receiveBufferBytes = atLeastOneDatagram(bytes, "receiveBufferSize");
            return this;
        }

        /** The socket send buffer to ask the kernel for (SO_SNDBUF); default 4 MiB. */
        public Builder sendBufferSize(int bytes) {
            this.sendBufferBytes = atLeastOneDatagram(bytes, "sendBufferSize");
            return this;
        }

        private static int atLeastOneDatagram(int bytes, String what) {
            if (bytes < MAX_DATAGRAM) {
                throw new IllegalArgumentException(what + " must hold one datagram (" + MAX_DATAGRAM + "): " + bytes);
            }
            return bytes;
        }

        /**
         * When {@code maxSessions} is reached: true closes the least recently active established
         * session (of the loop the new peer belongs to) to admit the new peer; false (the default)
         * refuses the new peer.
         */
        public Builder evictIdleWhenFull(boolean evict) {
            this.evictIdleWhenFull = evict;
            return this;
        }

        /** A server ready to {@link DtlsServer#start()}. */
        public DtlsServer build() {
            // the engine's rules, checked now rather than at the first peer
            DtlsEngine.checkServerConfig(config);
            InetAddress a = bind.getAddress();
            if (bind.isUnresolved() || !(a instanceof Inet4Address || a instanceof Inet6Address)) {
                throw new IllegalArgumentException("bind address is unresolved: " + bind);
            }
            return new DtlsServer(this);
        }

        private static int positive(int n, String what) {
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + n);
            }
            return n;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
