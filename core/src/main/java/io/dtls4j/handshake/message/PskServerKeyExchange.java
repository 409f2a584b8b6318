package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.Arrays;

/**
 * ServerKeyExchange body of the PSK key exchanges, unsigned:
 * <pre>
 * PSK (RFC 4279 §2):        opaque psk_identity_hint&lt;0..2^16-1&gt;;
 * ECDHE_PSK (RFC 5489 §2):  opaque psk_identity_hint&lt;0..2^16-1&gt;; ServerECDHParams params;
 * </pre>
 * with ServerECDHParams as in RFC 8422 §5.4 (named_curve only). {@code publicKey} is null for PSK.
 */
public record PskServerKeyExchange(byte[] identityHint, int namedGroup, byte[] publicKey) {

    public PskServerKeyExchange {
        identityHint = Vectors.copy(identityHint, 0, 0xFFFF, "psk_identity_hint");
        if (publicKey != null) {
            Vectors.checkU16(namedGroup, "named group");
            publicKey = Vectors.copy(publicKey, 1, 0xFF, "ECPoint");
        }
    }

    /** Plain PSK: the hint alone. */
    public static PskServerKeyExchange psk(byte[] identityHint) {
        return new PskServerKeyExchange(identityHint, 0, null);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(6 + identityHint.length + (publicKey == null ? 0 : publicKey.length));
        w.vector16(identityHint);
        if (publicKey != null) {
            w.u8(EcdheServerKeyExchange.CURVE_TYPE_NAMED_CURVE).u16(namedGroup).vector8(publicKey);
        }
        return w.toByteArray();
    }

    /** Decodes the body of an ECDHE_PSK ({@code ecdhe}) or PSK ServerKeyExchange. */
    public static PskServerKeyExchange decode(byte[] body, boolean ecdhe) throws DecodeException {
        WireReader r = new WireReader(body);
        byte[] hint = r.vector16();
        if (!ecdhe) {
            r.expectEnd();
            return psk(hint);
        }
        int curveType = r.u8();
        if (curveType != EcdheServerKeyExchange.CURVE_TYPE_NAMED_CURVE) {
            throw DecodeException.illegalParameter("ECCurveType " + curveType + " is not named_curve");
        }
        int group = r.u16();
        byte[] point = Vectors.read8(r, 1, 0xFF, "ECPoint");
        r.expectEnd();
        return new PskServerKeyExchange(hint, group, point);
    }

    @Override
    public byte[] identityHint() {
        return identityHint.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey == null ? null : publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PskServerKeyExchange s && Arrays.equals(s.identityHint, identityHint)
                && s.namedGroup == namedGroup && Arrays.equals(s.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(identityHint) * 31 + namedGroup) * 31 + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "PskServerKeyExchange(hint=" + identityHint.length + " bytes"
                + (publicKey == null ? "" : ", group=" + namedGroup + ", point=" + Vectors.hex(publicKey)) + ")";
    }
}
