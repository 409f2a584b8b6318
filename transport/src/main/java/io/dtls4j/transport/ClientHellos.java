package io.dtls4j.transport;

import java.util.Arrays;

/**
 * Reads the few fields of a datagram that the transport needs before an engine looks at it: is it
 * an epoch-0 ClientHello, and which client random does it carry. Offsets are those of RFC 6347
 * §4.1 (record header, 13 bytes) and §4.2.2 (handshake header, 12 bytes), then RFC 5246 §7.4.1.2
 * (client_version, 2 bytes, then the 32-byte random).
 */
final class ClientHellos {
    static final int RECORD_HEADER = 13;
    static final int HANDSHAKE_HEADER = 12;
    static final int RANDOM_LENGTH = 32;
    private static final int RANDOM_OFFSET = RECORD_HEADER + HANDSHAKE_HEADER + 2;

    private ClientHellos() {
    }

    /** The first record is an epoch-0 handshake record that starts with (a fragment of) a ClientHello. */
    static boolean isEpochZeroClientHello(byte[] d) {
        return d.length > RECORD_HEADER && d[0] == 22 && d[3] == 0 && d[4] == 0 && d[RECORD_HEADER] == 1;
    }

    /**
     * The client random of an epoch-0 ClientHello whose first record holds its fragment at offset 0
     * (which holds the random), or null when {@code d} is anything else.
     */
    static byte[] random(byte[] d) {
        if (!isEpochZeroClientHello(d) || d.length < RANDOM_OFFSET + RANDOM_LENGTH
                || uint24(d, RECORD_HEADER + 6) != 0 || uint16(d, 11) < HANDSHAKE_HEADER + 2 + RANDOM_LENGTH) {
            return null;
        }
        return Arrays.copyOfRange(d, RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_LENGTH);
    }

    static int uint16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int uint24(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }
}
