package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.PregeneratedEphemeralKeys;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The transports' default {@link PregeneratedEphemeralKeys}: ECDHE key pairs made on a background
 * thread, so that a handshake takes a ready one instead of generating it on its critical path while
 * a second core may be idle. An application's own {@link DtlsConfig.Builder#ephemeralKeys} always
 * wins ({@link DtlsConfig#withTransportDefaults}).
 *
 * <p>Refills run on a thread of ours rather than on {@code ForkJoinPool.commonPool()}: the common
 * pool belongs to the application (parallel streams, CompletableFutures), whose tasks would delay
 * the refills or be delayed by them, and its parallelism is one thread on a two-core machine. Our
 * thread starts with the first refill and ends after {@link #IDLE_SECONDS} without work, so an idle
 * server or a JVM that stopped making clients keeps no thread for it.
 */
final class KeyPools {
    /** How long a refill thread waits for more work before it ends. */
    static final long IDLE_SECONDS = 30;

    private KeyPools() {
    }

    /** A {@link RefillThread} named {@code name.get()}. */
    static RefillThread refillThread(Supplier<String> name) {
        return new RefillThread(name);
    }

    /**
     * A single daemon thread, started by the first task and ended after {@link #IDLE_SECONDS} idle.
     * The queue needs no bound: a pool never has more refills queued than its capacity per group.
     */
    static final class RefillThread extends ThreadPoolExecutor {
        /** The thread made last: the only one that may still run when {@link #close()} is called. */
        private volatile Thread last;

        private RefillThread(Supplier<String> name) {
            super(0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            setThreadFactory(task -> {
                Thread thread = new Thread(task, name.get());
                thread.setDaemon(true);
                last = thread;
                return thread;
            });
        }

        /**
         * Stops the refills and waits for the thread to end (a key in the making takes a few
         * milliseconds at most), so that a closed server leaves no thread behind.
         */
        void close() {
            shutdownNow();
            Thread thread = last;
            if (thread != null) {
                DtlsServer.joinUninterruptibly(thread);
            }
        }
    }

    /**
     * The pool every DtlsClient of this JVM shares (where the application chose no key source).
     * Shared because an application may make a client per handshake: a pool and a thread each would
     * be made and thrown away before they could help.
     */
    static PregeneratedEphemeralKeys clientKeys() {
        return ClientPool.KEYS;
    }

    /** Made when the first client asks (class initialisation is lazy and thread-safe); its thread starts with the first refill; never shut down. */
    private static final class ClientPool {
        static final PregeneratedEphemeralKeys KEYS = PregeneratedEphemeralKeys.on(refillThread(() -> "dtls4j-client-keys"));
    }
}
