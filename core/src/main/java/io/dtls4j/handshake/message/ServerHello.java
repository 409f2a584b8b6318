package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/** ServerHello (RFC 5246 §7.4.1.3). */
public record ServerHello(int serverVersion, byte[] random, byte[] sessionId, int cipherSuite, int compressionMethod,
                          Extensions extensions) {

    public byte[] encode() {
        WireWriter w = new WireWriter(96);
        w.u16(serverVersion).bytes(random).vector8(sessionId).u16(cipherSuite).u8(compressionMethod);
        extensions.write(w);
        return w.toByteArray();
    }

    public static ServerHello decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int version = r.u16();
        byte[] random = r.bytes(32);
        byte[] sessionId = r.vector8();
        if (sessionId.length > 32) {
            throw DecodeException.decodeError("session_id longer than 32 bytes");
        }
        int suite = r.u16();
        int compression = r.u8();
        Extensions extensions = Extensions.read(r);
        r.expectEnd();
        return new ServerHello(version, random, sessionId, suite, compression, extensions);
    }
}
