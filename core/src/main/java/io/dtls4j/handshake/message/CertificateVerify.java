package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.Arrays;

/**
 * CertificateVerify body (RFC 5246 §7.4.8): a digitally-signed struct, i.e. the 16-bit signature scheme and
 * {@code opaque signature<0..2^16-1>}.
 */
public record CertificateVerify(int signatureScheme, byte[] signature) {

    public CertificateVerify {
        Vectors.checkU16(signatureScheme, "signature scheme");
        signature = Vectors.copy(signature, 0, 0xFFFF, "signature");
    }

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

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateVerify c && c.signatureScheme == signatureScheme && Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return signatureScheme * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return String.format("CertificateVerify(scheme=0x%04x, signature=%d bytes)", signatureScheme, signature.length);
    }
}
