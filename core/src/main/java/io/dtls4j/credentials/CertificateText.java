package io.dtls4j.credentials;

import javax.security.auth.x500.X500Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Short descriptions of certificates for error messages (also used by the handshake's messages). */
public final class CertificateText {
    private CertificateText() {
    }

    /** The subject DN in RFC 2253 form, or "(empty subject)" for certificates named only by SAN. */
    public static String subject(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return name.isEmpty() ? "(empty subject, serial " + certificate.getSerialNumber().toString(16) + ")" : name;
    }

    /** The subject alternative names as {@code DNS:name} and {@code IP:address}, other kinds skipped. */
    static List<String> subjectAltNames(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
        if (entries == null) {
            return names;
        }
        for (List<?> entry : entries) {
            int type = (Integer) entry.get(0);
            if (type == SubjectAltNameType.DNS && entry.get(1) instanceof String) {
                names.add("DNS:" + entry.get(1));
            } else if (type == SubjectAltNameType.IP_ADDRESS && entry.get(1) instanceof String) {
                names.add("IP:" + entry.get(1));
            }
        }
        return names;
    }

    /** GeneralName tags of RFC 5280 §4.2.1.6, as X509Certificate.getSubjectAlternativeNames reports them. */
    static final class SubjectAltNameType {
        static final int DNS = 2;
        static final int IP_ADDRESS = 7;

        private SubjectAltNameType() {
        }
    }
}
