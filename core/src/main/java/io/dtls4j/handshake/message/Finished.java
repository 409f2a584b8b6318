package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;

/** Finished (RFC 5246 §7.4.9): verify_data of the suite's length (12 bytes here). */
public record Finished(byte[] verifyData) {

    public byte[] encode() {
        return verifyData.clone();
    }

    public static Finished decode(byte[] body, int expectedLength) throws DecodeException {
        if (body.length != expectedLength) {
            throw DecodeException.decodeError("Finished of " + body.length + " bytes, expected " + expectedLength);
        }
        return new Finished(body.clone());
    }
}
