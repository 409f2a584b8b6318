package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/** The Certificate message carrying a raw public key (RFC 7250 §3): {@code ASN.1_subjectPublicKeyInfo<1..2^24-1>}. */
public record RawPublicKeyCertificate(byte[] subjectPublicKeyInfo) {

    public byte[] encode() {
        return new WireWriter(3 + subjectPublicKeyInfo.length).vector24(subjectPublicKeyInfo).toByteArray();
    }

    public static RawPublicKeyCertificate decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        byte[] spki = r.vector24();
        r.expectEnd();
        if (spki.length == 0) {
            throw DecodeException.decodeError("empty SubjectPublicKeyInfo");
        }
        return new RawPublicKeyCertificate(spki);
    }
}
