package io.dtls4j.config;

/** Groups for ECDHE (RFC 8422 §5.1.1, supported_groups). */
public enum NamedGroup {
    X25519(29, 32),
    SECP256R1(23, 65),
    SECP384R1(24, 97),
    SECP521R1(25, 133);

    private final int id;
    private final int publicKeyLength;

    NamedGroup(int id, int publicKeyLength) {
        this.id = id;
        this.publicKeyLength = publicKeyLength;
    }

    public int id() {
        return id;
    }

    /** Length of the encoded public value: raw u-coordinate for X25519, uncompressed point for NIST curves. */
    public int publicKeyLength() {
        return publicKeyLength;
    }

    public static NamedGroup fromId(int id) {
        for (NamedGroup g : values()) {
            if (g.id == id) {
                return g;
            }
        }
        return null;
    }
}
