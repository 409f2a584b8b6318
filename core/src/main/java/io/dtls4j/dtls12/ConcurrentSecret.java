package io.dtls4j.dtls12;

import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A key agreement started on the configuration's {@link io.dtls4j.config.DtlsConfig#cryptoExecutor()}
 * so that it runs while the engine's thread checks a signature of the same flight (the client's
 * ECDH beside its check of the ServerKeyExchange signature).
 * The engine still returns only when both are done: {@link #join()} runs the agreement on the
 * caller's thread when the executor has not started it yet, and otherwise waits for it. So an
 * executor that is busy, slow or never runs what it is given costs no more than no executor; one
 * that refuses the task leaves it to the caller too.
 *
 * <p>Not thread-safe beyond that hand-over: one engine thread starts, joins or discards it.
 */
final class ConcurrentSecret {
    /** The agreement: a shared secret, or the peer's public value rejected. */
    @FunctionalInterface
    interface Agreement {
        byte[] agree() throws InvalidKeyException;
    }

    private final FutureTask<byte[]> task;

    private ConcurrentSecret(Agreement agreement) {
        this.task = new FutureTask<>(agreement::agree);
    }

    /** {@code agreement}, handed to {@code executor}; {@link #join()} runs it itself if the executor refuses. */
    static ConcurrentSecret start(Agreement agreement, Executor executor) {
        ConcurrentSecret secret = new ConcurrentSecret(agreement);
        try {
            executor.execute(secret.task);
        } catch (RejectedExecutionException e) {
            // a saturated or shut-down executor: join() runs the task on the engine's thread
        }
        return secret;
    }

    /**
     * The agreement's result. Runs the agreement here when no executor thread has started it (a
     * {@link FutureTask} runs once: a thread that picks it up later does nothing), else waits for
     * it; an interrupt does not end the wait (the agreement takes milliseconds) and stays set.
     */
    byte[] join() throws InvalidKeyException {
        task.run();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof InvalidKeyException invalid) {
                        throw invalid;
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("key agreement failed", cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The handshake ends without the secret (the signature beside it did not verify): an agreement
     * that has not finished is cancelled (one already running completes on its thread and its
     * result is dropped there, unwiped, as a failed agreement's intermediate values are), and a
     * secret already computed is wiped.
     */
    void discard() {
        if (!task.cancel(false)) {
            try {
                Arrays.fill(task.get(), (byte) 0);
            } catch (ExecutionException | InterruptedException e) {
                // done without a secret (cancel(false) fails only on a finished task, whose get() does not wait)
            }
        }
    }
}
