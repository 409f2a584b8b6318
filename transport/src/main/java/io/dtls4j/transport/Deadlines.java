package io.dtls4j.transport;

/** Deadline arithmetic on the transport's millisecond clock ({@link Clock}). */
final class Deadlines {
    private Deadlines() {
    }

    /**
     * {@code a + b}, or {@link Long#MAX_VALUE} when the sum overflows: a timeout too long to
     * represent (e.g. {@code Duration.ofDays(Long.MAX_VALUE / 86400)}) means "no deadline", never
     * a deadline that wrapped into the past.
     */
    static long saturatedAdd(long a, long b) {
        long r = a + b;
        // overflow happened iff both operands have the sign the result lacks
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
