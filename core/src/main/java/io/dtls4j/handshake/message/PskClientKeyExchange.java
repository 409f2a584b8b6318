package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.Arrays;

/**
 * ClientKeyExchange body of the PSK key exchanges:
 * <pre>
 * PSK (RFC 4279 §2):        opaque psk_identity&lt;0..2^16-1&gt;;
 * ECDHE_PSK (RFC 5489 §2):  opaque psk_identity&lt;0..2^16-1&gt;; ClientECDiffieHellmanPublic public;
 * </pre>
 * with the client's point as in RFC 8422 §5.7 ({@code opaque point<1..2^8-1>}); null for PSK.
 */
public record PskClientKeyExchange(byte[] identity, byte[] publicKey) {

    public PskClientKeyExchange {
        identity = Vectors.copy(identity, 0, 0xFFFF, "psk_identity");
        if (publicKey != null) {
            publicKey = Vectors.copy(publicKey, 1, 0xFF, "ECPoint");
        }
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(3 + identity.length + (publicKey == null ? 0 : publicKey.length));
        w.vector16(identity);
        if (publicKey != null) {
            w.vector8(publicKey);
        }
        return w.toByteArray();
    }

    /** Decodes the body of an ECDHE_PSK ({@code ecdhe}) or PSK ClientKeyExchange. */
    public static PskClientKeyExchange decode(byte[] body, boolean ecdhe) throws DecodeException {
        WireReader r = new WireReader(body);
        byte[] identity = r.vector16();
        byte[] point = ecdhe ? Vectors.read8(r, 1, 0xFF, "ECPoint") : null;
        r.expectEnd();
        return new PskClientKeyExchange(identity, point);
    }

    @Override
    public byte[] identity() {
        return identity.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey == null ? null : publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PskClientKeyExchange c && Arrays.equals(c.identity, identity) && Arrays.equals(c.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(identity) * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "PskClientKeyExchange(identity=" + identity.length + " bytes"
                + (publicKey == null ? "" : ", point=" + Vectors.hex(publicKey)) + ")";
    }
}
