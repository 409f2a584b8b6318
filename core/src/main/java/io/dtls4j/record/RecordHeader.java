package io.dtls4j.record;

/**
 * The DTLSPlaintext / DTLSCiphertext header (RFC 6347 §4.1): type(1) version(2) epoch(2)
 * sequence_number(6) length(2). Static accessors over a byte array; callers check that 13 bytes are there.
 */
public final class RecordHeader {
    public static final int LENGTH = 13;
    /** RFC 5246 §6.2.3: a protected fragment is at most 2^14 + 2048 bytes. */
    public static final int MAX_CIPHERTEXT_LENGTH = 16384 + 2048;

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

    public static void write(byte[] out, int off, int type, int version, int epoch, long seq, int length) {
        out[off] = (byte) type;
        out[off + 1] = (byte) (version >>> 8);
        out[off + 2] = (byte) version;
        out[off + 3] = (byte) (epoch >>> 8);
        out[off + 4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            out[off + 5 + i] = (byte) (seq >>> (8 * (5 - i)));
        }
        out[off + 11] = (byte) (length >>> 8);
        out[off + 12] = (byte) length;
    }
}
