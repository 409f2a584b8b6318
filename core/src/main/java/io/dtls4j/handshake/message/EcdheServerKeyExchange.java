package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.Arrays;

/**
 * ServerKeyExchange body for ECDHE_ECDSA / ECDHE_RSA (RFC 8422 §5.4, signature as in RFC 5246 §4.7/§7.4.3):
 * <pre>
 * ServerECDHParams params:  ECCurveType curve_type (3 = named_curve); NamedCurve namedcurve;
 *                           opaque point&lt;1..2^8-1&gt;
 * digitally-signed:         SignatureAndHashAlgorithm algorithm (one 16-bit scheme); opaque signature&lt;0..2^16-1&gt;
 * </pre>
 * Decoding rejects a curve_type other than named_curve with ILLEGAL_PARAMETER: the explicit-curve types 1
 * and 2 are deprecated by RFC 8422 §5.4 and a well-formed message naming them asks for something we refuse.
 */
public record EcdheServerKeyExchange(int namedGroup, byte[] publicKey, int signatureScheme, byte[] signature) {

    /** ECCurveType named_curve (RFC 8422 §5.4). */
    public static final int CURVE_TYPE_NAMED_CURVE = 3;

    public EcdheServerKeyExchange {
        Vectors.checkU16(namedGroup, "named group");
        publicKey = Vectors.copy(publicKey, 1, 0xFF, "ECPoint");
        Vectors.checkU16(signatureScheme, "signature scheme");
        signature = Vectors.copy(signature, 0, 0xFFFF, "signature");
    }

    /** The ServerECDHParams: what the signature covers after client_random and server_random. */
    public byte[] encodeParams() {
        return new WireWriter(4 + publicKey.length)
                .u8(CURVE_TYPE_NAMED_CURVE).u16(namedGroup).vector8(publicKey).toByteArray();
    }

    /**
     * The bytes the server signs (RFC 8422 §5.4, RFC 5246 §7.4.3):
     * {@code client_random + server_random + ServerECDHParams}.
     */
    public static byte[] signedData(byte[] clientRandom, byte[] serverRandom, byte[] params) {
        if (clientRandom.length != ClientHello.RANDOM_LENGTH || serverRandom.length != ClientHello.RANDOM_LENGTH) {
            throw new IllegalArgumentException("randoms must be 32 bytes");
        }
        return new WireWriter(64 + params.length).bytes(clientRandom).bytes(serverRandom).bytes(params).toByteArray();
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(8 + publicKey.length + signature.length);
        w.u8(CURVE_TYPE_NAMED_CURVE).u16(namedGroup).vector8(publicKey);
        w.u16(signatureScheme).vector16(signature);
        return w.toByteArray();
    }

    public static EcdheServerKeyExchange decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int curveType = r.u8();
        if (curveType != CURVE_TYPE_NAMED_CURVE) {
            throw DecodeException.illegalParameter("ECCurveType " + curveType + " is not named_curve");
        }
        int group = r.u16();
        byte[] point = Vectors.read8(r, 1, 0xFF, "ECPoint");
        int scheme = r.u16();
        byte[] signature = r.vector16();
        r.expectEnd();
        return new EcdheServerKeyExchange(group, point, scheme, signature);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdheServerKeyExchange s && s.namedGroup == namedGroup && Arrays.equals(s.publicKey, publicKey)
                && s.signatureScheme == signatureScheme && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return ((namedGroup * 31 + Arrays.hashCode(publicKey)) * 31 + signatureScheme) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return String.format("EcdheServerKeyExchange(group=%d, point=%s, scheme=0x%04x, signature=%d bytes)",
                namedGroup, Vectors.hex(publicKey), signatureScheme, signature.length);
    }
}
