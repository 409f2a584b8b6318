package io.dtls4j.crypto;

import java.math.BigInteger;

/**
 * The strict DER form of an ECDSA signature as TLS carries it (RFC 8422 §5.4: Ecdsa-Sig-Value,
 * SEQUENCE { r INTEGER, s INTEGER }). Checked before a provider sees the signature, so BER
 * variants (long or indefinite lengths, padded integers, trailing bytes) are refused whatever the
 * provider tolerates.
 */
final class EcdsaDer {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;

    private EcdsaDer() {
    }

    /** Whether {@code sig} is exactly DER SEQUENCE { r, s } with 1 <= r, s < {@code order}. */
    static boolean isStrict(byte[] sig, BigInteger order) {
        if (sig.length < 2 || (sig[0] & 0xFF) != SEQUENCE) {
            return false;
        }
        int[] pos = {1};
        int length = readLength(sig, pos);
        if (length < 0 || pos[0] + length != sig.length) {
            return false;
        }
        BigInteger r = readInteger(sig, pos);
        BigInteger s = r == null ? null : readInteger(sig, pos);
        return s != null && pos[0] == sig.length && inRange(r, order) && inRange(s, order);
    }

    private static boolean inRange(BigInteger v, BigInteger order) {
        return v.signum() > 0 && v.compareTo(order) < 0;
    }

    /** A minimal definite length (short form, or 0x81 followed by 128..255), or -1. */
    private static int readLength(byte[] b, int[] pos) {
        if (pos[0] >= b.length) {
            return -1;
        }
        int first = b[pos[0]++] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        if (first != 0x81 || pos[0] >= b.length) {
            return -1; // ECDSA signatures on the curves used here are far below 65536 bytes
        }
        int length = b[pos[0]++] & 0xFF;
        return length < 0x80 ? -1 : length;
    }

    /** A minimally encoded non-negative INTEGER, or null. */
    private static BigInteger readInteger(byte[] b, int[] pos) {
        if (pos[0] >= b.length || (b[pos[0]++] & 0xFF) != INTEGER) {
            return null;
        }
        int length = readLength(b, pos);
        if (length <= 0 || length > b.length - pos[0]) {
            return null;
        }
        int start = pos[0];
        if ((b[start] & 0x80) != 0) {
            return null; // negative
        }
        if (length > 1 && b[start] == 0 && (b[start + 1] & 0x80) == 0) {
            return null; // a zero byte that is not needed for the sign
        }
        pos[0] += length;
        byte[] magnitude = new byte[length];
        System.arraycopy(b, start, magnitude, 0, length);
        return new BigInteger(1, magnitude);
    }
}
