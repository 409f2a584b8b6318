package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/** ClientHello (RFC 5246 §7.4.1.2 with the DTLS cookie of RFC 6347 §4.2.1). */
public record ClientHello(int clientVersion, byte[] random, byte[] sessionId, byte[] cookie, int[] cipherSuites,
                          byte[] compressionMethods, Extensions extensions) {

    public ClientHello withCookie(byte[] newCookie) {
        return new ClientHello(clientVersion, random, sessionId, newCookie, cipherSuites, compressionMethods, extensions);
    }

    public byte[] encode() {
        return encode(cookie);
    }

    /** The body with an empty cookie: what the stateless cookie authenticates. */
    public byte[] encodeWithoutCookie() {
        return encode(new byte[0]);
    }

    private byte[] encode(byte[] cookieField) {
        WireWriter w = new WireWriter(128);
        w.u16(clientVersion).bytes(random).vector8(sessionId).vector8(cookieField);
        int mark = w.startLength16();
        for (int suite : cipherSuites) {
            w.u16(suite);
        }
        w.endLength16(mark);
        w.vector8(compressionMethods);
        extensions.write(w);
        return w.toByteArray();
    }

    public static ClientHello decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int version = r.u16();
        byte[] random = r.bytes(32);
        byte[] sessionId = r.vector8();
        if (sessionId.length > 32) {
            throw DecodeException.decodeError("session_id longer than 32 bytes");
        }
        byte[] cookie = r.vector8();
        WireReader suites = r.sub16();
        if (suites.remaining() < 2 || suites.remaining() % 2 != 0) {
            throw DecodeException.decodeError("cipher_suites has a bad length " + suites.remaining());
        }
        int[] cipherSuites = new int[suites.remaining() / 2];
        for (int i = 0; i < cipherSuites.length; i++) {
            cipherSuites[i] = suites.u16();
        }
        byte[] compression = r.vector8();
        if (compression.length == 0) {
            throw DecodeException.decodeError("empty compression_methods");
        }
        Extensions extensions = Extensions.read(r);
        r.expectEnd();
        return new ClientHello(version, random, sessionId, cookie, cipherSuites, compression, extensions);
    }
}
