package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/**
 * Checks for the vector bounds of RFC 5246 §4.3 ({@code opaque x<min..max>}), on both sides: a decoded
 * vector outside its bounds is DECODE_ERROR (RFC 5246 §7.2.2: "some field was out of the specified
 * range"); a value given to a constructor outside them is an IllegalArgumentException.
 */
final class Vectors {

    private Vectors() {
    }

    /** A copy of {@code v} after checking {@code min <= v.length <= max}. */
    static byte[] copy(byte[] v, int min, int max, String what) {
        if (v == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (v.length < min || v.length > max) {
            throw new IllegalArgumentException(what + " length " + v.length + " outside " + min + ".." + max);
        }
        return v.clone();
    }

    /** A copy of a u16 list after checking its encoded size {@code 2 * n} lies within {@code minBytes..maxBytes}. */
    static int[] copyU16List(int[] v, int minBytes, int maxBytes, String what) {
        if (v == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        long bytes = 2L * v.length;
        if (bytes < minBytes || bytes > maxBytes) {
            throw new IllegalArgumentException(what + " of " + v.length + " entries outside " + minBytes + ".." + maxBytes + " bytes");
        }
        for (int x : v) {
            if ((x & ~0xFFFF) != 0) {
                throw new IllegalArgumentException(what + " entry out of range: " + x);
            }
        }
        return v.clone();
    }

    static void checkU8(int v, String what) {
        if ((v & ~0xFF) != 0) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }

    static void checkU16(int v, String what) {
        if ((v & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(what + " out of range: " + v);
        }
    }

    static void checkLength(int length, int min, int max, String what) throws DecodeException {
        if (length < min || length > max) {
            throw DecodeException.decodeError(what + " length " + length + " outside " + min + ".." + max);
        }
    }

    static byte[] read8(WireReader r, int min, int max, String what) throws DecodeException {
        byte[] v = r.vector8();
        checkLength(v.length, min, max, what);
        return v;
    }

    static byte[] read16(WireReader r, int min, int max, String what) throws DecodeException {
        byte[] v = r.vector16();
        checkLength(v.length, min, max, what);
        return v;
    }

    /** Reads a {@code uint16 list<minBytes..2^16-1>} with a 2-byte length prefix; an odd length is DECODE_ERROR. */
    static int[] readU16List(WireReader r, int minBytes, int maxBytes, String what) throws DecodeException {
        WireReader list = r.sub16();
        int bytes = list.remaining();
        checkLength(bytes, minBytes, maxBytes, what);
        if ((bytes & 1) != 0) {
            throw DecodeException.decodeError(what + " of odd length " + bytes);
        }
        int[] out = new int[bytes / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.u16();
        }
        return out;
    }

    static void writeU16List(WireWriter w, int[] values) {
        int mark = w.startLength16();
        for (int v : values) {
            w.u16(v);
        }
        w.endLength16(mark);
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
