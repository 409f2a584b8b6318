package io.dtls4j.bench;

import io.dtls4j.config.DtlsConfig;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * Heap per idle established server-side session, the same way for every server: {@code warmUp}
 * clients handshake and vanish (classes load, caches fill), the heap in use after full collections
 * is read, {@code sessions} more clients handshake and vanish, the heap is read again; the
 * difference over {@code sessions} is the figure. The clients ({@link IdlePeer}) keep nothing, so
 * what grew is the server's.
 */
final class IdleSessions {
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private IdleSessions() {
    }

    /**
     * @param sessionsHeld the server's count of established sessions, checked after each phase (so that
     *                     a session dropped early does not pass for a small one); null when the server has none
     */
    static long measure(InetSocketAddress server, DtlsConfig clientConfig, int warmUp, int sessions, LongSupplier sessionsHeld)
            throws Exception {
        establish(server, clientConfig, 0, warmUp);
        check(sessionsHeld, warmUp);
        long before = Heap.usedAfterGc();
        establish(server, clientConfig, warmUp, sessions);
        long after = Heap.usedAfterGc();
        check(sessionsHeld, warmUp + sessions);
        return (after - before) / sessions;
    }

    private static void establish(InetSocketAddress server, DtlsConfig config, int first, int n) throws Exception {
        for (int i = first; i < first + n; i++) {
            IdlePeer.handshakeAndVanish(server, config, i, HANDSHAKE_TIMEOUT_MILLIS);
        }
    }

    private static void check(LongSupplier sessionsHeld, long expected) {
        if (sessionsHeld != null && sessionsHeld.getAsLong() != expected) {
            throw new IllegalStateException("the server holds " + sessionsHeld.getAsLong() + " sessions, not " + expected);
        }
    }
}
