package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DtlsClient's default {@link DtlsConfig#cryptoExecutor()}: daemon threads on which a client's
 * handshake runs its ECDH while its own thread checks the server's signature. One pool for every
 * DtlsClient of the JVM: a handshake hands over at most one task and waits for it, so a thread per
 * core is all that can help, and an application that makes a client per handshake would otherwise
 * make and drop a pool each time.
 *
 * <p>No queue: a task goes to an idle thread or a new one up to one per core, else it is refused and
 * the engine runs it itself (the engine never waits for a task no thread has started). Threads end
 * after {@link #IDLE_SECONDS} without work, so a JVM that stopped handshaking keeps none. Our own
 * threads rather than {@code ForkJoinPool.commonPool()}, for the reason {@link KeyPools} gives.
 */
final class CryptoThreads {
    /** How long a thread waits for more work before it ends. */
    static final long IDLE_SECONDS = 30;

    private CryptoThreads() {
    }

    /** The shared pool, the crypto executor of every DtlsClient whose application chose none. */
    static Executor shared() {
        return Shared.POOL;
    }

    /** Made when the first client asks (class initialisation is lazy and thread-safe); threads start with the first task; never shut down. */
    private static final class Shared {
        static final ThreadPoolExecutor POOL = pool();

        private static ThreadPoolExecutor pool() {
            AtomicInteger made = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Runtime.getRuntime().availableProcessors(),
                    IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                        Thread thread = new Thread(task, "dtls4j-crypto-" + made.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            return pool;
        }
    }
}
