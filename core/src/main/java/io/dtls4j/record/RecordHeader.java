package io.dtls4j.record;

/**
 * The DTLSPlaintext / DTLSCiphertext header (RFC 6347 §4.1):
 * {@code type(1) version(2) epoch(2) sequence_number(6) length(2)}, 13 bytes.
 * The static accessors read from a datagram in place; the caller checks that at least {@link #LENGTH}
 * bytes are present at {@code off} before calling them.
 */
public final class RecordHeader {
    public static final int LENGTH = 13;
    /** Largest DTLSCiphertext.fragment allowed (RFC 5246 §6.2.3: 2^14 + 2048). */
    public static final int MAX_CIPHERTEXT_LENGTH = 16384 + 2048;
    /** Largest DTLSPlaintext.fragment allowed (RFC 5246 §6.2.1: 2^14). */
    public static final int MAX_PLAINTEXT_LENGTH = 16384;
    /** Largest 48-bit record sequence number. */
    public static final long MAX_SEQUENCE = 0xFFFF_FFFF_FFFFL;

    private RecordHeader() {
    }

    public static int type(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int version(byte[] b, int off) {
        return ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }

    public static int epoch(byte[] b, int off) {
        return ((b[off + 3] & 0xFF) << 8) | (b[off + 4] & 0xFF);
    }

    public static long sequence(byte[] b, int off) {
        long v = 0;
        for (int i = 5; i < 11; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    public static int length(byte[] b, int off) {
        return ((b[off + 11] & 0xFF) << 8) | (b[off + 12] & 0xFF);
    }

    /** Writes a header at {@code out[off..off+13)}. Values out of their field's range throw IllegalArgumentException. */
    public static void write(byte[] out, int off, int type, int version, int epoch, long seq, int length) {
        if ((type & ~0xFF) != 0 || (version & ~0xFFFF) != 0 || (epoch & ~0xFFFF) != 0
                || seq < 0 || seq > MAX_SEQUENCE || (length & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("record header field out of range");
        }
        out[off] = (byte) type;
        out[off + 1] = (byte) (version >>> 8);
        out[off + 2] = (byte) version;
        out[off + 3] = (byte) (epoch >>> 8);
        out[off + 4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            out[off + 5 + i] = (byte) (seq >>> (40 - 8 * i));
        }
        out[off + 11] = (byte) (length >>> 8);
        out[off + 12] = (byte) length;
    }
}
