package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.Arrays;
import java.util.Objects;

/**
 * The DTLS ClientHello body (RFC 6347 §4.2.1 and §4.3.2, RFC 5246 §7.4.1.2):
 * <pre>
 * ProtocolVersion client_version; Random random (32); opaque session_id&lt;0..32&gt;; opaque cookie&lt;0..2^8-1&gt;;
 * CipherSuite cipher_suites&lt;2..2^16-2&gt;; CompressionMethod compression_methods&lt;1..2^8-1&gt;;
 * Extension extensions&lt;0..2^16-1&gt; (optional)
 * </pre>
 * An empty extension list is encoded by omitting the block; an absent block decodes as empty.
 */
public record ClientHello(int clientVersion, byte[] random, byte[] sessionId, byte[] cookie, int[] cipherSuites,
                          byte[] compressionMethods, Extensions extensions) {

    public static final int RANDOM_LENGTH = 32;
    public static final int MAX_SESSION_ID_LENGTH = 32;
    public static final int MAX_COOKIE_LENGTH = 255;

    public ClientHello {
        Vectors.checkU16(clientVersion, "client_version");
        random = Vectors.copy(random, RANDOM_LENGTH, RANDOM_LENGTH, "random");
        sessionId = Vectors.copy(sessionId, 0, MAX_SESSION_ID_LENGTH, "session_id");
        cookie = Vectors.copy(cookie, 0, MAX_COOKIE_LENGTH, "cookie");
        cipherSuites = Vectors.copyU16List(cipherSuites, 2, 0xFFFE, "cipher_suites");
        compressionMethods = Vectors.copy(compressionMethods, 1, 0xFF, "compression_methods");
        Objects.requireNonNull(extensions, "extensions");
    }

    /** This hello with another cookie (the client's second ClientHello, RFC 6347 §4.2.1). */
    public ClientHello withCookie(byte[] newCookie) {
        return new ClientHello(clientVersion, random, sessionId, newCookie, cipherSuites, compressionMethods, extensions);
    }

    public byte[] encode() {
        return encode(cookie);
    }

    /** The body with an empty cookie: the input a server MACs into a stateless cookie (RFC 6347 §4.2.1). */
    public byte[] encodeWithoutCookie() {
        return encode(new byte[0]);
    }

    private byte[] encode(byte[] cookieToWrite) {
        WireWriter w = new WireWriter(128 + 2 * cipherSuites.length);
        w.u16(clientVersion).bytes(random).vector8(sessionId).vector8(cookieToWrite);
        Vectors.writeU16List(w, cipherSuites);
        w.vector8(compressionMethods);
        extensions.writeIfAny(w);
        return w.toByteArray();
    }

    public static ClientHello decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int version = r.u16();
        byte[] random = r.bytes(RANDOM_LENGTH);
        byte[] sessionId = Vectors.read8(r, 0, MAX_SESSION_ID_LENGTH, "session_id");
        byte[] cookie = r.vector8();
        int[] suites = Vectors.readU16List(r, 2, 0xFFFE, "cipher_suites");
        byte[] compression = Vectors.read8(r, 1, 0xFF, "compression_methods");
        Extensions extensions = Extensions.readOptional(r);
        r.expectEnd();
        return new ClientHello(version, random, sessionId, cookie, suites, compression, extensions);
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
    public byte[] cookie() {
        return cookie.clone();
    }

    @Override
    public int[] cipherSuites() {
        return cipherSuites.clone();
    }

    @Override
    public byte[] compressionMethods() {
        return compressionMethods.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHello h && h.clientVersion == clientVersion && Arrays.equals(h.random, random)
                && Arrays.equals(h.sessionId, sessionId) && Arrays.equals(h.cookie, cookie)
                && Arrays.equals(h.cipherSuites, cipherSuites) && Arrays.equals(h.compressionMethods, compressionMethods)
                && h.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientVersion, Arrays.hashCode(random), Arrays.hashCode(sessionId), Arrays.hashCode(cookie),
                Arrays.hashCode(cipherSuites), Arrays.hashCode(compressionMethods), extensions);
    }

    @Override
    public String toString() {
        return String.format("ClientHello(version=0x%04x, random=%s, session_id=%s, cookie=%s, cipher_suites=%s, "
                        + "compression=%s, extensions=%s)", clientVersion, Vectors.hex(random), Vectors.hex(sessionId),
                Vectors.hex(cookie), Arrays.toString(cipherSuites), Vectors.hex(compressionMethods), extensions);
    }
}
