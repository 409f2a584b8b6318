package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;

import java.util.Arrays;

/**
 * Finished body (RFC 5246 §7.4.9): {@code opaque verify_data[verify_data_length]}, a fixed length set by the
 * cipher suite (12 for every suite dtls4j supports).
 */
public record Finished(byte[] verifyData) {

    public static final int DEFAULT_VERIFY_DATA_LENGTH = 12;

    public Finished {
        verifyData = Vectors.copy(verifyData, 1, 0xFFFFFF, "verify_data");
    }

    public byte[] encode() {
        return verifyData.clone();
    }

    /** DECODE_ERROR unless the body is exactly {@code expectedLength} bytes. */
    public static Finished decode(byte[] body, int expectedLength) throws DecodeException {
        if (expectedLength < 1) {
            throw new IllegalArgumentException("verify_data_length " + expectedLength);
        }
        if (body.length != expectedLength) {
            throw DecodeException.decodeError("Finished of " + body.length + " bytes, expected " + expectedLength);
        }
        return new Finished(body);
    }

    @Override
    public byte[] verifyData() {
        return verifyData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finished f && Arrays.equals(f.verifyData, verifyData);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(verifyData);
    }

    @Override
    public String toString() {
        return "Finished(" + Vectors.hex(verifyData) + ")";
    }
}
