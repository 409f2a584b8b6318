package io.dtls4j.record;

/** DTLS wire versions: the one's complement of the TLS versions they derive from (RFC 6347 §4.1). */
public final class ProtocolVersion {
    public static final int DTLS_1_0 = 0xFEFF;
    public static final int DTLS_1_2 = 0xFEFD;

    private ProtocolVersion() {
    }
}
