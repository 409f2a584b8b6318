package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;

/** ServerHelloDone (RFC 5246 §7.4.5): an empty body. */
public record ServerHelloDone() {

    public byte[] encode() {
        return new byte[0];
    }

    public static ServerHelloDone decode(byte[] body) throws DecodeException {
        if (body.length != 0) {
            throw DecodeException.decodeError("ServerHelloDone is not empty");
        }
        return new ServerHelloDone();
    }
}
