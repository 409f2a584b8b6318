package io.dtls4j.record;

/**
 * The DTLSInnerPlaintext structure shared by DTLS 1.2 with connection IDs (RFC 9146 §4) and DTLS
 * 1.3 (RFC 9147 §4): {@code content || real_type(1) || zeros[length_of_padding]}, the plaintext that
 * is encrypted in their records (after RFC 8446 §5.2's TLSInnerPlaintext).
 */
final class InnerPlaintext {
    private InnerPlaintext() {
    }

    /**
     * Writes content {@code in[inOff, inOff+inLen)}, {@code type} and {@code padding} zero bytes at
     * {@code out[outOff]}; returns the inner plaintext's length. The content may overlap the output.
     */
    static int write(int type, byte[] in, int inOff, int inLen, int padding, byte[] out, int outOff) {
        System.arraycopy(in, inOff, out, outOff, inLen);
        out[outOff + inLen] = (byte) type;
        java.util.Arrays.fill(out, outOff + inLen + 1, outOff + inLen + 1 + padding, (byte) 0);
        return inLen + 1 + padding;
    }

    /**
     * The length of the content of the inner plaintext {@code b[off, off+length)}: RFC 8446 §5.4, the
     * receiver scans from the end for the first non-zero byte, the real content type, which follows
     * the content. Returns -1 when every byte is zero (no content type: the record is invalid).
     */
    static int contentLength(byte[] b, int off, int length) {
        for (int i = off + length - 1; i >= off; i--) {
            if (b[i] != 0) {
                return i - off;
            }
        }
        return -1;
    }
}
