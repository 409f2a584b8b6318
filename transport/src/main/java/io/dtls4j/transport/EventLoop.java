package io.dtls4j.transport;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.CookieGate;
import io.dtls4j.session.ResumptionPolicy;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.engine.EngineStats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One of a server's event loop threads. It owns a shard of the peers (chosen by address hash): it
 * alone drives their engines, their timers ({@link DeadlineHeap}) and their activity order
 * ({@link ActivityList}). Work reaches it through a bounded queue: datagrams from the receiver
 * thread and sends from application threads. It sleeps in the queue's timed poll until the next
 * task or the earliest timer, so an idle loop uses no CPU.
 *
 * <p>It knows nothing of the server that made it: it gets the settings, the shared
 * {@link PeerTable}, a {@link DatagramSender} onto the server's socket, the listener and the
 * counters, and gives each of its peers itself only as a {@link PeerOutbox}.
 */
final class EventLoop implements Runnable {
    /** Tasks waiting for a loop; beyond this, new datagrams and sends are dropped and counted. */
    static final int QUEUE_CAPACITY = 16 * 1024;
    /** Tasks handled before the timers get a turn. */
    private static final int MAX_TASKS_PER_TURN = 1024;
    private static final long MAX_WAIT_MILLIS = 60_000;
    /** How far from the old end of the activity list eviction looks for an established session. */
    private static final int EVICTION_SCAN = 64;
    private static final Object WAKE = new Object();
    /** Datagrams an inline loop reads from the socket before it looks at its tasks and timers again. */
    private static final int MAX_READS_PER_TURN = 64;

    /** A datagram for a known peer, or (peer null) from an address the cookie gate accepted. */
    private record Inbound(PeerState peer, InetSocketAddress from, byte[] data) {
    }

    /** Application data to protect and send, from a thread other than this loop's. */
    private record Outbound(PeerState peer, byte[] data) {
    }

    private final ServerSettings settings;
    private final DtlsConfig config;
    /** The cookie gate each address goes through. */
    private final Admission gates;
    /** The server's sessions for resumption, shared by all its loops; null when it resumes none. */
    private final SessionCache sessionCache;
    /** The server's session ticket keys and resumption policy, shared by all its loops; null for none. Set before start. */
    private TicketKeyRing ticketKeyRing;
    private ResumptionPolicy resumptionPolicy;
    private final PeerTable table;
    private final DatagramSender socket;
    private final DtlsServerListener listener;
    private final ServerCounters counters;
    /** What this loop's peers send through: one instance, not one per peer. */
    private final PeerOutbox outbox = new PeerOutbox() {
        @Override
        public void send(PeerState peer, byte[] data) {
            EventLoop.this.send(peer, data);
        }

        @Override
        public void send(PeerState peer, ByteBuffer data) {
            EventLoop.this.send(peer, data);
        }
    };
    /** The events and plaintext of the datagram being fed, in order; the loop thread's alone. */
    private final ReceivedItems received = new ReceivedItems();
    /** Where application data records are sealed and sent from, one at a time: no buffer per record. */
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(DtlsEngine.MAX_RECORD_SIZE);
    private final ArrayBlockingQueue<Object> tasks = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /** The tasks of one turn, taken from {@link #tasks} at once; the loop thread's alone. */
    private final ArrayList<Object> batch = new ArrayList<>(MAX_TASKS_PER_TURN);
    private final DeadlineHeap timers = new DeadlineHeap();
    private final ActivityList peers = new ActivityList();
    private final Thread thread;
    /** This loop's place among the server's loops: the peers it admits carry it ({@link PeerState#loop}). */
    private final int index;
    private volatile boolean stopping;
    /**
     * A loop that reads a socket itself (no receiver thread, no hand-over between threads per
     * datagram) waits in this selector for datagrams and tasks alike; null for a loop fed by a
     * receiver thread. See {@link #receiveInline}.
     */
    private Selector selector;
    private DatagramChannel inlineChannel;
    private InboundDispatcher dispatcher;
    private ByteBuffer inlineBuffer;
    /**
     * The source address of the datagram being fed to a known peer's engine, for {@link #followPeer};
     * null otherwise. The loop thread's alone.
     */
    private InetSocketAddress source;

    EventLoop(int index, String threadName, ServerSettings settings, DtlsConfig config, Admission gates, SessionCache sessionCache,
              PeerTable table, DatagramSender socket, DtlsServerListener listener, ServerCounters counters) {
        this.index = index;
        this.settings = settings;
        this.sessionCache = sessionCache;
        this.config = config;
        this.gates = gates;
        this.table = table;
        this.socket = socket;
        this.listener = listener;
        this.counters = counters;
        this.thread = new Thread(this, threadName);
    }

    /** Session tickets and the resumption policy (both may be null); called before {@link #start()}. */
    void ticketKeyRing(TicketKeyRing ring, ResumptionPolicy policy) {
        this.ticketKeyRing = ring;
        this.resumptionPolicy = policy;
    }

    /**
     * Makes this loop read {@code channel} (non-blocking) itself and hand each datagram to
     * {@code dispatcher} on its own thread, instead of being fed by a receiver thread. Called before
     * {@link #start()}; the selector is closed when the loop ends.
     */
    void receiveInline(DatagramChannel channel, InboundDispatcher dispatcher, int bufferBytes) throws IOException {
        Selector s = Selector.open();
        try {
            channel.register(s, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        this.selector = s;
        this.inlineChannel = channel;
        this.dispatcher = dispatcher;
        this.inlineBuffer = ByteBuffer.allocateDirect(bufferBytes);
    }

    void start() {
        thread.start();
    }

    /** Asks the loop to close its sessions and end; {@link #join()} waits for that. */
    void stop() {
        stopping = true;
        tasks.offer(WAKE); // a full queue is busy anyway and sees the flag on its next turn
        wakeInline();
    }

    /** An inline loop waits in its selector, not on the queue: a task from another thread must wake it. */
    private void wakeInline() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    void join() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Called by the thread that read the datagram: the receiver thread, this loop, or another loop
     * that read a datagram of this loop's peer from its own socket. False when the queue is full.
     */
    boolean offerInbound(PeerState peer, InetSocketAddress from, byte[] data) {
        if (isLoopThread()) {
            // this loop read it from its own socket (readInline): handled at once, not through its own queue
            Inbound in = new Inbound(peer, from, data);
            if (stopping) {
                discard(in);
            } else {
                handleSafely(in);
            }
            return true;
        }
        if (!tasks.offer(new Inbound(peer, from, data))) {
            return false;
        }
        wakeInline(); // a loop that reads its own socket waits in its selector, not on the queue
        return true;
    }

    /** {@link PeerSession#send}: directly on the loop thread, through the queue from any other. */
    void send(PeerState peer, byte[] data) {
        if (!sendable(peer, data.length)) {
            return;
        }
        if (isLoopThread()) {
            sendNow(peer, data, Clock.nowMillis());
            return;
        }
        if (!peer.reserve(data.length, settings.maxBufferedBytesPerPeer())) {
            counters.sendsDropped.increment();
            return;
        }
        if (!tasks.offer(new Outbound(peer, data.clone()))) {
            peer.release(data.length);
            counters.sendsDropped.increment();
            return;
        }
        wakeInline();
    }

    /**
     * {@link PeerSession#send(ByteBuffer)}: on the loop thread sealed straight from {@code data}
     * (e.g. a view a listener got); from any other thread copied and queued as {@link #send(PeerState, byte[])}.
     */
    void send(PeerState peer, ByteBuffer data) {
        if (!isLoopThread()) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            send(peer, copy);
            return;
        }
        if (sendable(peer, data.remaining())) {
            sendNow(peer, data, Clock.nowMillis());
        }
    }

    /**
     * Whether {@code length} bytes can go to {@code peer} now: refuses a payload larger than one record
     * (the caller's mistake), and drops and counts a send to a session that is gone or not yet up.
     */
    private boolean sendable(PeerState peer, int length) {
        int max = peer.maxSendSize();
        if (length > max && max > 0) {
            throw new IllegalArgumentException("payload of " + length + " bytes does not fit in one record: "
                    + "split it into pieces of at most maxSendSize() = " + max + " bytes");
        }
        if (peer.removed || max == 0) {
            counters.sendsDropped.increment();
            return false;
        }
        return true;
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                long now = Clock.nowMillis();
                long next = timers.peekDeadline();
                Object task;
                if (selector != null) {
                    task = pollInline(now, next);
                } else {
                    task = next <= now ? tasks.poll()
                            : tasks.poll(Math.min(next - now, MAX_WAIT_MILLIS), TimeUnit.MILLISECONDS);
                }
                if (task != null) {
                    if (stopping) {
                        discard(task);
                    } else {
                        handleSafely(task);
                    }
                    // what queued meanwhile is taken in one go: one lock of the queue per batch, not per datagram
                    int taken = tasks.drainTo(batch, MAX_TASKS_PER_TURN - 1);
                    for (int i = 0; i < taken; i++) {
                        if (stopping) {
                            discard(batch.get(i)); // as closeAll does with what is still queued
                        } else {
                            handleSafely(batch.get(i));
                        }
                    }
                    batch.clear(); // keeps its array: no allocation per turn once it has grown
                }
                runTimers(Clock.nowMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeAll();
            closeSelector();
        }
    }

    /**
     * An inline loop's turn: reads what the socket holds (each datagram dispatched, and handled at
     * once when it is this loop's), then takes a task; waits in the selector for a datagram, a task (whose sender wakes
     * it) or the next deadline only when there is nothing to do.
     */
    private Object pollInline(long now, long next) {
        int read = readInline();
        Object task = tasks.poll();
        if (task != null || read > 0 || next <= now || stopping) {
            return task;
        }
        try {
            selector.select(Math.min(next - now, MAX_WAIT_MILLIS));
            selector.selectedKeys().clear();
        } catch (IOException | ClosedSelectorException e) {
            stopping = true; // the selector is gone: nothing more can be read
            return null;
        }
        readInline();
        return tasks.poll();
    }

    /** Reads up to {@link #MAX_READS_PER_TURN} datagrams without waiting; returns how many. */
    private int readInline() {
        int read = 0;
        for (int attempt = 0; attempt < MAX_READS_PER_TURN; attempt++) {
            inlineBuffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) inlineChannel.receive(inlineBuffer);
            } catch (ClosedChannelException e) {
                stopping = true;
                return read;
            } catch (IOException e) {
                continue; // e.g. an ICMP error reported on the socket: the next datagram is unaffected
            }
            if (from == null) {
                return read;
            }
            read++;
            inlineBuffer.flip();
            try {
                dispatcher.dispatch(from, inlineBuffer);
            } catch (RuntimeException e) {
                counters.internalErrors.increment();
            }
        }
        return read;
    }

    private void closeSelector() {
        if (selector != null) {
            try {
                selector.close(); // deregisters the channel; the server closes it
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    private void handleSafely(Object task) {
        try {
            handle(task);
        } catch (RuntimeException e) {
            counters.internalErrors.increment(); // one bad task must not take the loop's peers down
        }
    }

    private void handle(Object task) {
        long now = Clock.nowMillis();
        if (task instanceof Inbound in) {
            onInbound(in, now);
        } else if (task instanceof Outbound out) {
            out.peer().release(out.data().length);
            if (out.peer().removed) {
                counters.sendsDropped.increment();
            } else {
                sendNow(out.peer(), out.data(), now);
            }
        }
    }

    private void onInbound(Inbound in, long now) {
        PeerState peer = in.peer();
        if (peer != null) {
            peer.release(in.data().length);
            if (!peer.removed) {
                source = in.from();
                try {
                    receive(peer, in.data(), now);
                } finally {
                    source = null;
                }
                return;
            }
            // the session ended while this datagram waited: it may open a new one
            peer = table.get(in.from());
            if (peer == null) {
                inspectUnknown(in.from(), in.data(), now);
            } else {
                receive(peer, in.data(), now);
            }
            return;
        }
        peer = table.get(in.from());
        if (peer != null) {
            receive(peer, in.data(), now); // a retransmitted ClientHello raced the first one
        } else {
            admit(in.from(), in.data(), now);
        }
    }

    /**
     * RFC 9146 §6: a datagram the receiver found by connection ID came from an address other than the
     * peer's, and its engine says it held the peer's newest authenticated record: the peer moved (a NAT
     * rebinding), so the session follows it. Forged, replayed and reordered records move nothing.
     */
    private void followPeer(PeerState peer, InetSocketAddress from) {
        if (peer.removed || !peer.established || peer.connectionId == null || from.equals(peer.address)
                || !peer.engine.lastDatagramAdvanced()) {
            return;
        }
        InetSocketAddress previous = peer.address;
        table.move(peer, from);
        counters.peerAddressesMoved.increment();
        try {
            listener.peerAddressChanged(peer, previous);
        } catch (RuntimeException e) {
            counters.listenerErrors.increment();
        }
    }

    /** A datagram from an address without a session that did not come through the receiver's gate. */
    private void inspectUnknown(InetSocketAddress from, byte[] data, long now) {
        CookieGate.Decision decision = gates.gateFor(from).inspect(ByteBuffer.wrap(data), CookieGate.addressBytes(from), now);
        if (decision instanceof CookieGate.Decision.Accept) {
            admit(from, data, now);
        } else if (decision instanceof CookieGate.Decision.Reply reply) {
            counters.helloVerifyRequestsSent.increment();
            sendUnattached(reply.helloVerifyRequest(), from);
        } else {
            counters.droppedUnknownPeer.increment();
        }
    }

    /** Creates the engine for a peer whose ClientHello carried a valid cookie, within the limits. */
    private void admit(InetSocketAddress from, byte[] data, long now) {
        if (stopping || table.isClosed()) {
            counters.droppedUnknownPeer.increment();
            return;
        }
        if (!table.reserve()) {
            if (!settings.evictIdleWhenFull() || !evictOldestIdle(now) || !table.reserve()) {
                counters.refusedSessionLimit.increment();
                return;
            }
        }
        if (counters.handshakes.incrementAndGet() > settings.maxHandshakes()) {
            counters.handshakes.decrementAndGet();
            table.release();
            counters.refusedHandshakeLimit.increment();
            return;
        }
        PeerState peer = newPeer(from, data, now);
        table.put(peer);
        peers.addNewest(peer);
        feed(peer, data, now);
    }

    /** An engine for a ClientHello that passed the gate; the caller has counted it against the limits. */
    private PeerState newPeer(InetSocketAddress from, byte[] data, long now) {
        DtlsEngine engine = DtlsEngine.server(config, CookieGate.addressBytes(from), gates.gateFor(from), sessionCache,
                ticketKeyRing, resumptionPolicy);
        counters.handshakesStarted.increment();
        received.attach(engine);
        return new PeerState(from, index, engine, outbox, ClientHellos.random(data), now);
    }

    private void receive(PeerState peer, byte[] data, long now) {
        if (peer.established) {
            byte[] random = ClientHellos.random(data);
            if (random != null) {
                onClientHello(peer, random, data, now);
                return;
            }
            if (peer.restart != null) {
                feedDuringRestart(peer, data, now);
                return;
            }
        }
        feed(peer, data, now);
    }

    /**
     * An epoch-0 ClientHello on an established association. RFC 6347 §4.2.8: it may be a client that
     * lost its state and starts over on the same address, but the server must not destroy the
     * association until the client has shown reachability, and a copy of the ClientHello that made
     * this session (the network may deliver one late, anyone may replay one) proves nothing. So:
     * the same client random is ignored; a new random gets a HelloVerifyRequest, and with a valid
     * cookie a new handshake beside the session, which replaces it only once it completes.
     */
    private void onClientHello(PeerState peer, byte[] random, byte[] data, long now) {
        if (peer.sameClientRandom(random)) {
            counters.duplicateClientHellosIgnored.increment();
            return;
        }
        PeerState restart = peer.restart;
        if (restart != null && restart.sameClientRandom(random)) {
            feed(restart, data, now); // the restarting client retransmits: its engine answers
            return;
        }
        CookieGate.Decision decision = gates.gateFor(peer.address).inspect(ByteBuffer.wrap(data),
                CookieGate.addressBytes(peer.address), now);
        if (decision instanceof CookieGate.Decision.Reply reply) {
            counters.helloVerifyRequestsSent.increment();
            sendUnattached(reply.helloVerifyRequest(), peer.address);
        } else if (decision instanceof CookieGate.Decision.Accept) {
            startRestart(peer, data, now);
        } else {
            counters.droppedMalformed.increment();
        }
    }

    /** A client with a new random proved its address: its handshake runs beside the old session. */
    private void startRestart(PeerState old, byte[] data, long now) {
        if (stopping || table.isClosed()) {
            counters.droppedUnknownPeer.increment();
            return;
        }
        abandonRestart(old); // a still newer start supersedes one under way
        if (counters.handshakes.incrementAndGet() > settings.maxHandshakes()) {
            counters.handshakes.decrementAndGet();
            counters.refusedHandshakeLimit.increment();
            return;
        }
        // no table slot of its own: it is one per session at most and takes over the old one's slot
        PeerState fresh = newPeer(old.address, data, now); // on this loop, as the old one
        fresh.replaces = old;
        old.restart = fresh;
        feed(fresh, data, now);
    }

    /**
     * A datagram while a restart is under way. Epoch 0 is only the new handshake's; a later epoch
     * is either the old session's traffic or the new handshake's Finished, so the old session
     * tries it first and the new handshake gets what none of the old keys authenticated.
     */
    private void feedDuringRestart(PeerState peer, byte[] data, long now) {
        PeerState restart = peer.restart;
        if (data.length > 4 && data[3] == 0 && data[4] == 0) {
            feed(restart, data, now);
            return;
        }
        byte[] copy = data.clone(); // the engine decrypts in place
        if (!feed(peer, data, now, false) && !peer.removed && peer.restart == restart) {
            feed(restart, copy, now);
        }
    }

    /** Drops the handshake that was to replace {@code old}; the old session stays. */
    private void abandonRestart(PeerState old) {
        PeerState fresh = old.restart;
        if (fresh != null) {
            retire(fresh);
            counters.handshakesAborted.increment();
        }
    }

    /**
     * RFC 6347 §4.2.8: the restarted client's Finished verified, so the old association is
     * abandoned. Nothing is sent under its keys: the client no longer holds them. The new peer takes
     * the old one's address and table slot.
     */
    private void replace(PeerState old, PeerState fresh) {
        old.restart = null;
        fresh.replaces = null;
        old.removed = true;
        timers.remove(old);
        peers.remove(old);
        counters.sessions.decrementAndGet();
        table.remove(old); // its address goes to the new peer, its connection ID with it
        table.put(fresh);
        peers.addNewest(fresh);
        counters.sessionsRestarted.increment();
        counters.sessionsClosed.increment();
        notifyClosed(old);
    }

    /** Gives a datagram to the peer's engine, then sends, reports and re-arms what follows. */
    private void feed(PeerState peer, byte[] data, long now) {
        feed(peer, data, now, true);
    }

    /**
     * {@link #feed(PeerState, byte[], long)}; with {@code countBadMac} false, records that fail
     * authentication are not counted (another engine will try them). True when a record authenticated.
     */
    private boolean feed(PeerState peer, byte[] data, long now, boolean countBadMac) {
        EngineStats s = peer.engine.stats();
        long recordsBefore = s.recordsReceived();
        long badMac = s.droppedBadMac();
        long replay = s.droppedReplay();
        long malformed = malformed(s);
        received.collecting(peer.engine);
        try {
            peer.engine.receive(ByteBuffer.wrap(data), now);
            received.takeEvents();
        } catch (RuntimeException e) {
            received.clear();
            throw e;
        }
        if (source != null) {
            followPeer(peer, source); // before anything is sent: answers go to where the peer is now
        }
        if (s.droppedBadMac() != badMac && countBadMac) {
            counters.droppedBadMac.add(s.droppedBadMac() - badMac);
        }
        if (s.droppedReplay() != replay) {
            counters.droppedReplay.add(s.droppedReplay() - replay);
        }
        if (malformed(s) != malformed) {
            counters.droppedMalformed.add(malformed(s) - malformed);
        }
        boolean authentic = s.recordsReceived() != recordsBefore;
        if (authentic) {
            // only authentic records count as activity: forged ones must not keep a session alive
            peer.lastActivity = now;
            peers.touch(peer);
        }
        deliverReceived(peer);
        pump(peer, now);
        reschedule(peer, now);
        return authentic;
    }

    private static long malformed(EngineStats s) {
        return s.droppedBadRecord() + s.droppedUnknownEpoch() + s.droppedUnexpected();
    }

    private void sendNow(PeerState peer, byte[] data, long now) {
        sendNow(peer, ByteBuffer.wrap(data), now);
    }

    /** Seals {@code data} as one record into {@link #sendBuffer} and sends it, after what the engine had queued. */
    private void sendNow(PeerState peer, ByteBuffer data, long now) {
        if (peer.removed || peer.engine.state() != EngineState.CONNECTED) {
            counters.sendsDropped.increment();
            return;
        }
        flush(peer); // e.g. a retransmitted flight the engine queued goes out before the new record
        sendBuffer.clear();
        peer.engine.seal(data, sendBuffer, now);
        sendBuffer.flip();
        peer.lastActivity = now;
        peers.touch(peer);
        sendDatagram(peer, sendBuffer);
    }

    private void flush(PeerState peer) {
        ByteBuffer datagram;
        while ((datagram = peer.engine.pollDatagram()) != null) {
            sendDatagram(peer, datagram);
        }
    }

    private void sendDatagram(PeerState peer, ByteBuffer datagram) {
        int size = datagram.remaining();
        try {
            socket.send(datagram, peer.address);
        } catch (IOException e) {
            counters.sendErrors.increment(); // and the application hears which peer lost what
            try {
                listener.datagramNotSent(peer.address, size, e);
            } catch (RuntimeException ex) {
                counters.listenerErrors.increment();
            }
        }
    }

    /** A HelloVerifyRequest: no session to report a failure to, the server's count is all there is. */
    private void sendUnattached(ByteBuffer datagram, InetSocketAddress to) {
        try {
            socket.send(datagram, to);
        } catch (IOException e) {
            counters.sendErrors.increment(); // nothing else to tell: the client retransmits its ClientHello
        }
    }

    /**
     * Handles the engine's events, then sends what it queued. Events first: counters and listener
     * calls happen before the peer can see our answer (e.g. sessionEstablished before our Finished).
     */
    private void pump(PeerState peer, long now) {
        while (true) {
            DtlsEvent event = peer.engine.pollEvent();
            if (event == null) {
                flush(peer);
                return;
            }
            onEvent(peer, event);
        }
    }

    /**
     * What the engine produced from the datagram just fed, in its order: events, and application data
     * for the listener as a view of {@link #received}'s arena (no allocation per record; a listener
     * that wants bytes of its own gets a copy from {@link DtlsServerListener#dataReceived(PeerSession, ByteBuffer)}'s default).
     */
    private void deliverReceived(PeerState peer) {
        try {
            int record = 0;
            for (int i = 0; i < received.size(); i++) {
                DtlsEvent event = received.event(i);
                if (event != null) {
                    onEvent(peer, event);
                    continue;
                }
                ByteBuffer data = received.record(record++);
                if (!peer.removed) {
                    try {
                        listener.dataReceived(peer, data);
                    } catch (RuntimeException e) {
                        counters.listenerErrors.increment();
                    }
                }
            }
        } finally {
            received.clear();
        }
    }

    private void onEvent(PeerState peer, DtlsEvent event) {
        if (event instanceof DtlsEvent.HandshakeCompleted done) {
            if (!peer.removed) {
                if (peer.replaces != null) {
                    replace(peer.replaces, peer);
                }
                peer.markEstablished(done.session(), peer.engine.maxApplicationDataSize(), peer.engine.exporter());
                byte[] cid = done.session().readConnectionId();
                // RFC 9146: from now on the peer's records are found by our CID, wherever they come from
                if (cid != null && cid.length > 0 && !table.putConnectionId(peer, cid)) {
                    counters.connectionIdCollisions.increment();
                }
                counters.handshakes.decrementAndGet();
                counters.sessions.incrementAndGet();
                counters.handshakesCompleted.increment();
                try {
                    listener.sessionEstablished(peer);
                } catch (RuntimeException e) {
                    counters.listenerErrors.increment();
                }
            }
        } else if (event instanceof DtlsEvent.ApplicationData data) {
            if (!peer.removed) {
                try {
                    listener.dataReceived(peer, data.data());
                } catch (RuntimeException e) {
                    counters.listenerErrors.increment();
                }
            }
        } else if (event instanceof DtlsEvent.Closed closed) {
            if (!peer.removed && !retireClosed(peer)) {
                notifyFailed(peer.address, new DtlsException(AlertDescription.CLOSE_NOTIFY, closed.byPeer(),
                        "closed before the handshake completed", null));
            }
        } else if (event instanceof DtlsEvent.Failed failed) {
            if (!peer.removed) {
                boolean wasEstablished = peer.established;
                retire(peer);
                DtlsException cause = failed.cause();
                if (wasEstablished) {
                    counters.sessionsFailed.increment();
                } else if (failed.timedOut()) {
                    counters.handshakesFailedTimeout.increment();
                    cause = new DtlsTimeoutException(cause.getMessage(), cause);
                } else if (cause.alertFromPeer()) {
                    counters.handshakesFailedPeerAlert.increment();
                } else {
                    counters.handshakesFailedLocalAlert.increment();
                }
                notifyFailed(peer.address, cause);
            }
        }
        // warning alerts other than close_notify change nothing for the transport
    }

    private void notifyClosed(PeerState peer) {
        try {
            listener.sessionClosed(peer);
        } catch (RuntimeException e) {
            counters.listenerErrors.increment();
        }
    }

    private void notifyFailed(InetSocketAddress address, DtlsException cause) {
        try {
            listener.sessionFailed(address, cause);
        } catch (RuntimeException e) {
            counters.listenerErrors.increment();
        }
    }

    /** Takes a peer out of every table; its engine is not touched. */
    private void retire(PeerState peer) {
        peer.removed = true;
        timers.remove(peer);
        if (peer.replaces != null) { // a restart that did not complete: the session it was to replace stays
            peer.replaces.restart = null;
            peer.replaces = null;
            counters.handshakes.decrementAndGet();
            return;
        }
        abandonRestart(peer);
        table.remove(peer);
        peers.remove(peer);
        table.release();
        if (peer.established) {
            counters.sessions.decrementAndGet();
        } else {
            counters.handshakes.decrementAndGet();
        }
    }

    /** The time this peer's handshake or idle period runs out. */
    private long expiry(PeerState peer) {
        return peer.established ? Deadlines.saturatedAdd(peer.lastActivity, settings.idleTimeoutMillis())
                : Deadlines.saturatedAdd(peer.createdAt, settings.handshakeTimeoutMillis());
    }

    /**
     * Arms the peer's timer for the earlier of the engine's deadline and its expiry. A timer that is
     * already earlier stays: when it fires the peer is looked at and re-armed, so activity that
     * pushes the idle expiry later costs no heap work.
     */
    private void reschedule(PeerState peer, long now) {
        if (peer.removed) {
            return;
        }
        long target = Math.min(peer.engine.nextDeadline(), expiry(peer));
        if (peer.heapIndex < 0 || target < peer.deadline) {
            timers.schedule(peer, Math.max(target, now + 1));
        }
    }

    private void runTimers(long now) {
        while (timers.peekDeadline() <= now) {
            PeerState peer = timers.poll();
            try {
                onTimer(peer, now);
            } catch (RuntimeException e) {
                counters.internalErrors.increment();
                if (!peer.removed) { // its timer is gone: drop the peer rather than keep it forever
                    boolean wasEstablished = peer.established;
                    retire(peer);
                    if (wasEstablished) {
                        counters.sessionsFailed.increment();
                    } else {
                        counters.handshakesFailedLocalAlert.increment();
                    }
                    notifyFailed(peer.address, new DtlsException(AlertDescription.INTERNAL_ERROR, "internal error: " + e, e));
                }
            }
        }
    }

    private void onTimer(PeerState peer, long now) {
        if (peer.engine.nextDeadline() <= now) {
            peer.engine.handleTimeout(now); // retransmits, or fails the handshake
            pump(peer, now);
            if (peer.removed) {
                return;
            }
        }
        if (!peer.established && now - peer.createdAt >= settings.handshakeTimeoutMillis()) {
            retire(peer);
            counters.handshakesFailedTimeout.increment();
            notifyFailed(peer.address, new DtlsTimeoutException("handshake with " + peer.address
                    + " not completed within " + settings.handshakeTimeoutMillis() + " ms"));
        } else if (peer.established && now - peer.lastActivity >= settings.idleTimeoutMillis()) {
            counters.sessionsExpiredIdle.increment();
            closeSession(peer, now);
        } else {
            reschedule(peer, now);
        }
    }

    /** Sends close_notify and ends the session (the listener hears sessionClosed, or sessionFailed mid-handshake). */
    private void closeSession(PeerState peer, long now) {
        peer.engine.close(now);
        pump(peer, now);
        if (!peer.removed) { // an engine that had already ended reports nothing more
            retireClosed(peer);
        }
    }

    /**
     * Retires a peer whose session or handshake ended without failing: a closed session (the listener
     * hears sessionClosed) or an aborted handshake. True when the session had been established.
     */
    private boolean retireClosed(PeerState peer) {
        boolean wasEstablished = peer.established;
        retire(peer);
        if (wasEstablished) {
            counters.sessionsClosed.increment();
            notifyClosed(peer);
        } else {
            counters.handshakesAborted.increment();
        }
        return wasEstablished;
    }

    /** Closes the least recently active established session of this loop; false when it has none near the old end. */
    private boolean evictOldestIdle(long now) {
        PeerState p = peers.oldest();
        for (int i = 0; p != null && i < EVICTION_SCAN; i++, p = p.newer) {
            if (p.established) {
                counters.sessionsEvicted.increment();
                closeSession(p, now);
                return true;
            }
        }
        return false;
    }

    /** At shutdown: close_notify to every peer of this loop, then drop what is still queued. */
    private void closeAll() {
        long now = Clock.nowMillis();
        PeerState p;
        while ((p = peers.oldest()) != null) {
            closeSession(p, now);
        }
        Object task;
        while ((task = tasks.poll()) != null) {
            discard(task);
        }
    }

    /** A task that will not be handled: its bytes no longer count against its peer. */
    private void discard(Object task) {
        if (task instanceof Inbound in && in.peer() != null) {
            in.peer().release(in.data().length);
        } else if (task instanceof Outbound out) {
            out.peer().release(out.data().length);
            counters.sendsDropped.increment();
        }
    }
}
