package io.dtls4j.crypto;

import java.util.Arrays;

/**
 * A strict DER reader for the few structures the tests take apart (SubjectPublicKeyInfo): definite
 * minimal lengths, single-byte tags. Throws IllegalArgumentException on anything else.
 */
final class DerReader {
    private final byte[] data;
    private int pos;
    private final int end;

    DerReader(byte[] data) {
        this(data, 0, data.length);
    }

    private DerReader(byte[] data, int pos, int end) {
        this.data = data;
        this.pos = pos;
        this.end = end;
    }

    /** Reads one element with {@code tag} and returns its contents. */
    byte[] read(int tag) {
        int[] bounds = element(tag);
        return Arrays.copyOfRange(data, bounds[0], bounds[1]);
    }

    /** Reads a constructed element with {@code tag} and returns a reader over its contents. */
    DerReader enter(int tag) {
        int[] bounds = element(tag);
        return new DerReader(data, bounds[0], bounds[1]);
    }

    boolean atEnd() {
        return pos == end;
    }

    void expectEnd() {
        if (pos != end) {
            throw new IllegalArgumentException("trailing bytes");
        }
    }

    private int[] element(int tag) {
        if (end - pos < 2 || (data[pos] & 0xFF) != tag) {
            throw new IllegalArgumentException("expected tag " + tag);
        }
        pos++;
        int first = data[pos++] & 0xFF;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 3 || end - pos < n || data[pos] == 0) {
                throw new IllegalArgumentException("bad length");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (data[pos++] & 0xFF);
            }
            if (length < 0x80) {
                throw new IllegalArgumentException("non-minimal length");
            }
        }
        if (length > end - pos) {
            throw new IllegalArgumentException("length past the end");
        }
        int start = pos;
        pos += length;
        return new int[] {start, pos};
    }
}
