package io.dtls4j.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Ephemeral ECDHE key pairs made ahead of time, so that a handshake takes one that is ready instead
 * of generating it on its critical path (a P-256 key costs about as much as an ECDH agreement). Set
 * it with {@link DtlsConfig.Builder#ephemeralKeys}; DtlsServer and DtlsClient use one by default.
 *
 * <p>Per group a small pool of at most {@code capacity} pairs, refilled on the {@link Executor} the
 * caller gives: this class starts no thread of its own. {@link #next} hands out a ready pair that is
 * not older than {@code maxAge}, or generates one inline when none is ready (the first handshakes,
 * a burst that empties the pool, a busy or shut down executor), and then asks the executor for as
 * many pairs as the pool lacks. Only groups that handshakes have asked for are refilled.
 *
 * <p>Forward secrecy is as with inline generation (RFC 8422 §2): every pair is handed out once and
 * then forgotten by the pool, and a pair older than {@code maxAge} is dropped, never handed out:
 * a private key waits in memory at most that long before its handshake, and then lives as long as
 * the handshake's would. (Pairs of a group no longer asked for stay until a take drops them; they
 * never protect anything.)
 *
 * <p>Randomness: pooled pairs are drawn from the pool's own {@link SecureRandom} (the refills run on
 * the executor, not in a handshake), inline ones from the {@code random} passed to {@link #next}, the
 * configuration's. A test that wants the keys decided by a seeded configuration random keeps the
 * default {@link EphemeralKeySource#inline()}.
 *
 * <p>Failures never reach the handshake: an executor that rejects a refill, or a refill that throws,
 * only means inline generation later; both are counted ({@link #refillsFailed()}) and logged at
 * debug. Once an {@link ExecutorService} executor is shut down the pool asks it for nothing more and
 * every pair is generated inline. A refill the executor accepted but never runs (dropped by
 * {@code shutdownNow}) keeps its place in the pool, which then generates inline too.
 *
 * <p>Thread-safe: any number of engines on any threads may share one pool.
 */
public final class PregeneratedEphemeralKeys implements EphemeralKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(PregeneratedEphemeralKeys.class);

    /** Default pairs kept per group: enough for a burst of handshakes while the executor catches up. */
    public static final int DEFAULT_CAPACITY = 4;
    /** Default age after which a pooled pair is dropped rather than handed out. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

    private final Executor executor;
    private final int capacity;
    private final long maxAgeNanos;
    private final SecureRandom random;
    private final LongSupplier nanoClock;
    private final EphemeralKeySource generator;
    /** One shelf per group, made up front and never replaced, so reads need no lock. */
    private final Map<NamedGroup, Shelf> shelves = new EnumMap<>(NamedGroup.class);
    private final LongAdder pooled = new LongAdder();
    private final LongAdder inline = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder refillsFailed = new LongAdder();

    private PregeneratedEphemeralKeys(Builder b) {
        this.executor = b.executor;
        this.capacity = b.capacity;
        this.maxAgeNanos = b.maxAge.toNanos();
        this.random = b.random != null ? b.random : new SecureRandom();
        this.nanoClock = b.nanoClock;
        this.generator = b.generator;
        for (NamedGroup group : NamedGroup.values()) {
            shelves.put(group, new Shelf(group));
        }
    }

    /** A pool refilled on {@code executor}, with the defaults of {@link Builder}. */
    public static PregeneratedEphemeralKeys on(Executor executor) {
        return builder(executor).build();
    }

    /** A builder for a pool refilled on {@code executor} (e.g. a single daemon thread, or {@code ForkJoinPool.commonPool()}). */
    public static Builder builder(Executor executor) {
        return new Builder(executor);
    }

    /**
     * A pooled pair on {@code group} that is not older than the maximum age, or one generated now
     * from {@code random} when none is ready; then asks the executor to make up what the pool lacks.
     */
    @Override
    public KeyPair next(NamedGroup group, SecureRandom random) {
        Shelf shelf = shelves.get(Objects.requireNonNull(group, "group"));
        KeyPair pair = shelf.take(nanoClock.getAsLong());
        // refill before generating inline, so the executor works while this thread does
        refill(shelf);
        if (pair != null) {
            pooled.increment();
            return pair;
        }
        inline.increment();
        return generator.next(group, random);
    }

    /**
     * Asks the executor to fill the pool of {@code group} now, before a handshake asks for it: for a
     * server that knows its preferred group, so that its first handshakes need not generate inline.
     */
    public void prepare(NamedGroup group) {
        refill(shelves.get(Objects.requireNonNull(group, "group")));
    }

    /** Pairs of {@code group} ready to be handed out (expired ones included until a take drops them). */
    public int ready(NamedGroup group) {
        return shelves.get(group).ready.size();
    }

    /** Pairs handed out from the pool. */
    public long pooled() {
        return pooled.sum();
    }

    /** Pairs generated inline because none was ready. */
    public long inline() {
        return inline.sum();
    }

    /** Pooled pairs dropped unused because they were older than the maximum age. */
    public long expired() {
        return expired.sum();
    }

    /** Refills the executor rejected or that failed to generate a pair. */
    public long refillsFailed() {
        return refillsFailed.sum();
    }

    /** Asks the executor for one pair per free place of {@code shelf}: at most capacity pairs are ready or being made. */
    private void refill(Shelf shelf) {
        if (executor instanceof ExecutorService service && service.isShutdown()) {
            return; // it would reject every task: generating inline is all that is left
        }
        // at most the places free now: an executor that runs tasks in the caller and a generator that
        // fails would otherwise free and retake the same place forever
        for (int missing = capacity - shelf.places.get(); missing > 0 && shelf.reserve(capacity); missing--) {
            try {
                executor.execute(() -> make(shelf));
            } catch (RuntimeException e) {
                // RejectedExecutionException when saturated or shut down; the next take tries again
                shelf.release();
                failed(shelf.group, e);
                return;
            }
        }
    }

    /** Runs on the executor: one pair into {@code shelf}, whose place was reserved for it. */
    private void make(Shelf shelf) {
        KeyPair pair;
        try {
            pair = generator.next(shelf.group, random);
        } catch (RuntimeException e) {
            shelf.release();
            failed(shelf.group, e);
            return;
        }
        shelf.put(pair, nanoClock.getAsLong());
    }

    private void failed(NamedGroup group, RuntimeException e) {
        refillsFailed.increment();
        if (LOG.isDebugEnabled()) {
            LOG.debug("refilling the {} ephemeral key pool failed; handshakes generate inline meanwhile: {}", group, e.toString());
        }
    }

    /** The pairs of one group, and the count of places taken by them and by pairs being made. */
    private final class Shelf {
        final NamedGroup group;
        final Queue<Made> ready = new ConcurrentLinkedQueue<>();
        /** Ready pairs plus refills under way; never above capacity, so the pool cannot grow without bound. */
        private final AtomicInteger places = new AtomicInteger();

        Shelf(NamedGroup group) {
            this.group = group;
        }

        /** The oldest ready pair still young enough at {@code now}, or null; older ones are dropped. */
        KeyPair take(long now) {
            Made made;
            while ((made = ready.poll()) != null) {
                // poll gives each pair to one caller only
                places.decrementAndGet();
                if (now - made.nanos <= maxAgeNanos) {
                    return made.pair;
                }
                expired.increment();
            }
            return null;
        }

        boolean reserve(int limit) {
            int n;
            do {
                n = places.get();
                if (n >= limit) {
                    return false;
                }
            } while (!places.compareAndSet(n, n + 1));
            return true;
        }

        void release() {
            places.decrementAndGet();
        }

        void put(KeyPair pair, long nanos) {
            ready.add(new Made(pair, nanos));
        }
    }

    private record Made(KeyPair pair, long nanos) {
    }

    /** Builder for {@link PregeneratedEphemeralKeys}. Not thread-safe. */
    public static final class Builder {
        private final Executor executor;
        private int capacity = DEFAULT_CAPACITY;
        private Duration maxAge = DEFAULT_MAX_AGE;
        private SecureRandom random;
        private LongSupplier nanoClock = System::nanoTime;
        private EphemeralKeySource generator = EphemeralKeySource.inline();

        private Builder(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
        }

        /** Pairs kept ready per group, 1..1024 (default {@value PregeneratedEphemeralKeys#DEFAULT_CAPACITY}). */
        public Builder capacity(int capacity) {
            if (capacity < 1 || capacity > 1024) {
                throw new IllegalArgumentException("capacity must be 1..1024 pairs per group: " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** A pooled pair older than this is dropped, not handed out (default 60 s). */
        public Builder maxAge(Duration maxAge) {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** The randomness pooled pairs are drawn from (default: a new {@code SecureRandom}). */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The monotonic clock, in nanoseconds, that dates pooled pairs (default {@link System#nanoTime()}); tests inject a fake one. */
        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /**
         * How pairs are made, both on the executor (with the pool's random) and inline (with the
         * caller's); default {@link EphemeralKeySource#inline()}, the JCA. It must make a new pair
         * on every call.
         */
        public Builder generator(EphemeralKeySource generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
            return this;
        }

        public PregeneratedEphemeralKeys build() {
            return new PregeneratedEphemeralKeys(this);
        }
    }
}
