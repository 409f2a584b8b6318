package io.dtls4j.netty;

import java.util.Arrays;

/**
 * A snapshot of a {@link DtlsServerHandler}'s counters, taken by {@link DtlsServerHandler#stats()}.
 * Each counter is read on its own, so a snapshot taken under load may be off by the events in flight.
 */
public final class DtlsServerStats {
    private static final DtlsServerCounter[] COUNTERS = DtlsServerCounter.values();
    private final long[] values;

    DtlsServerStats(long[] values) {
        this.values = values;
    }

    /** The value of {@code counter}. */
    public long get(DtlsServerCounter counter) {
        return values[counter.ordinal()];
    }

    /** Handshakes that failed for any reason. */
    public long handshakesFailed() {
        return get(DtlsServerCounter.HANDSHAKES_FAILED_TIMEOUT) + get(DtlsServerCounter.HANDSHAKES_FAILED_LOCAL_ALERT)
                + get(DtlsServerCounter.HANDSHAKES_FAILED_PEER_ALERT) + get(DtlsServerCounter.HANDSHAKES_ABORTED);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DtlsServerStats[");
        for (DtlsServerCounter c : COUNTERS) {
            if (values[c.ordinal()] != 0) {
                sb.append(c.name().toLowerCase()).append('=').append(values[c.ordinal()]).append(", ");
            }
        }
        if (sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 2);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsServerStats s && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
