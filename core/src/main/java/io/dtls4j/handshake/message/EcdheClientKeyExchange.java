package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;

import java.util.Arrays;

/**
 * ClientKeyExchange body for ECDHE (RFC 8422 §5.7): {@code ClientECDiffieHellmanPublic} = one
 * {@code opaque point<1..2^8-1>} (the client's ephemeral public value).
 */
public record EcdheClientKeyExchange(byte[] publicKey) {

    public EcdheClientKeyExchange {
        publicKey = Vectors.copy(publicKey, 1, 0xFF, "ECPoint");
    }

    public byte[] encode() {
        return new io.dtls4j.wire.WireWriter(1 + publicKey.length).vector8(publicKey).toByteArray();
    }

    public static EcdheClientKeyExchange decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        byte[] point = Vectors.read8(r, 1, 0xFF, "ECPoint");
        r.expectEnd();
        return new EcdheClientKeyExchange(point);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdheClientKeyExchange c && Arrays.equals(c.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "EcdheClientKeyExchange(" + Vectors.hex(publicKey) + ")";
    }
}
