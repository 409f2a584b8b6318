package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/** CertificateVerify (RFC 5246 §7.4.8): the scheme and the signature<0..2^16-1>. */
public record CertificateVerify(int signatureScheme, byte[] signature) {

    public byte[] encode() {
        return new WireWriter(4 + signature.length).u16(signatureScheme).vector16(signature).toByteArray();
    }

    public static CertificateVerify decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        int scheme = r.u16();
        byte[] signature = r.vector16();
        r.expectEnd();
        return new CertificateVerify(scheme, signature);
    }
}
