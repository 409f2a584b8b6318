package io.dtls4j.transport;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.session.KeyExporter;
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

    private final InetSocketAddress server;
    private final DatagramChannel channel;
    private final Selector selector;
    private final DtlsEngine engine;
    /** Guards the engine and the fields below it. */
    private final Object engineLock = new Object();
    /** One receiving thread at a time: it owns the selector and the receive buffer. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(RECEIVE_BUFFER);

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

    private DtlsClient(InetSocketAddress server, DatagramChannel channel, Selector selector, DtlsEngine engine) {
        this.server = server;
        this.channel = channel;
        this.selector = selector;
        this.engine = engine;
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
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (server.isUnresolved()) {
            throw new IOException("cannot resolve " + server.getHostString());
        }
        DtlsEngine engine = DtlsEngine.client(config, serverName);
        DatagramChannel channel = DatagramChannel.open(server.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        Selector selector = null;
        DtlsClient client = null;
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.connect(server);
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            client = new DtlsClient(server, channel, selector, engine);
            client.handshake(handshakeTimeout.toMillis());
            return client;
        } catch (IOException | DtlsException | RuntimeException e) {
            if (client != null) {
                client.release();
            } else {
                if (selector != null) {
                    selector.close();
                }
                channel.close();
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
                            "server " + server + " closed the connection during the handshake", null);
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
     * @throws EOFException             when the server closed the session
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
            engine.send(ByteBuffer.wrap(data), Clock.nowMillis());
            flush();
        }
    }

    /**
     * Waits up to {@code timeout} for one application data record.
     *
     * @return the record's data, or null when none arrived in time
     * @throws EOFException  when the server closed the session with close_notify
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
            throw new EOFException("server " + server + " closed the session (close_notify)");
        }
    }

    /** Waits for a datagram until {@code deadline} or the engine's next timer, then handles what came. */
    private void awaitAndProcess(long deadline, long now) throws IOException {
        long engineDeadline;
        synchronized (engineLock) {
            engineDeadline = engine.nextDeadline();
        }
        long wait = Math.min(deadline, engineDeadline) - now;
        if (wait > 0) {
            selector.select(wait);
        }
        selector.selectedKeys().clear();
        readAvailable();
    }

    /** Reads the datagrams the socket holds (a bounded number) into the engine and runs due timers. */
    private void readAvailable() throws IOException {
        for (int i = 0; i < MAX_READS_PER_TURN; i++) {
            receiveBuffer.clear();
            try {
                if (channel.receive(receiveBuffer) == null) {
                    break;
                }
            } catch (PortUnreachableException e) {
                portUnreachableReported();
                continue;
            }
            receiveBuffer.flip();
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
    }

    /**
     * Sends what the engine queued. Holding engineLock. A full socket send buffer is waited out (the
     * kernel empties it by itself), so a datagram is never dropped here for want of room; one the
     * socket refuses outright (e.g. larger than it allows) ends with an IOException that says so.
     */
    private void flush() throws IOException {
        ByteBuffer datagram;
        while ((datagram = engine.pollDatagram()) != null) {
            int size = datagram.remaining();
            try {
                while (channel.write(datagram) == 0) {
                    awaitWritable();
                }
            } catch (PortUnreachableException e) {
                portUnreachableReported();
            } catch (ClosedChannelException e) {
                return; // closed: nothing can be sent any more
            } catch (IOException e) {
                throw new IOException("the socket refused a datagram of " + size + " bytes to " + server
                        + ": " + e.getMessage(), e);
            }
        }
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
}
