package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.Arrays;

/**
 * HelloVerifyRequest body (RFC 6347 §4.2.1): {@code ProtocolVersion server_version; opaque cookie<0..2^8-1>}.
 */
public record HelloVerifyRequest(int serverVersion, byte[] cookie) {

    public HelloVerifyRequest {
        Vectors.checkU16(serverVersion, "server_version");
        cookie = Vectors.copy(cookie, 0, ClientHello.MAX_COOKIE_LENGTH, "cookie");
    }

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

    @Override
    public byte[] cookie() {
        return cookie.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelloVerifyRequest h && h.serverVersion == serverVersion && Arrays.equals(h.cookie, cookie);
    }

    @Override
    public int hashCode() {
        return serverVersion * 31 + Arrays.hashCode(cookie);
    }

    @Override
    public String toString() {
        return String.format("HelloVerifyRequest(version=0x%04x, cookie=%s)", serverVersion, Vectors.hex(cookie));
    }
}
