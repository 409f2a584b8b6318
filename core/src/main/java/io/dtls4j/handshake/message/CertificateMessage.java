package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/** Certificate (RFC 5246 §7.4.2): ASN.1Cert certificate_list<0..2^24-1>, each <1..2^24-1>. */
public record CertificateMessage(List<byte[]> certificates) {

    public byte[] encode() {
        WireWriter w = new WireWriter(1024);
        int mark = w.startLength24();
        for (byte[] der : certificates) {
            w.vector24(der);
        }
        w.endLength24(mark);
        return w.toByteArray();
    }

    public static CertificateMessage decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        WireReader list = r.sub24();
        r.expectEnd();
        List<byte[]> certificates = new ArrayList<>();
        while (list.remaining() > 0) {
            byte[] der = list.vector24();
            if (der.length == 0) {
                throw DecodeException.decodeError("empty certificate in the list");
            }
            certificates.add(der);
        }
        return new CertificateMessage(List.copyOf(certificates));
    }
}
