package io.dtls4j.wire;

import java.util.Arrays;

/** A growable big-endian writer for encoding messages. */
public final class WireWriter {
    private byte[] b;
    private int size;

    public WireWriter() {
        this(64);
    }

    public WireWriter(int initialCapacity) {
        b = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int n) {
        if (size + n > b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, size + n));
        }
    }

    public WireWriter u8(int v) {
        ensure(1);
        b[size++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        ensure(2);
        b[size++] = (byte) (v >>> 8);
        b[size++] = (byte) v;
        return this;
    }

    public WireWriter u24(int v) {
        ensure(3);
        b[size++] = (byte) (v >>> 16);
        b[size++] = (byte) (v >>> 8);
        b[size++] = (byte) v;
        return this;
    }

    public WireWriter u48(long v) {
        ensure(6);
        for (int i = 5; i >= 0; i--) {
            b[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public WireWriter bytes(byte[] data) {
        return bytes(data, 0, data.length);
    }

    public WireWriter bytes(byte[] data, int off, int len) {
        ensure(len);
        System.arraycopy(data, off, b, size, len);
        size += len;
        return this;
    }

    private static void checkLength(int len, int max) {
        if (len > max) {
            throw new IllegalArgumentException("vector of " + len + " bytes exceeds " + max);
        }
    }

    public WireWriter vector8(byte[] data) {
        checkLength(data.length, 0xFF);
        return u8(data.length).bytes(data);
    }

    public WireWriter vector16(byte[] data) {
        checkLength(data.length, 0xFFFF);
        return u16(data.length).bytes(data);
    }

    public WireWriter vector24(byte[] data) {
        checkLength(data.length, 0xFFFFFF);
        return u24(data.length).bytes(data);
    }

    /** Reserves a u16 length for a nested block; finish it with {@link #endLength16}. */
    public int startLength16() {
        int mark = size;
        u16(0);
        return mark;
    }

    public void endLength16(int mark) {
        int len = size - mark - 2;
        checkLength(len, 0xFFFF);
        b[mark] = (byte) (len >>> 8);
        b[mark + 1] = (byte) len;
    }

    public int startLength8() {
        int mark = size;
        u8(0);
        return mark;
    }

    public void endLength8(int mark) {
        int len = size - mark - 1;
        checkLength(len, 0xFF);
        b[mark] = (byte) len;
    }

    public int startLength24() {
        int mark = size;
        u24(0);
        return mark;
    }

    public void endLength24(int mark) {
        int len = size - mark - 3;
        checkLength(len, 0xFFFFFF);
        b[mark] = (byte) (len >>> 16);
        b[mark + 1] = (byte) (len >>> 8);
        b[mark + 2] = (byte) len;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(b, size);
    }

    public void reset() {
        size = 0;
    }
}
