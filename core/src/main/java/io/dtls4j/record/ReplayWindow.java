package io.dtls4j.record;

/**
 * The anti-replay sliding window of one epoch (RFC 6347 §4.1.2.6): remembers which of the last
 * {@code size} sequence numbers below the highest seen have arrived. Allocates only when made.
 */
public final class ReplayWindow {
    private final long[] bits;
    private final int size;
    private long highest = -1;

    /** @param size window width, a multiple of 64 */
    public ReplayWindow(int size) {
        if (size < 64 || size % 64 != 0) {
            throw new IllegalArgumentException("window size must be a positive multiple of 64: " + size);
        }
        this.size = size;
        this.bits = new long[size / 64];
    }

    /** True when {@code seq} has not been seen and is not left of the window. */
    public boolean isFresh(long seq) {
        if (seq > highest) {
            return true;
        }
        long age = highest - seq;
        if (age >= size) {
            return false;
        }
        return !get(seq);
    }

    /** Records {@code seq}; call only once the record has authenticated. */
    public void accept(long seq) {
        if (seq > highest) {
            long shift = highest < 0 ? size : seq - highest;
            if (shift >= size) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long s = highest + 1; s < seq; s++) {
                    clear(s); // slots newly inside the window start unseen
                }
            }
            highest = seq;
        } else if (highest - seq >= size) {
            return;
        }
        set(seq);
    }

    public long highest() {
        return highest;
    }

    public void reset() {
        java.util.Arrays.fill(bits, 0L);
        highest = -1;
    }

    private int slot(long seq) {
        return (int) (seq % size);
    }

    private boolean get(long seq) {
        int i = slot(seq);
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    private void set(long seq) {
        int i = slot(seq);
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long seq) {
        int i = slot(seq);
        bits[i >>> 6] &= ~(1L << (i & 63));
    }
}
