package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Checks a server's certificate against the name the client asked for, following RFC 6125 §6:
 * a host name is matched against the DNS names of the subjectAltName extension (with the wildcard
 * rules of {@link DnsName#matches}), and against the subject's CN only when the certificate has no
 * DNS name at all; an IP address is matched against IP address entries only (§6.2.2 of RFC 6125,
 * RFC 5280 §4.2.1.6), never against DNS names or the CN.
 */
final class ServerNameCheck {
    private ServerNameCheck() {
    }

    static void check(X509Certificate leaf, String serverName) throws PeerVerificationException {
        Collection<List<?>> altNames;
        try {
            altNames = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "certificate "
                    + CertificateText.subject(leaf) + " has a subjectAltName extension that cannot be parsed", e);
        }
        byte[] address = IpLiteral.parse(serverName);
        boolean matched = address != null ? matchesAddress(altNames, address) : matchesHost(leaf, altNames, serverName);
        if (!matched) {
            List<String> shown;
            try {
                shown = CertificateText.subjectAltNames(leaf);
            } catch (CertificateParsingException e) {
                shown = List.of();
            }
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE,
                    (address != null ? "IP address '" : "host name '") + serverName + "' does not match certificate "
                            + CertificateText.subject(leaf) + " (SANs: " + shown + ")");
        }
    }

    private static boolean matchesAddress(Collection<List<?>> altNames, byte[] address) {
        if (altNames == null) {
            return false;
        }
        for (List<?> entry : altNames) {
            if ((Integer) entry.get(0) == CertificateText.SubjectAltNameType.IP_ADDRESS && entry.get(1) instanceof String) {
                byte[] certified = IpLiteral.parse((String) entry.get(1));
                if (certified != null && Arrays.equals(certified, address)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesHost(X509Certificate leaf, Collection<List<?>> altNames, String host) {
        boolean anyDnsName = false;
        if (altNames != null) {
            for (List<?> entry : altNames) {
                if ((Integer) entry.get(0) == CertificateText.SubjectAltNameType.DNS && entry.get(1) instanceof String) {
                    anyDnsName = true;
                    if (DnsName.matches((String) entry.get(1), host)) {
                        return true;
                    }
                }
            }
        }
        if (anyDnsName) {
            return false;
        }
        // RFC 6125 §6.4.4: the CN is consulted only when there is no DNS-ID
        for (String commonName : commonNames(leaf)) {
            if (DnsName.matches(commonName, host)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5280 §4.1.2.4 id-at-commonName. */
    static final String COMMON_NAME = "2.5.4.3";

    /** Every CN value of the subject, read from its DER (Name ::= SEQUENCE OF SET OF AttributeTypeAndValue). */
    static List<String> commonNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Der.Reader outer = new Der.Reader(certificate.getSubjectX500Principal().getEncoded());
            Der.Reader name = outer.sequence();
            while (name.hasMore()) {
                Der.Reader rdn = name.constructed(Der.SET);
                while (rdn.hasMore()) {
                    Der.Reader attribute = rdn.sequence();
                    if (attribute.oid().equals(COMMON_NAME)) {
                        names.add(attribute.string());
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return List.of(); // an unreadable subject has no usable CN
        }
        return names;
    }
}
