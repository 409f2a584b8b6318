package io.dtls4j.netty;

import java.util.concurrent.atomic.AtomicLongArray;

/** The live counters behind {@link DtlsServerStats}: written on the channel's event loop, read from anywhere. */
final class ServerCounters {
    private static final int N = DtlsServerCounter.values().length;
    private final AtomicLongArray values = new AtomicLongArray(N);

    void increment(DtlsServerCounter c) {
        values.incrementAndGet(c.ordinal());
    }

    void decrement(DtlsServerCounter c) {
        values.decrementAndGet(c.ordinal());
    }

    void add(DtlsServerCounter c, long n) {
        values.addAndGet(c.ordinal(), n);
    }

    long get(DtlsServerCounter c) {
        return values.get(c.ordinal());
    }

    DtlsServerStats snapshot() {
        long[] v = new long[N];
        for (int i = 0; i < N; i++) {
            v[i] = values.get(i);
        }
        return new DtlsServerStats(v);
    }
}
