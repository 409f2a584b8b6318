package io.dtls4j.wire;

import java.util.Arrays;

/**
 * A bounds-checked big-endian reader over {@code b[off, off+len)}. Every read checks what remains
 * first and throws {@link DecodeException} (decode_error) instead of reading past the end.
 */
public final class WireReader {
    private final byte[] b;
    private final int end;
    private int pos;

    public WireReader(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside " + b.length);
        }
        this.b = b;
        this.pos = off;
        this.end = off + len;
    }

    public WireReader(byte[] b) {
        this(b, 0, b.length);
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    private void need(int n) throws DecodeException {
        if (n > end - pos) {
            throw new DecodeException("need " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int u8() throws DecodeException {
        need(1);
        return b[pos++] & 0xFF;
    }

    public int u16() throws DecodeException {
        need(2);
        int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int u24() throws DecodeException {
        need(3);
        int v = ((b[pos] & 0xFF) << 16) | ((b[pos + 1] & 0xFF) << 8) | (b[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    public long u48() throws DecodeException {
        need(6);
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        pos += 6;
        return v;
    }

    public byte[] bytes(int n) throws DecodeException {
        need(n);
        byte[] out = Arrays.copyOfRange(b, pos, pos + n);
        pos += n;
        return out;
    }

    /** Moves past {@code n} bytes. */
    public void skip(int n) throws DecodeException {
        need(n);
        pos += n;
    }

    public byte[] vector8() throws DecodeException {
        return bytes(u8());
    }

    public byte[] vector16() throws DecodeException {
        return bytes(u16());
    }

    public byte[] vector24() throws DecodeException {
        return bytes(u24());
    }

    private WireReader sub(int n) throws DecodeException {
        need(n);
        WireReader r = new WireReader(b, pos, n);
        pos += n;
        return r;
    }

    /** A reader over the next u8-length-prefixed block; this reader moves past it. */
    public WireReader sub8() throws DecodeException {
        return sub(u8());
    }

    public WireReader sub16() throws DecodeException {
        return sub(u16());
    }

    public WireReader sub24() throws DecodeException {
        return sub(u24());
    }

    /** Trailing bytes after a complete structure are a decode_error. */
    public void expectEnd() throws DecodeException {
        if (pos != end) {
            throw new DecodeException((end - pos) + " unexpected trailing bytes");
        }
    }
}
