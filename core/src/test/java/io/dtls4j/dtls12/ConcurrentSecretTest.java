package io.dtls4j.dtls12;

import org.junit.jupiter.api.Test;

import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-over of a key agreement to the crypto executor and back. */
class ConcurrentSecretTest {
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicReference<String> ranOn = new AtomicReference<>();

    private ConcurrentSecret.Agreement agreement(byte[] secret) {
        return () -> {
            runs.incrementAndGet();
            ranOn.set(Thread.currentThread().getName());
            return secret;
        };
    }

    @Test
    void anExecutorThatNeverRunsTheTaskCostsNothing_theCallerRunsItOnce() throws Exception {
        List<Runnable> parked = new ArrayList<>();
        ConcurrentSecret secret = ConcurrentSecret.start(agreement(new byte[] {7}), parked::add);

        assertThat(secret.join()).containsExactly(7);
        assertThat(ranOn.get()).isEqualTo(Thread.currentThread().getName());
        parked.forEach(Runnable::run);
        assertThat(runs).as("a task the caller ran does nothing when the executor gets to it").hasValue(1);
    }

    @Test
    void anExecutorThatRefusesLeavesTheAgreementToTheCaller() throws Exception {
        ConcurrentSecret secret = ConcurrentSecret.start(agreement(new byte[] {8}), task -> {
            throw new RejectedExecutionException("full");
        });

        assertThat(secret.join()).containsExactly(8);
        assertThat(runs).hasValue(1);
    }

    @Test
    void theAgreementRunsOnTheExecutorsThreadWhenOneIsFree() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "crypto-test"));
        try {
            CountDownLatch started = new CountDownLatch(1);
            ConcurrentSecret secret = ConcurrentSecret.start(() -> {
                started.countDown();
                ranOn.set(Thread.currentThread().getName());
                return new byte[] {9};
            }, executor);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(secret.join()).containsExactly(9);
            assertThat(ranOn.get()).isEqualTo("crypto-test");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void theCallerWaitsForARunningAgreementThroughAnInterruptAndKeepsTheInterrupt() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ConcurrentSecret secret = ConcurrentSecret.start(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return new byte[] {10};
            }, executor);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Thread caller = Thread.currentThread();
            Thread releaser = new Thread(() -> {
                caller.interrupt();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                release.countDown();
            });
            releaser.start();

            byte[] result = secret.join();

            assertThat(result).containsExactly(10);
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            releaser.join();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aRejectedPeerValueComesBackFromJoinAsItsInvalidKeyException() throws Exception {
        ConcurrentSecret secret = ConcurrentSecret.start(() -> {
            throw new InvalidKeyException("point is not on the curve");
        }, Runnable::run);

        assertThatThrownBy(secret::join).isInstanceOf(InvalidKeyException.class).hasMessage("point is not on the curve");
    }

    @Test
    void discardingBeforeTheExecutorRunsItCancelsTheAgreement() throws Exception {
        List<Runnable> parked = new ArrayList<>();
        ConcurrentSecret secret = ConcurrentSecret.start(agreement(new byte[] {1}), parked::add);

        secret.discard();
        parked.forEach(Runnable::run);

        assertThat(runs).hasValue(0);
        assertThat(((Future<?>) parked.get(0)).isCancelled()).isTrue();
    }

    @Test
    void discardingAComputedSecretWipesIt() throws Exception {
        byte[] computed = {1, 2, 3, 4};
        ConcurrentSecret secret = ConcurrentSecret.start(agreement(computed), Runnable::run);

        secret.discard();

        assertThat(runs).hasValue(1);
        assertThat(computed).containsOnly(0);
    }
}
