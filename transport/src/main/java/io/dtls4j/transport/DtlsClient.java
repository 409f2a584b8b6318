package io.dtls4j.transport;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.CookieGate;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.PacketDemux;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.SrtpKeys;

import java.io.EOFException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A DTLS client on its own UDP socket, connected to one server: {@link #connect} runs the handshake
 * and returns a session with blocking {@link #send} and {@link #receive(Duration)} (and the
 * non-blocking {@link #tryReceive()}). No threads of its own: the engine's retransmission timers run
 * inside the calls that wait. One thread may receive while others send; sends are serialised.
 *
 * <p>Like UDP itself, a record sent may be lost on the way, but not here: when the socket's send
 * buffer is full, {@link #send} waits for room. When ICMP port unreachable answers the ClientHello
 * and still answers a retransmission (about a second later), {@link #connect} ends with a
 * {@link PortUnreachableException} instead of waiting for its timeout; once the session is up, such
 * reports are treated as loss.
 *
 * <h2>Either role on a shared socket</h2>
 * {@link #builder} adds what WebRTC needs (RFC 8827 §6.5, RFC 7983 §7): a socket the application
 * already has ({@link Builder#channel}, e.g. the one its ICE agent uses), a {@link NonDtlsHandler}
 * for the STUN and RTP datagrams that arrive on it, {@link #sendRaw} for the application's own
 * datagrams, and the DTLS server role for one known peer ({@link Builder#accept}) without the cookie
 * exchange, for the side the SDP setup attribute (RFC 8122 §6.2) makes the DTLS server. The socket
 * is read only while a thread is inside {@code connect}, {@code accept}, {@link #receive} or
 * {@link #tryReceive()}: an application that expects STUN at other times keeps one thread receiving.
 */
public final class DtlsClient implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 65536;
    /** Datagrams read per turn before the caller's deadline is looked at again. */
    private static final int MAX_READS_PER_TURN = 64;
    /**
     * Records received and not yet taken by {@link #receive}; beyond this, new ones are dropped and
     * counted ({@link #recordsDropped()}): a bound on what a peer can make this client hold.
     */
    static final int MAX_QUEUED_RECORDS = 1024;
    /**
     * How long ICMP port unreachable must keep coming before the handshake gives up: one report is
     * not enough, since a server started at the same moment as its client (a script that starts
     * both) may not have bound its port yet; a report on a retransmission (the first comes after a
     * second by default) at least this much later ends the handshake, long before its timeout.
     */
    static final long UNREACHABLE_GRACE_MILLIS = 900;
    /** One wait for room in the send buffer; the wait is repeated until the datagram goes out. */
    private static final long WRITE_WAIT_MILLIS = 100;
    /**
     * Socket buffers asked for (the kernel may grant less): a 64-deep window of full datagrams of
     * the largest record with room to spare, so that a burst from the server is not lost while the
     * application is busy.
     */
    static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    /** The peer: the server we connected to, or the client we accepted. */
    private final InetSocketAddress server;
    /** What the peer is, for messages: "server" after {@link Builder#connect}, "client" after {@link Builder#accept}. */
    private final String peerRole;
    private final DatagramChannel channel;
    /** False for the application's channel that it keeps after {@link #close()}. */
    private final boolean closeChannel;
    /** Where datagrams that are not DTLS go; null gives them to the engine, which drops them. */
    private final NonDtlsHandler nonDtlsHandler;
    private final RawSender rawSender = this::sendRaw;
    private final LongAdder nonDtlsDatagrams = new LongAdder();
    private final LongAdder droppedDatagrams = new LongAdder();
    private final Selector selector;
    private final DtlsEngine engine;
    /** Guards the engine and the fields below it. */
    private final Object engineLock = new Object();
    /** One receiving thread at a time: it owns the selector and the receive buffer. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(RECEIVE_BUFFER);
    /** Where {@link #send} seals each record: no buffer per record; guarded by engineLock. */
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(DtlsEngine.MAX_RECORD_SIZE);

    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    /** Records dropped because {@link #MAX_QUEUED_RECORDS} were waiting; guarded by engineLock. */
    private long recordsDropped;
    private DtlsException failure;
    private boolean closedByPeer;
    private boolean closed;
    /** When the network first reported ICMP port unreachable; -1 while it has not. */
    private long firstUnreachableAt = -1;
    /** When it last did; -1 while it has not. */
    private long lastUnreachableAt = -1;
    /** Opened the first time the socket's send buffer is full; guarded by engineLock. */
    private Selector writeSelector;

    private DtlsClient(InetSocketAddress server, String peerRole, DatagramChannel channel, boolean closeChannel,
                       Selector selector, DtlsEngine engine, NonDtlsHandler nonDtlsHandler) {
        this.server = server;
        this.peerRole = peerRole;
        this.channel = channel;
        this.closeChannel = closeChannel;
        this.selector = selector;
        this.engine = engine;
        this.nonDtlsHandler = nonDtlsHandler;
    }

    /** A builder for a client, or a server of one association, with {@code config}. */
    public static Builder builder(DtlsConfig config) {
        return new Builder(config);
    }

    /**
     * Opens a socket, connects it to {@code server} and runs the handshake, waiting at most
     * {@code handshakeTimeout}.
     *
     * @param serverName the name sent as SNI and given to the peer verifier, or null
     * @throws DtlsTimeoutException     when the handshake did not complete in time (no answer, or packets were lost)
     * @throws PortUnreachableException when the network kept reporting that nothing listens at {@code server}
     *                                  (ICMP port unreachable, for the ClientHello and a retransmission),
     *                                  without waiting for the timeout
     * @throws DtlsException            when the handshake failed with an alert ({@link DtlsException#alert()})
     * @throws IOException              when the socket cannot be opened or connected
     */
    public static DtlsClient connect(InetSocketAddress server, DtlsConfig config, String serverName,
                                     Duration handshakeTimeout) throws IOException, DtlsException {
        return connect(server, config, serverName, null, handshakeTimeout);
    }

    /**
     * {@link #connect(InetSocketAddress, DtlsConfig, String, Duration)}, offering to resume {@code saved}
     * (may be null), a session an earlier client's {@link #savedSession()} returned, with the
     * abbreviated handshake (RFC 5246 §7.3, RFC 6347 Figure 2). It is offered only to the server it came
     * from ({@link SavedSession#isFor}: same port, same server name or, without one, same address), and
     * only when the engine's own rules allow (a suite this configuration offers, an extended master
     * secret, RFC 7627 §5.3). Otherwise, or when the server no longer knows the session, the handshake
     * is a full one: no error, {@link #resumed()} tells which it was.
     *
     * @throws DtlsTimeoutException     when the handshake did not complete in time (no answer, or packets were lost)
     * @throws PortUnreachableException when the network kept reporting that nothing listens at {@code server}
     * @throws DtlsException            when the handshake failed with an alert ({@link DtlsException#alert()})
     * @throws IOException              when the socket cannot be opened or connected
     */
    public static DtlsClient connect(InetSocketAddress server, DtlsConfig config, String serverName,
                                     SavedSession saved, Duration handshakeTimeout) throws IOException, DtlsException {
        return builder(config).serverName(serverName).handshakeTimeout(handshakeTimeout).savedSession(saved).connect(server);
    }

    /** Opens (or adopts) the socket, then runs the handshake of {@code engine} with {@code peer}. */
    private static DtlsClient open(InetSocketAddress peer, String peerRole, DtlsEngine engine, Builder b)
            throws IOException, DtlsException {
        DatagramChannel channel = b.channel;
        boolean own = channel == null;
        if (own) {
            channel = DatagramChannel.open(peer.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        }
        Selector selector = null;
        DtlsClient client = null;
        try {
            if (own) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
                channel.connect(peer);
            }
            // the application's channel stays unconnected: STUN goes to and comes from other addresses
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            client = new DtlsClient(peer, peerRole, channel, own || b.closeChannel, selector, engine, b.nonDtlsHandler);
            client.handshake(b.handshakeTimeout.toMillis());
            return client;
        } catch (IOException | DtlsException | RuntimeException e) {
            if (client != null) {
                client.release();
            } else {
                if (selector != null) {
                    selector.close();
                }
                if (own || b.closeChannel) {
                    channel.close();
                }
            }
            throw e;
        }
    }

    private void handshake(long timeoutMillis) throws IOException, DtlsException {
        long deadline = Deadlines.saturatedAdd(Clock.nowMillis(), timeoutMillis);
        synchronized (engineLock) {
            engine.start(Clock.nowMillis());
            flush();
        }
        while (true) {
            synchronized (engineLock) {
                drainEvents();
                if (engine.session() != null) {
                    // the handshake completed, even if a close_notify right behind it already closed
                    // the engine: connect succeeds and receive() then reports the close
                    return;
                }
                if (failure != null) {
                    throw failure;
                }
                if (closedByPeer) {
                    throw new DtlsException(AlertDescription.CLOSE_NOTIFY, true,
                            peerRole + " " + server + " closed the connection during the handshake", null);
                }
            }
            if (lastUnreachableAt >= 0 && lastUnreachableAt - firstUnreachableAt >= UNREACHABLE_GRACE_MILLIS) {
                // nothing listens there, and still not after a retransmission: waiting out the
                // handshake timeout would change nothing
                throw new PortUnreachableException("nothing listens at " + server
                        + " (ICMP port unreachable): is the server running, on this port?");
            }
            long now = Clock.nowMillis();
            if (now >= deadline) {
                throw new DtlsTimeoutException("no DTLS handshake with " + server + " within " + timeoutMillis + " ms");
            }
            awaitAndProcess(deadline, now);
        }
    }

    /** What the handshake negotiated. */
    public SessionInfo session() {
        synchronized (engineLock) {
            return engine.session();
        }
    }

    /** Whether the handshake resumed the session offered to {@link #connect(InetSocketAddress, DtlsConfig, String, SavedSession, Duration)}. */
    public boolean resumed() {
        SessionInfo info = session();
        return info != null && info.resumed();
    }

    /**
     * The session to keep for a later connection to this server, or null when the server named none
     * (it keeps no session cache). After a resumed handshake it is the session resumed. It holds the
     * master secret: keep it like a private key.
     */
    public SavedSession savedSession() {
        ResumableSession resumable;
        synchronized (engineLock) {
            resumable = engine.resumableSession();
        }
        return resumable == null ? null : new SavedSession(resumable, server);
    }

    /**
     * Keying material from the session's exporter (RFC 5705 §4, over the RFC 7627 master secret).
     *
     * @param context null for none (not the same as empty)
     * @throws IllegalStateException when the session is closed
     * @see KeyExporter#exportKeyingMaterial
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        synchronized (engineLock) {
            return engine.exportKeyingMaterial(label, context, length);
        }
    }

    /**
     * The SRTP master keys and salts of the negotiated use_srtp profile (RFC 5764 §4.2).
     *
     * @throws IllegalStateException when no SRTP profile was negotiated or the session is closed
     */
    public SrtpKeys srtpKeys() {
        synchronized (engineLock) {
            return engine.srtpKeys();
        }
    }

    /** The largest payload {@link #send} accepts in one record. */
    public int maxSendSize() {
        synchronized (engineLock) {
            return engine.maxApplicationDataSize();
        }
    }

    /**
     * Sends {@code data} as one application data record.
     *
     * @throws IllegalArgumentException when it is larger than {@link #maxSendSize()}
     * @throws DtlsException            when the session failed
     * @throws EOFException             when the peer closed the session
     * @throws IOException              when this client is closed
     */
    public void send(byte[] data) throws IOException, DtlsException {
        Objects.requireNonNull(data, "data");
        synchronized (engineLock) {
            drainEvents();
            checkUsable();
            if (data.length > engine.maxApplicationDataSize()) {
                throw new IllegalArgumentException("payload of " + data.length + " bytes does not fit in one record: "
                        + "split it into pieces of at most maxSendSize() = " + engine.maxApplicationDataSize() + " bytes");
            }
            flush(); // what the engine queued goes first
            sendBuffer.clear();
            engine.seal(ByteBuffer.wrap(data), sendBuffer, Clock.nowMillis());
            sendBuffer.flip();
            sendDatagram(sendBuffer);
        }
    }

    /**
     * Waits up to {@code timeout} for one application data record.
     *
     * @return the record's data, or null when none arrived in time
     * @throws EOFException  when the peer closed the session with close_notify
     * @throws DtlsException when the session failed with a fatal alert
     * @throws IOException   when this client is closed, or the socket fails
     */
    public byte[] receive(Duration timeout) throws IOException, DtlsException {
        long deadline = Deadlines.saturatedAdd(Clock.nowMillis(), Objects.requireNonNull(timeout, "timeout").toMillis());
        receiveLock.lock();
        try {
            while (true) {
                byte[] data = takeReceived();
                if (data != null) {
                    return data;
                }
                long now = Clock.nowMillis();
                if (now >= deadline) {
                    return null;
                }
                awaitAndProcess(deadline, now);
            }
        } catch (ClosedSelectorException | ClosedChannelException e) {
            throw new IOException("client is closed", e);
        } finally {
            receiveLock.unlock();
        }
    }

    /** {@link #receive(Duration)} without waiting: a record already arrived, or null. */
    public byte[] tryReceive() throws IOException, DtlsException {
        receiveLock.lock();
        try {
            byte[] data = takeReceived();
            if (data == null) {
                readAvailable();
                data = takeReceived();
            }
            return data;
        } catch (ClosedSelectorException | ClosedChannelException e) {
            throw new IOException("client is closed", e);
        } finally {
            receiveLock.unlock();
        }
    }

    /**
     * Sends {@code datagram} as it is (not as a DTLS record) to {@code to} on this client's socket,
     * from any thread: STUN, RTP and the like on a socket shared with DTLS (RFC 7983 §7). On a socket
     * the client opened itself, which is connected to the peer, only the peer's address is allowed.
     *
     * @throws IOException when the socket refuses it, its send buffer is full, or it is closed
     */
    public void sendRaw(InetSocketAddress to, ByteBuffer datagram) throws IOException {
        Objects.requireNonNull(to, "to");
        int n = datagram.remaining();
        if (channel.send(datagram, to) == 0 && n > 0) {
            throw new IOException("the socket's send buffer is full: datagram of " + n + " bytes to " + to + " not sent");
        }
    }

    /** Datagrams that were not DTLS handed to the {@link NonDtlsHandler} so far. */
    public long nonDtlsDatagrams() {
        return nonDtlsDatagrams.sum();
    }

    /**
     * DTLS datagrams that came from an address other than the peer's, dropped (on the application's
     * unconnected {@linkplain Builder#channel channel}; the client's own socket is connected to the
     * peer), plus datagrams whose first byte belongs to no protocol (RFC 9443 §3).
     */
    public long droppedDatagrams() {
        return droppedDatagrams.sum();
    }

    /**
     * Records that arrived while 1,024 earlier ones were still waiting to be taken by {@link #receive}
     * and were dropped, since the client was made: like a full socket buffer, but counted. A client
     * that reads as fast as its peer sends never sees one.
     */
    public long recordsDropped() {
        synchronized (engineLock) {
            return recordsDropped;
        }
    }

    /** The local address of this client's socket. */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("client is closed", e);
        }
    }

    /** Sends close_notify (when the session is up) and closes the socket. Idempotent. */
    @Override
    public void close() {
        synchronized (engineLock) {
            if (closed) {
                return;
            }
            if (engine.state() == EngineState.CONNECTED) {
                engine.close(Clock.nowMillis());
                try {
                    flush();
                } catch (IOException ignored) {
                    // closing anyway: the server will see the session expire instead
                }
            }
            closed = true;
        }
        release();
    }

    private void release() {
        try {
            selector.close(); // wakes a thread blocked in receive
            synchronized (engineLock) {
                if (writeSelector != null) {
                    writeSelector.close();
                }
            }
        } catch (IOException ignored) {
            // nothing more to do with it
        }
        if (!closeChannel) {
            return; // the application's socket: closing the selector deregistered it
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the socket is gone either way
        }
    }

    /** A queued record, after surfacing how the session ended when nothing is queued. */
    private byte[] takeReceived() throws IOException, DtlsException {
        synchronized (engineLock) {
            if (closed) {
                throw new IOException("client is closed");
            }
            drainEvents();
            byte[] data = received.poll();
            if (data == null) {
                checkUsable();
            }
            return data;
        }
    }

    private void checkUsable() throws IOException, DtlsException {
        if (closed) {
            throw new IOException("client is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (closedByPeer) {
            throw new EOFException(peerRole + " " + server + " closed the session (close_notify)");
        }
    }

    /** Waits for a datagram until {@code deadline} or the engine's next timer, then handles what came. */
    private void awaitAndProcess(long deadline, long now) throws IOException {
        long engineDeadline;
        synchronized (engineLock) {
            engineDeadline = engine.nextDeadline();
        }
        long wait = Math.min(deadline, engineDeadline) - now;
        // under load the socket already holds datagrams: reading them first saves the select call
        // (a system call per turn); only an empty socket is waited on
        if (wait > 0 && readAvailable() > 0) {
            return;
        }
        if (wait > 0) {
            selector.select(wait);
        }
        selector.selectedKeys().clear();
        readAvailable();
    }

    /**
     * Reads the datagrams the socket holds (a bounded number) into the engine and runs due timers;
     * returns how many datagrams it read.
     */
    private int readAvailable() throws IOException {
        int i = 0;
        for (; i < MAX_READS_PER_TURN; i++) {
            receiveBuffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(receiveBuffer);
                if (from == null) {
                    break;
                }
            } catch (PortUnreachableException e) {
                portUnreachableReported();
                continue;
            }
            receiveBuffer.flip();
            if (!isDtlsFromPeer(from)) {
                continue;
            }
            synchronized (engineLock) {
                engine.receive(receiveBuffer, Clock.nowMillis());
                flush();
            }
        }
        synchronized (engineLock) {
            long now = Clock.nowMillis();
            if (engine.nextDeadline() <= now) {
                engine.handleTimeout(now);
                flush();
            }
        }
        return i;
    }

    /**
     * RFC 7983 §7 (as updated by RFC 9443 §3): a datagram that is not DTLS goes to the application's
     * handler (or is dropped when its first byte belongs to no protocol); a DTLS datagram counts only
     * from the peer. The handler's exceptions reach the caller: they are the application's bugs.
     */
    private boolean isDtlsFromPeer(InetSocketAddress from) {
        if (nonDtlsHandler != null) {
            PacketDemux.Kind kind = PacketDemux.classify(receiveBuffer);
            if (kind == PacketDemux.Kind.OTHER) {
                nonDtlsDatagrams.increment();
                nonDtlsHandler.received(from, receiveBuffer, rawSender);
                return false;
            }
            if (kind == PacketDemux.Kind.UNASSIGNED) {
                droppedDatagrams.increment();
                return false;
            }
        }
        if (!server.equals(from)) {
            droppedDatagrams.increment();
            return false;
        }
        return true;
    }

    /**
     * Sends what the engine queued. Holding engineLock. A full socket send buffer is waited out (the
     * kernel empties it by itself), so a datagram is never dropped here for want of room; one the
     * socket refuses outright (e.g. larger than it allows) ends with an IOException that says so.
     */
    private void flush() throws IOException {
        ByteBuffer datagram;
        while ((datagram = engine.pollDatagram()) != null) {
            if (!sendDatagram(datagram)) {
                return; // closed: nothing can be sent any more
            }
        }
    }

    /** Sends one datagram, waiting for room; false when the socket is closed. Holding engineLock. */
    private boolean sendDatagram(ByteBuffer datagram) throws IOException {
        int size = datagram.remaining();
        try {
            while (channel.send(datagram, server) == 0) {
                awaitWritable();
            }
        } catch (PortUnreachableException e) {
            portUnreachableReported();
        } catch (ClosedChannelException e) {
            return false;
        } catch (IOException e) {
            throw new IOException("the socket refused a datagram of " + size + " bytes to " + server
                    + ": " + e.getMessage(), e);
        }
        return true;
    }

    private void portUnreachableReported() {
        long now = Clock.nowMillis();
        if (firstUnreachableAt < 0) {
            firstUnreachableAt = now;
        }
        lastUnreachableAt = now;
    }

    /** Waits until the socket's send buffer has room. */
    private void awaitWritable() throws IOException {
        if (writeSelector == null) {
            writeSelector = Selector.open();
            channel.register(writeSelector, SelectionKey.OP_WRITE);
        }
        writeSelector.select(WRITE_WAIT_MILLIS);
        writeSelector.selectedKeys().clear();
    }

    /** Takes the engine's events into this client's state. Holding engineLock. */
    private void drainEvents() {
        DtlsEvent event;
        while ((event = engine.pollEvent()) != null) {
            if (event instanceof DtlsEvent.ApplicationData data) {
                if (received.size() < MAX_QUEUED_RECORDS) {
                    received.add(data.data());
                } else {
                    recordsDropped++;
                }
            } else if (event instanceof DtlsEvent.Closed c) {
                closedByPeer |= c.byPeer();
            } else if (event instanceof DtlsEvent.Failed f) {
                failure = f.timedOut() ? new DtlsTimeoutException(f.cause().getMessage(), f.cause()) : f.cause();
            }
        }
    }

    /**
     * Settings of a {@link DtlsClient}: {@link #connect} plays the DTLS client, {@link #accept} the
     * DTLS server of one association. Not thread-safe.
     */
    public static final class Builder {
        private final DtlsConfig config;
        private String serverName;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private DatagramChannel channel;
        private boolean closeChannel;
        private NonDtlsHandler nonDtlsHandler;
        private SavedSession savedSession;

        private Builder(DtlsConfig config) {
            this.config = Objects.requireNonNull(config, "config").withTransportDefaults(KeyPools.clientKeys(), CryptoThreads.shared());
        }

        /** The configuration the client runs with: the application's, with the transport's defaults where it chose none. */
        DtlsConfig config() {
            return config;
        }

        /** The name sent as SNI and given to the peer verifier by {@link #connect}; default none. */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** How long {@link #connect} and {@link #accept} wait for the handshake; default 30 s. */
        public Builder handshakeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "handshakeTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("handshakeTimeout must not be negative: " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Runs the association on {@code channel}, a socket the application opened (and, for
         * {@link #accept}, bound where the peer sends), instead of a socket of its own connected to
         * the peer. The channel is left unconnected and put in non-blocking mode under a selector of
         * the client's; from then on only the client may read from it (other protocols' datagrams
         * reach the application through {@link #nonDtlsHandler}), while anyone may send on it.
         * DTLS datagrams from addresses other than the peer's are dropped.
         * {@link DtlsClient#close()} deregisters the channel and closes it only when
         * {@code closeOnClose} is true; otherwise it stays the application's.
         */
        public Builder channel(DatagramChannel channel, boolean closeOnClose) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.closeChannel = closeOnClose;
            return this;
        }

        /**
         * Hands the datagrams that are not DTLS (STUN, RTP/RTCP, TURN channels...) to {@code handler}
         * instead of dropping them (RFC 7983 §7), on the thread that is reading the socket (inside
         * connect, accept, receive or tryReceive). Default none: the engine drops them.
         */
        public Builder nonDtlsHandler(NonDtlsHandler handler) {
            this.nonDtlsHandler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Offers {@code saved} (may be null), a session an earlier client's {@link DtlsClient#savedSession()}
         * returned, to {@link #connect}: it is offered only to the server it came from
         * ({@link SavedSession#isFor}), otherwise the handshake is a full one.
         */
        public Builder savedSession(SavedSession saved) {
            this.savedSession = saved;
            return this;
        }

        /**
         * Runs the DTLS client handshake with {@code server} and returns the session.
         *
         * @throws DtlsTimeoutException     when the handshake did not complete in time
         * @throws PortUnreachableException when nothing listens at {@code server} (own socket only)
         * @throws DtlsException            when the handshake failed with an alert
         * @throws IOException              when the socket cannot be opened or used
         */
        public DtlsClient connect(InetSocketAddress server) throws IOException, DtlsException {
            checkResolved(server);
            SavedSession saved = savedSession != null && savedSession.isFor(server, serverName) ? savedSession : null;
            return open(server, "server", DtlsEngine.client(config, serverName, saved == null ? null : saved.session()), this);
        }

        /**
         * Waits for {@code peer}'s ClientHello on the {@linkplain #channel given channel} and runs the
         * DTLS server handshake with it, without the cookie exchange: the application has verified
         * the peer's address (ICE) and chosen this role (SDP {@code a=setup}), so a HelloVerifyRequest
         * would only cost a round trip (RFC 6347 §4.2.1 lets a server skip it where amplification is not a problem). The
         * configuration must suit a server (certificate and key, raw key pair or pre-shared keys).
         *
         * @throws IllegalStateException when no channel was given: the peer must know where to send
         * @throws DtlsTimeoutException  when the handshake did not complete in time
         * @throws DtlsException         when the handshake failed with an alert
         * @throws IOException           when the socket cannot be used
         */
        public DtlsClient accept(InetSocketAddress peer) throws IOException, DtlsException {
            checkResolved(peer);
            if (channel == null) {
                throw new IllegalStateException("accept needs the socket the peer sends to: DtlsClient.Builder.channel");
            }
            DtlsEngine engine = DtlsEngine.server(config, CookieGate.addressBytes(peer),
                    CookieGate.withoutCookieExchange(config));
            return open(peer, "client", engine, this);
        }

        private static void checkResolved(InetSocketAddress peer) throws IOException {
            Objects.requireNonNull(peer, "peer");
            if (peer.isUnresolved()) {
                throw new IOException("cannot resolve " + peer.getHostString());
            }
        }
    }
}
