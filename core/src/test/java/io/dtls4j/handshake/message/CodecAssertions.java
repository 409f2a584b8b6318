package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Shared checks for codec tests. */
final class CodecAssertions {

    /** A decode method under test. */
    interface Decoder {
        Object decode(byte[] b) throws DecodeException;
    }

    /** Something that should fail with a DecodeException. */
    interface Action {
        void run() throws Exception;
    }

    private CodecAssertions() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static void assertAlert(Action a, AlertDescription alert) {
        assertThatThrownBy(a::run)
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).alert()).isEqualTo(alert);
    }

    /**
     * Every proper prefix of {@code valid} fails with DECODE_ERROR, except the lengths in {@code validCuts}
     * (where a trailing optional part, such as a hello's extensions, may be left out).
     */
    static void assertEveryPrefixRejected(byte[] valid, Decoder d, Set<Integer> validCuts) {
        for (int n = 0; n < valid.length; n++) {
            byte[] prefix = Arrays.copyOf(valid, n);
            if (validCuts.contains(n)) {
                try {
                    d.decode(prefix);
                } catch (DecodeException e) {
                    fail("prefix of " + n + " bytes should decode: " + e.getMessage());
                }
                continue;
            }
            int len = n;
            assertThatThrownBy(() -> d.decode(prefix))
                    .as("prefix of %d of %d bytes", len, valid.length)
                    .isInstanceOf(DecodeException.class)
                    .extracting(e -> ((DecodeException) e).alert()).isEqualTo(AlertDescription.DECODE_ERROR);
        }
    }

    static void assertEveryPrefixRejected(byte[] valid, Decoder d) {
        assertEveryPrefixRejected(valid, d, Set.of());
    }

    /** {@code valid} followed by one more byte fails with DECODE_ERROR. */
    static void assertTrailingByteRejected(byte[] valid, Decoder d) {
        byte[] longer = Arrays.copyOf(valid, valid.length + 1);
        assertAlert(() -> d.decode(longer), AlertDescription.DECODE_ERROR);
    }

    static void assertDecodes(Object expected, byte[] encoding, Decoder d) throws DecodeException {
        assertThat(d.decode(encoding)).isEqualTo(expected);
    }
}
