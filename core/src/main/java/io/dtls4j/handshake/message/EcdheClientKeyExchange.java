package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/** ClientKeyExchange for ECDHE (RFC 8422 §5.7): ECPoint ecdh_Yc, opaque point<1..2^8-1>. */
public record EcdheClientKeyExchange(byte[] publicKey) {

    public byte[] encode() {
        return new WireWriter(1 + publicKey.length).vector8(publicKey).toByteArray();
    }

    public static EcdheClientKeyExchange decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        byte[] point = r.vector8();
        r.expectEnd();
        if (point.length == 0) {
            throw DecodeException.decodeError("empty ECDHE public value");
        }
        return new EcdheClientKeyExchange(point);
    }
}
