package io.dtls4j.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bounds-checked big-endian reader over {@code byte[] [off, off+len)}, in the presentation language of
 * RFC 5246 §4. Every read checks {@link #remaining()} first and throws a
 * {@link DecodeException} naming DECODE_ERROR when the bytes run out; nothing is allocated before its
 * length has been checked against what is actually there.
 */
public final class WireReader {
    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    public WireReader(byte[] b, int off, int len) {
        Objects.requireNonNull(b, "b");
        Objects.checkFromIndexSize(off, len, b.length);
        this.buf = b;
        this.start = off;
        this.end = off + len;
        this.pos = off;
    }

    public WireReader(byte[] b) {
        this(b, 0, b.length);
    }

    /** Bytes not yet read. */
    public int remaining() {
        return end - pos;
    }

    /** Bytes read so far, counted from the start of this reader's range. */
    public int position() {
        return pos - start;
    }

    /** Offset in the underlying array of the next byte to read. */
    public int arrayOffset() {
        return pos;
    }

    /** The underlying array (not copied). */
    public byte[] array() {
        return buf;
    }

    private void need(int n) throws DecodeException {
        if (n < 0 || n > end - pos) {
            throw DecodeException.decodeError("truncated: need " + n + " bytes, have " + (end - pos));
        }
    }

    public int u8() throws DecodeException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() throws DecodeException {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public int u24() throws DecodeException {
        need(3);
        int v = ((buf[pos] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    public long u48() throws DecodeException {
        need(6);
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 6;
        return v;
    }

    /** Reads {@code n} bytes into a new array. */
    public byte[] bytes(int n) throws DecodeException {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** Skips {@code n} bytes. */
    public void skip(int n) throws DecodeException {
        need(n);
        pos += n;
    }

    /** Reads an opaque vector with a 1-byte length prefix. */
    public byte[] vector8() throws DecodeException {
        return bytes(u8());
    }

    /** Reads an opaque vector with a 2-byte length prefix. */
    public byte[] vector16() throws DecodeException {
        return bytes(u16());
    }

    /** Reads an opaque vector with a 3-byte length prefix. */
    public byte[] vector24() throws DecodeException {
        return bytes(u24());
    }

    /** Returns a reader over the next {@code n} bytes and advances this reader past them. */
    public WireReader sub(int n) throws DecodeException {
        need(n);
        WireReader r = new WireReader(buf, pos, n);
        pos += n;
        return r;
    }

    /** Reader over a block with a 1-byte length prefix; this reader advances past the block. */
    public WireReader sub8() throws DecodeException {
        return sub(u8());
    }

    /** Reader over a block with a 2-byte length prefix; this reader advances past the block. */
    public WireReader sub16() throws DecodeException {
        return sub(u16());
    }

    /** Reader over a block with a 3-byte length prefix; this reader advances past the block. */
    public WireReader sub24() throws DecodeException {
        return sub(u24());
    }

    /** Throws DECODE_ERROR when bytes are left over. */
    public void expectEnd() throws DecodeException {
        if (pos != end) {
            throw DecodeException.decodeError((end - pos) + " trailing bytes");
        }
    }
}
