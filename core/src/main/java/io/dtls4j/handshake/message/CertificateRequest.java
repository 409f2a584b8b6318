package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * CertificateRequest body (RFC 5246 §7.4.4):
 * <pre>
 * ClientCertificateType certificate_types&lt;1..2^8-1&gt;;
 * SignatureAndHashAlgorithm supported_signature_algorithms&lt;2..2^16-2&gt; (16-bit schemes);
 * DistinguishedName certificate_authorities&lt;0..2^16-1&gt;, each opaque DistinguishedName&lt;1..2^16-1&gt; (DER)
 * </pre>
 */
public record CertificateRequest(byte[] certificateTypes, int[] signatureSchemes, List<byte[]> certificateAuthorities) {

    /** ClientCertificateType rsa_sign (RFC 5246 §7.4.4). */
    public static final int RSA_SIGN = 1;
    /** ClientCertificateType ecdsa_sign (RFC 8422 §5.5). */
    public static final int ECDSA_SIGN = 64;

    public CertificateRequest {
        certificateTypes = Vectors.copy(certificateTypes, 1, 0xFF, "certificate_types");
        signatureSchemes = Vectors.copyU16List(signatureSchemes, 2, 0xFFFE, "supported_signature_algorithms");
        List<byte[]> cas = new ArrayList<>(certificateAuthorities.size());
        long total = 0;
        for (byte[] dn : certificateAuthorities) {
            cas.add(Vectors.copy(dn, 1, 0xFFFF, "DistinguishedName"));
            total += 2 + dn.length;
        }
        if (total > 0xFFFF) {
            throw new IllegalArgumentException("certificate_authorities of " + total + " bytes");
        }
        certificateAuthorities = List.copyOf(cas);
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(64);
        w.vector8(certificateTypes);
        Vectors.writeU16List(w, signatureSchemes);
        int mark = w.startLength16();
        for (byte[] dn : certificateAuthorities) {
            w.vector16(dn);
        }
        w.endLength16(mark);
        return w.toByteArray();
    }

    public static CertificateRequest decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        byte[] types = Vectors.read8(r, 1, 0xFF, "certificate_types");
        int[] schemes = Vectors.readU16List(r, 2, 0xFFFE, "supported_signature_algorithms");
        WireReader list = r.sub16();
        r.expectEnd();
        List<byte[]> cas = new ArrayList<>();
        while (list.remaining() > 0) {
            cas.add(Vectors.read16(list, 1, 0xFFFF, "DistinguishedName"));
        }
        return new CertificateRequest(types, schemes, cas);
    }

    @Override
    public byte[] certificateTypes() {
        return certificateTypes.clone();
    }

    @Override
    public int[] signatureSchemes() {
        return signatureSchemes.clone();
    }

    /** The DER-encoded distinguished names (copies). */
    @Override
    public List<byte[]> certificateAuthorities() {
        List<byte[]> out = new ArrayList<>(certificateAuthorities.size());
        for (byte[] dn : certificateAuthorities) {
            out.add(dn.clone());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CertificateRequest c) || !Arrays.equals(c.certificateTypes, certificateTypes)
                || !Arrays.equals(c.signatureSchemes, signatureSchemes)
                || c.certificateAuthorities.size() != certificateAuthorities.size()) {
            return false;
        }
        for (int i = 0; i < certificateAuthorities.size(); i++) {
            if (!Arrays.equals(c.certificateAuthorities.get(i), certificateAuthorities.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(Arrays.hashCode(certificateTypes), Arrays.hashCode(signatureSchemes));
        for (byte[] dn : certificateAuthorities) {
            h = h * 31 + Arrays.hashCode(dn);
        }
        return h;
    }

    @Override
    public String toString() {
        return "CertificateRequest(types=" + Vectors.hex(certificateTypes) + ", schemes=" + Arrays.toString(signatureSchemes)
                + ", " + certificateAuthorities.size() + " authorities)";
    }
}
