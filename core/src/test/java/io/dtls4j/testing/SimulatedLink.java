package io.dtls4j.testing;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A client and a server {@link DtlsEngine} joined by a virtual network with a virtual clock. Each
 * direction has its own {@link Conditions} (loss, duplication, delay, reordering); all randomness
 * comes from one seeded {@link Random}, so a run is a pure function of the seed and the engines'
 * own (seeded) randomness. Datagrams longer than the link MTU are dropped and counted.
 *
 * <p>The event loop repeatedly does the earliest of: deliver the next datagram that is due, or
 * fire an engine's timer ({@link DtlsEngine#nextDeadline()}), moving virtual time forward to it.
 * Every run is bounded by a step count and a virtual time limit; crossing either fails the test.
 */
public final class SimulatedLink {
    /** Virtual time at which every link starts. */
    public static final long START_MILLIS = 1_000_000;

    /** The two ends of the link. */
    public enum Side {
        CLIENT, SERVER;

        public Side peer() {
            return this == CLIENT ? SERVER : CLIENT;
        }
    }

    /**
     * What happens to datagrams sent one way.
     *
     * @param loss             probability that a datagram is dropped
     * @param duplication      probability that a delivered datagram is delivered twice
     * @param delayMillis      fixed one-way delay
     * @param maxReorderMillis each delivery gets a random extra delay in [0, this], which reorders datagrams
     */
    public record Conditions(double loss, double duplication, long delayMillis, long maxReorderMillis) {
        /** No loss, no duplication, 5 ms delay, order kept. */
        public static final Conditions PERFECT = new Conditions(0, 0, 5, 0);
        /** Everything is dropped. */
        public static final Conditions BLACK_HOLE = new Conditions(1, 0, 5, 0);

        public Conditions {
            if (loss < 0 || loss > 1 || duplication < 0 || duplication > 1 || delayMillis < 0 || maxReorderMillis < 0) {
                throw new IllegalArgumentException("bad link conditions");
            }
        }
    }

    /** Rewrites or drops a datagram in flight. */
    @FunctionalInterface
    public interface Interceptor {
        /**
         * @param from     who sent it
         * @param index    how many datagrams {@code from} sent before this one
         * @param datagram a copy the interceptor may change
         * @return the bytes to put on the wire, or null to drop the datagram
         */
        byte[] intercept(Side from, int index, byte[] datagram);
    }

    /** A datagram as an engine sent it (before the interceptor, loss or the MTU check). */
    public record Sent(Side from, long time, byte[] bytes) {
    }

    /** An event an engine reported, with the virtual time it was taken out. */
    public record Event(Side side, long time, DtlsEvent event) {
    }

    /** Application data that arrived at each side during {@link #exchange}. */
    public record Exchange(byte[] atServer, byte[] atClient) {
    }

    private record InFlight(long due, long order, Side to, byte[] bytes) {
    }

    private final DtlsEngine client;
    private final DtlsEngine server;
    private final Random random;
    private final Conditions toServer;
    private final Conditions toClient;
    private final int mtu;
    private final Interceptor interceptor;
    private final long maxVirtualMillis;
    private final long maxSteps;
    private final long seed;

    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>(
            (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private final List<Sent> sent = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final int[] sentCount = new int[2];
    /** The virtual time the link starts at. */
    private final long start;
    private long now;
    private long order;
    private long steps;
    private long oversizeDropped;
    private long lost;
    private long duplicated;
    private long delivered;

    private SimulatedLink(DtlsEngine client, DtlsEngine server, Builder b) {
        this.client = Objects.requireNonNull(client, "client");
        this.server = Objects.requireNonNull(server, "server");
        this.random = new Random(b.seed);
        this.seed = b.seed;
        this.toServer = b.toServer;
        this.toClient = b.toClient;
        this.mtu = b.mtu;
        this.interceptor = b.interceptor;
        this.maxVirtualMillis = b.maxVirtualMillis;
        this.maxSteps = b.maxSteps;
        this.start = b.startMillis;
        this.now = b.startMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- driving ----

    /** Starts the client's handshake and runs until neither side is handshaking or nothing is left to do. */
    public void handshake() {
        client.start(now);
        runUntil(() -> client.state() != EngineState.HANDSHAKING && server.state() != EngineState.HANDSHAKING);
    }

    /** True when both engines are CONNECTED. */
    public boolean bothConnected() {
        return client.state() == EngineState.CONNECTED && server.state() == EngineState.CONNECTED;
    }

    /** Runs until no datagram is in flight and no timer is armed. */
    public void runUntilQuiet() {
        runUntil(() -> false);
    }

    /**
     * Runs the event loop until {@code done} holds (checked between steps) or nothing is left to
     * do. Fails with an AssertionError when the step or virtual time limit is crossed, or when an
     * engine throws.
     */
    public void runUntil(BooleanSupplier done) {
        collect();
        while (!done.getAsBoolean()) {
            long clientDeadline = client.nextDeadline();
            long serverDeadline = server.nextDeadline();
            InFlight next = inFlight.peek();
            long nextDue = next != null ? next.due : Long.MAX_VALUE;
            long earliest = Math.min(nextDue, Math.min(clientDeadline, serverDeadline));
            if (earliest == Long.MAX_VALUE) {
                return; // quiet: nothing in flight, no timer armed
            }
            if (++steps > maxSteps) {
                throw new AssertionError("simulated link (seed " + seed + ") exceeded " + maxSteps + " steps; "
                        + describe());
            }
            if (earliest - start > maxVirtualMillis) {
                throw new AssertionError("simulated link (seed " + seed + ") exceeded " + maxVirtualMillis
                        + " ms of virtual time; " + describe());
            }
            now = Math.max(now, earliest);
            if (nextDue == earliest) {
                inFlight.poll();
                delivered++;
                DtlsEngine to = engine(next.to);
                guard(next.to, "receive", () -> to.receive(ByteBuffer.wrap(next.bytes), now));
            } else if (clientDeadline == earliest) {
                guard(Side.CLIENT, "handleTimeout", () -> client.handleTimeout(now));
            } else {
                guard(Side.SERVER, "handleTimeout", () -> server.handleTimeout(now));
            }
            collect();
        }
    }

    /** Protects {@code data} as one record from {@code from} and puts it on the wire. */
    public void send(Side from, byte[] data) {
        DtlsEngine engine = engine(from);
        guard(from, "send", () -> engine.send(ByteBuffer.wrap(data), now));
        collect();
    }

    /** Closes {@code side}'s engine (close_notify) and puts what it sends on the wire. */
    public void close(Side side) {
        DtlsEngine engine = engine(side);
        guard(side, "close", () -> engine.close(now));
        collect();
    }

    /**
     * Sends {@code fromClient} and {@code fromServer} in records of at most
     * {@link DtlsEngine#maxApplicationDataSize()} bytes, alternating directions, runs until quiet,
     * and returns what arrived on each side during the call, concatenated in arrival order.
     */
    public Exchange exchange(byte[] fromClient, byte[] fromServer) {
        int serverBefore = received(Side.SERVER).size();
        int clientBefore = received(Side.CLIENT).size();
        int clientChunk = client.maxApplicationDataSize();
        int serverChunk = server.maxApplicationDataSize();
        int c = 0;
        int s = 0;
        while (c < fromClient.length || s < fromServer.length) {
            if (c < fromClient.length) {
                int n = Math.min(clientChunk, fromClient.length - c);
                send(Side.CLIENT, java.util.Arrays.copyOfRange(fromClient, c, c + n));
                c += n;
            }
            if (s < fromServer.length) {
                int n = Math.min(serverChunk, fromServer.length - s);
                send(Side.SERVER, java.util.Arrays.copyOfRange(fromServer, s, s + n));
                s += n;
            }
            // keep the queue short: deliver what is due every few records
            runUntil(() -> inFlight.size() < 64);
        }
        runUntilQuiet();
        return new Exchange(concat(received(Side.SERVER), serverBefore), concat(received(Side.CLIENT), clientBefore));
    }

    private static byte[] concat(List<byte[]> parts, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < parts.size(); i++) {
            out.writeBytes(parts.get(i));
        }
        return out.toByteArray();
    }

    /** Puts a hand-made datagram on the wire as if {@code from} had sent it (it passes through the link conditions). */
    public void inject(Side from, byte[] datagram) {
        transmit(from, datagram.clone());
    }

    private void guard(Side side, String call, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw new AssertionError(side + " engine threw from " + call + " at virtual time " + (now - start)
                    + " ms (seed " + seed + "): " + e, e);
        }
    }

    /** Takes out every datagram and event both engines have queued. */
    private void collect() {
        for (Side side : Side.values()) {
            DtlsEngine engine = engine(side);
            ByteBuffer datagram;
            while ((datagram = engine.pollDatagram()) != null) {
                byte[] bytes = new byte[datagram.remaining()];
                datagram.get(bytes);
                transmit(side, bytes);
            }
            DtlsEvent event;
            while ((event = engine.pollEvent()) != null) {
                events.add(new Event(side, now, event));
            }
        }
    }

    private void transmit(Side from, byte[] bytes) {
        sent.add(new Sent(from, now, bytes.clone()));
        int index = sentCount[from.ordinal()]++;
        if (bytes.length > mtu) {
            oversizeDropped++;
            return;
        }
        byte[] wire = interceptor != null ? interceptor.intercept(from, index, bytes) : bytes;
        if (wire == null) {
            return;
        }
        Conditions conditions = from == Side.CLIENT ? toServer : toClient;
        if (random.nextDouble() < conditions.loss) {
            lost++;
            return;
        }
        schedule(from.peer(), wire, conditions);
        if (random.nextDouble() < conditions.duplication) {
            duplicated++;
            schedule(from.peer(), wire, conditions);
        }
    }

    private void schedule(Side to, byte[] bytes, Conditions conditions) {
        long extra = conditions.maxReorderMillis > 0 ? (long) (random.nextDouble() * (conditions.maxReorderMillis + 1)) : 0;
        inFlight.add(new InFlight(now + conditions.delayMillis + extra, order++, to, bytes.clone()));
    }

    // ---- observing ----

    public DtlsEngine engine(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    public DtlsEngine client() {
        return client;
    }

    public DtlsEngine server() {
        return server;
    }

    /** Current virtual time in milliseconds. */
    public long now() {
        return now;
    }

    /** Every datagram {@code from} sent, in order, with the virtual time it was sent. */
    public List<Sent> sent(Side from) {
        return sent.stream().filter(s -> s.from == from).toList();
    }

    /** Every event {@code side} reported, in order. */
    public List<Event> events(Side side) {
        return events.stream().filter(e -> e.side == side).toList();
    }

    /** Every event of one kind {@code side} reported, in order. */
    public <T extends DtlsEvent> List<T> events(Side side, Class<T> kind) {
        return events.stream().filter(e -> e.side == side && kind.isInstance(e.event)).map(e -> kind.cast(e.event)).toList();
    }

    /** The payloads of every ApplicationData event {@code side} reported, in order. */
    public List<byte[]> received(Side side) {
        return events(side, DtlsEvent.ApplicationData.class).stream().map(DtlsEvent.ApplicationData::data).toList();
    }

    /** Datagrams dropped for being longer than the link MTU. */
    public long oversizeDropped() {
        return oversizeDropped;
    }

    /** Datagrams dropped by the loss probability. */
    public long lost() {
        return lost;
    }

    /** Extra copies delivered by the duplication probability. */
    public long duplicated() {
        return duplicated;
    }

    /** Datagrams handed to an engine. */
    public long delivered() {
        return delivered;
    }

    /** Steps (deliveries and timer firings) run so far. */
    public long steps() {
        return steps;
    }

    /** Datagrams still on the wire. */
    public int inFlightCount() {
        return inFlight.size();
    }

    /** A one-line summary for failure messages. */
    public String describe() {
        return "seed=" + seed + " t=" + (now - start) + "ms steps=" + steps
                + " client=" + client.state() + " " + client.stats()
                + " server=" + server.state() + " " + server.stats()
                + " sent=" + sent.size() + " lost=" + lost + " dup=" + duplicated + " oversize=" + oversizeDropped
                + " events=" + Collections.unmodifiableList(events.stream().map(e -> e.side + ":" + e.event).toList());
    }

    /** Settings of a {@link SimulatedLink}. */
    public static final class Builder {
        private long seed;
        private Conditions toServer = Conditions.PERFECT;
        private Conditions toClient = Conditions.PERFECT;
        private int mtu = DtlsConfig.DEFAULT_MTU;
        private Interceptor interceptor;
        private long startMillis = START_MILLIS;
        private long maxVirtualMillis = 600_000;
        private long maxSteps = 200_000;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Conditions of both directions. */
        public Builder conditions(Conditions both) {
            this.toServer = both;
            this.toClient = both;
            return this;
        }

        /** Conditions of datagrams sent by {@code from}. */
        public Builder conditions(Side from, Conditions conditions) {
            if (from == Side.CLIENT) {
                this.toServer = conditions;
            } else {
                this.toClient = conditions;
            }
            return this;
        }

        /** The largest datagram the link carries; longer ones are dropped and counted. */
        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** The virtual time the link starts at (default {@link #START_MILLIS}): later for a second connection. */
        public Builder startMillis(long millis) {
            this.startMillis = millis;
            return this;
        }

        public Builder interceptor(Interceptor interceptor) {
            this.interceptor = interceptor;
            return this;
        }

        public Builder maxVirtualMillis(long millis) {
            this.maxVirtualMillis = millis;
            return this;
        }

        public Builder maxSteps(long steps) {
            this.maxSteps = steps;
            return this;
        }

        public SimulatedLink connect(DtlsEngine client, DtlsEngine server) {
            return new SimulatedLink(client, server, this);
        }
    }
}
