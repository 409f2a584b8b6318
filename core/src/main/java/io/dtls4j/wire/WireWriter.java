package io.dtls4j.wire;

import java.util.Arrays;

/**
 * Growable big-endian writer in the presentation language of RFC 5246 §4. Length-prefixed vectors are
 * written either whole ({@link #vector16(byte[])}) or as nested blocks whose length is filled in at the
 * end ({@link #startLength16()} / {@link #endLength16(int)}).
 */
public final class WireWriter {
    private byte[] buf;
    private int size;

    public WireWriter() {
        this(64);
    }

    public WireWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("negative capacity");
        }
        buf = new byte[Math.max(initialCapacity, 16)];
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("writer too large");
        }
        if (needed > buf.length) {
            long grown = Math.max(needed, (long) buf.length * 2);
            buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
        }
    }

    private static void checkRange(long v, long max, String what) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }

    public WireWriter u8(int v) {
        checkRange(v, 0xFF, "u8");
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        checkRange(v, 0xFFFF, "u16");
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u24(int v) {
        checkRange(v, 0xFFFFFF, "u24");
        ensure(3);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireWriter u48(long v) {
        checkRange(v, 0xFFFF_FFFF_FFFFL, "u48");
        ensure(6);
        for (int shift = 40; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public WireWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public WireWriter bytes(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Writes {@code b} with a 1-byte length prefix; IllegalArgumentException if longer than 255. */
    public WireWriter vector8(byte[] b) {
        checkRange(b.length, 0xFF, "vector8 length");
        return u8(b.length).bytes(b);
    }

    /** Writes {@code b} with a 2-byte length prefix; IllegalArgumentException if longer than 65535. */
    public WireWriter vector16(byte[] b) {
        checkRange(b.length, 0xFFFF, "vector16 length");
        return u16(b.length).bytes(b);
    }

    /** Writes {@code b} with a 3-byte length prefix; IllegalArgumentException if longer than 2^24-1. */
    public WireWriter vector24(byte[] b) {
        checkRange(b.length, 0xFFFFFF, "vector24 length");
        return u24(b.length).bytes(b);
    }

    private int startLength(int prefixBytes) {
        ensure(prefixBytes);
        int mark = size;
        size += prefixBytes;
        return mark;
    }

    private void endLength(int mark, int prefixBytes, int max) {
        if (mark < 0 || mark + prefixBytes > size) {
            throw new IllegalArgumentException("bad mark " + mark);
        }
        int len = size - mark - prefixBytes;
        checkRange(len, max, "block length");
        for (int i = 0; i < prefixBytes; i++) {
            buf[mark + i] = (byte) (len >>> (8 * (prefixBytes - 1 - i)));
        }
    }

    /** Reserves a 1-byte length prefix; returns the mark to pass to {@link #endLength8(int)}. */
    public int startLength8() {
        return startLength(1);
    }

    /** Fills in the 1-byte length of everything written since {@code mark}. */
    public void endLength8(int mark) {
        endLength(mark, 1, 0xFF);
    }

    /** Reserves a 2-byte length prefix; returns the mark to pass to {@link #endLength16(int)}. */
    public int startLength16() {
        return startLength(2);
    }

    /** Fills in the 2-byte length of everything written since {@code mark}. */
    public void endLength16(int mark) {
        endLength(mark, 2, 0xFFFF);
    }

    /** Reserves a 3-byte length prefix; returns the mark to pass to {@link #endLength24(int)}. */
    public int startLength24() {
        return startLength(3);
    }

    /** Fills in the 3-byte length of everything written since {@code mark}. */
    public void endLength24(int mark) {
        endLength(mark, 3, 0xFFFFFF);
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Copies the bytes written so far into {@code out} at {@code off}; returns the count. */
    public int copyTo(byte[] out, int off) {
        System.arraycopy(buf, 0, out, off, size);
        return size;
    }

    /** Forgets everything written; keeps the buffer for reuse. */
    public void reset() {
        size = 0;
    }
}
