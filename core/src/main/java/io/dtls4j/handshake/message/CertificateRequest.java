package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * CertificateRequest (RFC 5246 §7.4.4): certificate_types<1..2^8-1>,
 * supported_signature_algorithms<2..2^16-2>, certificate_authorities<0..2^16-1>.
 */
public record CertificateRequest(byte[] certificateTypes, int[] signatureSchemes, List<byte[]> certificateAuthorities) {
    public static final int RSA_SIGN = 1;
    public static final int ECDSA_SIGN = 64;

    public byte[] encode() {
        WireWriter w = new WireWriter(64);
        w.vector8(certificateTypes);
        int mark = w.startLength16();
        for (int scheme : signatureSchemes) {
            w.u16(scheme);
        }
        w.endLength16(mark);
        mark = w.startLength16();
        for (byte[] name : certificateAuthorities) {
            w.vector16(name);
        }
        w.endLength16(mark);
        return w.toByteArray();
    }

    public static CertificateRequest decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        byte[] types = r.vector8();
        if (types.length == 0) {
            throw DecodeException.decodeError("empty certificate_types");
        }
        WireReader schemes = r.sub16();
        if (schemes.remaining() < 2 || schemes.remaining() % 2 != 0) {
            throw DecodeException.decodeError("supported_signature_algorithms has a bad length " + schemes.remaining());
        }
        int[] ids = new int[schemes.remaining() / 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = schemes.u16();
        }
        WireReader names = r.sub16();
        List<byte[]> authorities = new ArrayList<>();
        while (names.remaining() > 0) {
            byte[] name = names.vector16();
            if (name.length == 0) {
                throw DecodeException.decodeError("empty distinguished name");
            }
            authorities.add(name);
        }
        r.expectEnd();
        return new CertificateRequest(types, ids, List.copyOf(authorities));
    }
}
