package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/**
 * ServerKeyExchange for ECDHE (RFC 8422 §5.4): ServerECDHParams (curve_type named_curve, the group,
 * the public point) followed by the signature scheme and the signature (RFC 5246 §4.7, §7.4.3).
 */
public record EcdheServerKeyExchange(int namedGroup, byte[] publicKey, int signatureScheme, byte[] signature) {
    /** ECCurveType named_curve; explicit curves are deprecated by RFC 8422 §5.4. */
    public static final int NAMED_CURVE = 3;

    /** The ServerECDHParams, the part that is signed after the two randoms. */
    public byte[] encodeParams() {
        return new WireWriter(4 + publicKey.length).u8(NAMED_CURVE).u16(namedGroup).vector8(publicKey).toByteArray();
    }

    public byte[] encode() {
        return new WireWriter(8 + publicKey.length + signature.length)
                .bytes(encodeParams()).u16(signatureScheme).vector16(signature).toByteArray();
    }

    /** client_random + server_random + params: what the server signs (RFC 8422 §5.4). */
    public static byte[] signedData(byte[] clientRandom, byte[] serverRandom, byte[] params) {
        return new WireWriter(64 + params.length).bytes(clientRandom).bytes(serverRandom).bytes(params).toByteArray();
    }

    public static EcdheServerKeyExchange decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int curveType = r.u8();
        if (curveType != NAMED_CURVE) {
            throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "curve type " + curveType + " is not named_curve");
        }
        int group = r.u16();
        byte[] point = r.vector8();
        if (point.length == 0) {
            throw DecodeException.decodeError("empty ECDHE public value");
        }
        int scheme = r.u16();
        byte[] signature = r.vector16();
        r.expectEnd();
        return new EcdheServerKeyExchange(group, point, scheme, signature);
    }
}
