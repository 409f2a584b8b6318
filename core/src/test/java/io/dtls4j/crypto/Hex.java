package io.dtls4j.crypto;

import java.util.HexFormat;

/** Hex in tests. */
final class Hex {
    private Hex() {
    }

    static byte[] decode(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String encode(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
