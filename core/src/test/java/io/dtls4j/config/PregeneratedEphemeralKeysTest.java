package io.dtls4j.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PregeneratedEphemeralKeysTest {
    private static final SecureRandom CALLER = new SecureRandom();
    private static final SecureRandom POOL = new SecureRandom();

    /** An executor whose tasks run only when the test says so. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }

    /**
     * Makes cheap distinct pairs (no keys inside: the pool never looks into them) and records each
     * with the group and the randomness it was made for.
     */
    private static final class RecordingGenerator implements EphemeralKeySource {
        record Made(KeyPair pair, NamedGroup group, SecureRandom random) {
        }

        final List<Made> made = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failing;

        @Override
        public KeyPair next(NamedGroup group, SecureRandom random) {
            if (failing) {
                throw new IllegalStateException("no provider today");
            }
            KeyPair pair = new KeyPair(null, null);
            made.add(new Made(pair, group, random));
            return pair;
        }

        List<KeyPair> madeWith(SecureRandom random) {
            synchronized (made) {
                return made.stream().filter(m -> m.random == random).map(Made::pair).toList();
            }
        }
    }

    private final ManualExecutor executor = new ManualExecutor();
    private final RecordingGenerator generator = new RecordingGenerator();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private PregeneratedEphemeralKeys.Builder pool() {
        return PregeneratedEphemeralKeys.builder(executor).random(POOL).generator(generator).nanoClock(nanos::get);
    }

    @Test
    void handsOutEachPooledPairOnceInTheOrderItWasMade() {
        PregeneratedEphemeralKeys keys = pool().build();
        keys.prepare(NamedGroup.SECP256R1);
        executor.runAll();
        List<KeyPair> pooled = generator.madeWith(POOL);
        assertThat(pooled).hasSize(PregeneratedEphemeralKeys.DEFAULT_CAPACITY);

        List<KeyPair> taken = new ArrayList<>();
        for (int i = 0; i < pooled.size(); i++) {
            taken.add(keys.next(NamedGroup.SECP256R1, CALLER));
        }

        assertThat(taken).containsExactlyElementsOf(pooled);
        assertThat(identities(taken)).hasSize(pooled.size());
        assertThat(keys.pooled()).isEqualTo(pooled.size());
        assertThat(keys.inline()).isZero();
        assertThat(generator.madeWith(CALLER)).isEmpty();
    }

    @Test
    void aTakeAsksForOneReplacementAndAnEmptyPoolIsGeneratedInlineWithTheCallersRandom() {
        PregeneratedEphemeralKeys keys = pool().capacity(2).build();

        KeyPair first = keys.next(NamedGroup.X25519, CALLER);

        assertThat(generator.madeWith(CALLER)).containsExactly(first);
        assertThat(keys.inline()).isEqualTo(1);
        assertThat(executor.tasks).hasSize(2);
        executor.runAll();
        assertThat(keys.ready(NamedGroup.X25519)).isEqualTo(2);

        KeyPair second = keys.next(NamedGroup.X25519, CALLER);

        assertThat(second).isSameAs(generator.madeWith(POOL).get(0));
        assertThat(executor.tasks).as("one pair taken, one refill").hasSize(1);
    }

    @Test
    void refillsOnlyTheGroupsAskedForAndNeverBeyondCapacity() {
        PregeneratedEphemeralKeys keys = pool().capacity(3).build();

        for (int i = 0; i < 5; i++) {
            keys.next(NamedGroup.SECP384R1, CALLER); // the refills are queued, not run: every take is inline
        }

        assertThat(executor.tasks).as("refills in flight count against the capacity").hasSize(3);
        assertThat(keys.inline()).isEqualTo(5);
        executor.runAll();
        assertThat(generator.madeWith(POOL)).hasSize(3);
        assertThat(generator.made).extracting(RecordingGenerator.Made::group).containsOnly(NamedGroup.SECP384R1);
        for (NamedGroup other : List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP521R1)) {
            assertThat(keys.ready(other)).as("%s was never asked for", other).isZero();
        }

        keys.next(NamedGroup.SECP384R1, CALLER);
        keys.prepare(NamedGroup.SECP384R1);
        executor.runAll();
        assertThat(keys.ready(NamedGroup.SECP384R1)).isEqualTo(3);
    }

    @Test
    void pairsOlderThanTheMaximumAgeAreDroppedAndNeverHandedOut() {
        PregeneratedEphemeralKeys keys = pool().capacity(2).maxAge(Duration.ofSeconds(60)).build();
        keys.prepare(NamedGroup.X25519);
        executor.runAll();
        List<KeyPair> old = generator.madeWith(POOL);

        nanos.addAndGet(Duration.ofSeconds(60).plusNanos(1).toNanos());
        KeyPair taken = keys.next(NamedGroup.X25519, CALLER);

        assertThat(old).doesNotContain(taken);
        assertThat(generator.madeWith(CALLER)).containsExactly(taken);
        assertThat(keys.expired()).isEqualTo(2);
        assertThat(keys.ready(NamedGroup.X25519)).isZero();
        executor.runAll();
        assertThat(keys.ready(NamedGroup.X25519)).as("the dropped pairs' places refilled").isEqualTo(2);
    }

    @Test
    void aPairExactlyAsOldAsTheMaximumAgeIsStillHandedOut() {
        PregeneratedEphemeralKeys keys = pool().capacity(1).maxAge(Duration.ofSeconds(5)).build();
        keys.prepare(NamedGroup.SECP256R1);
        executor.runAll();

        nanos.addAndGet(Duration.ofSeconds(5).toNanos());

        assertThat(keys.next(NamedGroup.SECP256R1, CALLER)).isSameAs(generator.madeWith(POOL).get(0));
        assertThat(keys.expired()).isZero();
    }

    @Test
    void anExecutorThatRejectsLeavesInlineGenerationAndCountsTheFailure() {
        PregeneratedEphemeralKeys keys = PregeneratedEphemeralKeys.builder(task -> {
            throw new RejectedExecutionException("saturated");
        }).generator(generator).build();

        KeyPair first = keys.next(NamedGroup.SECP256R1, CALLER);
        KeyPair second = keys.next(NamedGroup.SECP256R1, CALLER);

        assertThat(generator.madeWith(CALLER)).containsExactly(first, second);
        assertThat(keys.refillsFailed()).as("one rejection per take, then it stops asking").isEqualTo(2);
        assertThat(keys.inline()).isEqualTo(2);
    }

    @Test
    void aRefillThatThrowsFreesItsPlaceForTheNextTake() {
        PregeneratedEphemeralKeys keys = pool().capacity(2).build();
        generator.failing = true;
        keys.prepare(NamedGroup.X25519);
        executor.runAll();
        assertThat(keys.refillsFailed()).isEqualTo(2);
        assertThat(keys.ready(NamedGroup.X25519)).isZero();

        generator.failing = false;
        KeyPair inline = keys.next(NamedGroup.X25519, CALLER);
        executor.runAll();

        assertThat(generator.madeWith(CALLER)).containsExactly(inline);
        assertThat(keys.ready(NamedGroup.X25519)).isEqualTo(2);
    }

    @Test
    @Timeout(10)
    void aCallerRunsExecutorWithAFailingGeneratorTriesEachFreePlaceOnceAndStops() {
        PregeneratedEphemeralKeys keys = PregeneratedEphemeralKeys.builder(Runnable::run).capacity(3)
                .generator((group, random) -> {
                    throw new IllegalStateException("no provider today");
                }).build();

        keys.prepare(NamedGroup.X25519);

        assertThat(keys.refillsFailed()).isEqualTo(3);
        assertThat(keys.ready(NamedGroup.X25519)).isZero();
    }

    @Test
    void aShutDownExecutorServiceIsNotAskedAgainAndKeysAreGeneratedInline() {
        ExecutorService service = Executors.newSingleThreadExecutor();
        service.shutdown();
        PregeneratedEphemeralKeys keys = PregeneratedEphemeralKeys.builder(service).generator(generator).build();

        KeyPair pair = keys.next(NamedGroup.SECP521R1, CALLER);

        assertThat(generator.madeWith(CALLER)).containsExactly(pair);
        assertThat(keys.refillsFailed()).isZero();
        assertThat(keys.ready(NamedGroup.SECP521R1)).isZero();
    }

    @Test
    void concurrentTakesNeverHandOutTheSamePairTwice() throws Exception {
        ExecutorService refills = Executors.newFixedThreadPool(2);
        ExecutorService takers = Executors.newFixedThreadPool(4);
        PregeneratedEphemeralKeys keys = PregeneratedEphemeralKeys.builder(refills).random(POOL).generator(generator).build();
        int takesEach = 200;
        try {
            List<Callable<List<KeyPair>>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(() -> {
                    List<KeyPair> taken = new ArrayList<>();
                    for (int i = 0; i < takesEach; i++) {
                        taken.add(keys.next(NamedGroup.X25519, CALLER));
                    }
                    return taken;
                });
            }
            List<KeyPair> all = new ArrayList<>();
            for (Future<List<KeyPair>> f : takers.invokeAll(work)) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }

            assertThat(all).hasSize(4 * takesEach);
            assertThat(identities(all)).hasSize(4 * takesEach);
            assertThat(keys.pooled() + keys.inline()).isEqualTo(4 * takesEach);
        } finally {
            takers.shutdown();
            refills.shutdown();
        }
        assertThat(refills.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keys.ready(NamedGroup.X25519)).as("refilled to the capacity, not beyond")
                .isEqualTo(PregeneratedEphemeralKeys.DEFAULT_CAPACITY);
        assertThat(generator.madeWith(POOL)).hasSize((int) keys.pooled() + PregeneratedEphemeralKeys.DEFAULT_CAPACITY);
    }

    @Test
    void realKeysFromThePoolAreOnTheGroupAskedFor() {
        PregeneratedEphemeralKeys keys = PregeneratedEphemeralKeys.builder(Runnable::run).random(POOL).build();

        for (NamedGroup group : NamedGroup.values()) {
            KeyPair pair = keys.next(group, CALLER);
            if (group == NamedGroup.X25519) {
                assertThat(pair.getPublic()).isInstanceOf(java.security.interfaces.XECPublicKey.class);
            } else {
                assertThat(NamedGroup.ofCurveOf(pair.getPublic())).isEqualTo(group);
            }
        }
        assertThat(keys.inline()).as("the first take of each group").isEqualTo(NamedGroup.values().length);
        assertThat(keys.next(NamedGroup.SECP256R1, CALLER).getPublic()).isNotNull();
        assertThat(keys.pooled()).isEqualTo(1);
    }

    @Test
    void refusesSettingsOutOfRange() {
        PregeneratedEphemeralKeys.Builder builder = PregeneratedEphemeralKeys.builder(executor);
        assertThatThrownBy(() -> builder.capacity(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> builder.maxAge(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
        assertThatThrownBy(() -> PregeneratedEphemeralKeys.builder(null)).isInstanceOf(NullPointerException.class);
    }

    private static Set<KeyPair> identities(List<KeyPair> pairs) {
        Set<KeyPair> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(pairs);
        return set;
    }
}
