package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;

/** ServerHelloDone body (RFC 5246 §7.4.5): empty. */
public record ServerHelloDone() {

    public static final ServerHelloDone INSTANCE = new ServerHelloDone();

    public byte[] encode() {
        return new byte[0];
    }

    /** DECODE_ERROR unless the body is empty. */
    public static ServerHelloDone decode(byte[] body) throws DecodeException {
        if (body.length != 0) {
            throw DecodeException.decodeError("ServerHelloDone with " + body.length + " bytes");
        }
        return INSTANCE;
    }
}
