package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/** HelloVerifyRequest (RFC 6347 §4.2.1): server_version, opaque cookie<0..2^8-1>. */
public record HelloVerifyRequest(int serverVersion, byte[] cookie) {

    public byte[] encode() {
        return new WireWriter(3 + cookie.length).u16(serverVersion).vector8(cookie).toByteArray();
    }

    public static HelloVerifyRequest decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int version = r.u16();
        byte[] cookie = r.vector8();
        r.expectEnd();
        return new HelloVerifyRequest(version, cookie);
    }
}
