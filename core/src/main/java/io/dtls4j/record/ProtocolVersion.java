package io.dtls4j.record;

/**
 * DTLS protocol version codes as written on the wire: the one's complement of the TLS version they follow
 * (RFC 6347 §4.1: DTLS 1.0 = {254, 255}, DTLS 1.2 = {254, 253}).
 */
public final class ProtocolVersion {
    public static final int DTLS_1_0 = 0xFEFF;
    public static final int DTLS_1_2 = 0xFEFD;

    private ProtocolVersion() {
    }

    /** A readable name for logs; unknown values are shown in hex. */
    public static String name(int version) {
        switch (version) {
            case DTLS_1_0: return "DTLS 1.0";
            case DTLS_1_2: return "DTLS 1.2";
            default: return String.format("version(0x%04x)", version);
        }
    }
}
