package io.dtls4j.record;

/**
 * Anti-replay sliding window over 48-bit record sequence numbers (RFC 6347 §4.1.2.6, after RFC 4303
 * §3.4.3). The right edge is the highest sequence number of an authenticated record; a record is fresh
 * when it lies right of the edge, or inside the window and not yet marked. The window is a circular
 * bitmap (two longs, or a {@code long[]} beyond 128 records) indexed by {@code seq mod size}; nothing is allocated after construction.
 *
 * <p>Use: {@link #isFresh(long)} before decrypting (cheap rejection of duplicates), and
 * {@link #accept(long)} only after the record authenticated, so forged records cannot move the window.
 */
public final class ReplayWindow {
    private final int size;
    /**
     * Null for windows of up to 128 records (the default), which live in {@link #word0} and {@link #word1}:
     * two longs cost less heap than an array, for every session (issue #11).
     */
    private final long[] bits;
    private long word0;
    private long word1;
    /** Highest accepted sequence number, or -1 when none has been accepted. */
    private long highest = -1;

    /** @param size window width in records; a positive multiple of 64 (RFC 6347 requires at least 32, prefers 64). */
    public ReplayWindow(int size) {
        if (size <= 0 || size % 64 != 0) {
            throw new IllegalArgumentException("window size must be a positive multiple of 64: " + size);
        }
        this.size = size;
        this.bits = size <= 128 ? null : new long[size / 64];
    }

    public int size() {
        return size;
    }

    /** True when {@code seq} has not been accepted and is not left of the window. Out-of-range values are not fresh. */
    public boolean isFresh(long seq) {
        if (seq < 0 || seq > RecordHeader.MAX_SEQUENCE) {
            return false;
        }
        if (seq > highest) {
            return true;
        }
        if (highest - seq >= size) {
            return false; // left of the window: too old to tell, so rejected
        }
        return !isSet(seq);
    }

    /**
     * Marks {@code seq} as received, moving the right edge when it is new highest. Call only after the record
     * authenticated and only when {@link #isFresh(long)} said true; a sequence number left of the window is ignored.
     */
    public void accept(long seq) {
        if (seq < 0 || seq > RecordHeader.MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence number out of range: " + seq);
        }
        if (seq > highest) {
            long shift = seq - highest;
            if (highest < 0 || shift >= size) {
                clearAll();
            } else {
                clearRange(highest + 1, seq);
            }
            highest = seq;
        } else if (highest - seq >= size) {
            return;
        }
        int i = (int) (seq % size);
        setWord(i >>> 6, word(i >>> 6) | 1L << (i & 63));
    }

    /** The highest accepted sequence number, or -1 when none has been accepted. */
    public long highest() {
        return highest;
    }

    /** Forgets everything (new epoch). */
    public void reset() {
        clearAll();
        highest = -1;
    }

    private long word(int index) {
        return bits != null ? bits[index] : index == 0 ? word0 : word1;
    }

    private void setWord(int index, long value) {
        if (bits != null) {
            bits[index] = value;
        } else if (index == 0) {
            word0 = value;
        } else {
            word1 = value;
        }
    }

    private void clearAll() {
        if (bits == null) {
            word0 = 0L;
            word1 = 0L;
        } else {
            java.util.Arrays.fill(bits, 0L);
        }
    }

    private boolean isSet(long seq) {
        int i = (int) (seq % size);
        return (word(i >>> 6) & (1L << (i & 63))) != 0;
    }

    /** Clears the bits of sequence numbers {@code from..to} inclusive; the span is shorter than the window. */
    private void clearRange(long from, long to) {
        int i = (int) (from % size);
        long count = to - from + 1;
        while (count > 0) {
            int bit = i & 63;
            int n = (int) Math.min(count, 64 - bit);
            long mask = n == 64 ? -1L : ((1L << n) - 1) << bit;
            setWord(i >>> 6, word(i >>> 6) & ~mask);
            count -= n;
            i += n;
            if (i == size) {
                i = 0;
            }
        }
    }
}
