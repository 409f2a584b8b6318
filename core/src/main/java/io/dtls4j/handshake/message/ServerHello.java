package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.Arrays;
import java.util.Objects;

/**
 * ServerHello body (RFC 5246 §7.4.1.3):
 * <pre>
 * ProtocolVersion server_version; Random random (32); opaque session_id&lt;0..32&gt;; CipherSuite cipher_suite;
 * CompressionMethod compression_method; Extension extensions&lt;0..2^16-1&gt; (optional)
 * </pre>
 * An empty extension list is encoded by omitting the block; an absent block decodes as empty.
 */
public record ServerHello(int serverVersion, byte[] random, byte[] sessionId, int cipherSuite, int compressionMethod,
                          Extensions extensions) {

    public ServerHello {
        Vectors.checkU16(serverVersion, "server_version");
        random = Vectors.copy(random, ClientHello.RANDOM_LENGTH, ClientHello.RANDOM_LENGTH, "random");
        sessionId = Vectors.copy(sessionId, 0, ClientHello.MAX_SESSION_ID_LENGTH, "session_id");
        Vectors.checkU16(cipherSuite, "cipher_suite");
        Vectors.checkU8(compressionMethod, "compression_method");
        Objects.requireNonNull(extensions, "extensions");
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(80);
        w.u16(serverVersion).bytes(random).vector8(sessionId).u16(cipherSuite).u8(compressionMethod);
        extensions.writeIfAny(w);
        return w.toByteArray();
    }

    public static ServerHello decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int version = r.u16();
        byte[] random = r.bytes(ClientHello.RANDOM_LENGTH);
        byte[] sessionId = Vectors.read8(r, 0, ClientHello.MAX_SESSION_ID_LENGTH, "session_id");
        int suite = r.u16();
        int compression = r.u8();
        Extensions extensions = Extensions.readOptional(r);
        r.expectEnd();
        return new ServerHello(version, random, sessionId, suite, compression, extensions);
    }

    @Override
    public byte[] random() {
        return random.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerHello h && h.serverVersion == serverVersion && Arrays.equals(h.random, random)
                && Arrays.equals(h.sessionId, sessionId) && h.cipherSuite == cipherSuite
                && h.compressionMethod == compressionMethod && h.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serverVersion, Arrays.hashCode(random), Arrays.hashCode(sessionId), cipherSuite,
                compressionMethod, extensions);
    }

    @Override
    public String toString() {
        return String.format("ServerHello(version=0x%04x, random=%s, session_id=%s, cipher_suite=0x%04x, "
                        + "compression=%d, extensions=%s)", serverVersion, Vectors.hex(random), Vectors.hex(sessionId),
                cipherSuite, compressionMethod, extensions);
    }
}
