package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Certificate body (RFC 5246 §7.4.2): {@code ASN.1Cert certificate_list<0..2^24-1>} with
 * {@code opaque ASN.1Cert<1..2^24-1>}, sender's certificate first. The list may be empty (a client without
 * a suitable certificate, RFC 5246 §7.4.6). The DER contents are not parsed here.
 */
public record CertificateMessage(List<byte[]> certificates) {

    public CertificateMessage {
        List<byte[]> copy = new ArrayList<>(certificates.size());
        long total = 0;
        for (byte[] c : certificates) {
            copy.add(Vectors.copy(c, 1, 0xFFFFFF, "ASN.1Cert"));
            total += 3 + c.length;
        }
        if (total > 0xFFFFFF) {
            throw new IllegalArgumentException("certificate_list of " + total + " bytes");
        }
        certificates = List.copyOf(copy);
    }

    /** The DER certificates in wire order (copies). */
    @Override
    public List<byte[]> certificates() {
        List<byte[]> out = new ArrayList<>(certificates.size());
        for (byte[] c : certificates) {
            out.add(c.clone());
        }
        return out;
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(3 + certificates.stream().mapToInt(c -> 3 + c.length).sum());
        int mark = w.startLength24();
        for (byte[] c : certificates) {
            w.vector24(c);
        }
        w.endLength24(mark);
        return w.toByteArray();
    }

    public static CertificateMessage decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        WireReader list = r.sub24();
        r.expectEnd();
        List<byte[]> certs = new ArrayList<>();
        while (list.remaining() > 0) {
            byte[] cert = list.vector24();
            Vectors.checkLength(cert.length, 1, 0xFFFFFF, "ASN.1Cert");
            certs.add(cert);
        }
        return new CertificateMessage(certs);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CertificateMessage m) || m.certificates.size() != certificates.size()) {
            return false;
        }
        for (int i = 0; i < certificates.size(); i++) {
            if (!Arrays.equals(m.certificates.get(i), certificates.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (byte[] c : certificates) {
            h = h * 31 + Arrays.hashCode(c);
        }
        return h;
    }

    @Override
    public String toString() {
        return "CertificateMessage(" + certificates.size() + " certificates)";
    }
}
