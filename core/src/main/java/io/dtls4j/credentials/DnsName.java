package io.dtls4j.credentials;

import java.net.IDN;
import java.util.Locale;

/** Syntax of DNS host names and of wildcard patterns in certificates (RFC 1123 §2.1, RFC 6125 §6.4). */
final class DnsName {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private DnsName() {
    }

    /**
     * The comparable form of a host name: IDNs converted to A-labels, lower case, without a trailing
     * dot. Returns null when the text is not a syntactically valid host name, including names whose
     * last label is all digits (such as {@code 1.2.3}, which only looks like an address). Underscores are let
     * through (some deployments use them); a name never matches anything it is not equal to.
     */
    static String normalize(String name) {
        return normalize(name, false);
    }

    /** Like {@link #normalize(String)} but also accepts a left-most label that is exactly {@code *}. */
    static String normalizePattern(String name) {
        return normalize(name, true);
    }

    private static String normalize(String name, boolean wildcardAllowed) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String s = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!isAscii(s)) {
            try {
                s = IDN.toASCII(s, 0);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.length() > MAX_NAME) {
            return null;
        }
        String[] labels = s.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (i == 0 && wildcardAllowed && label.equals("*")) {
                continue;
            }
            if (!isLabel(label)) {
                return null;
            }
        }
        // RFC 3696 §2: a top-level label is never all-numeric; such a name is a mangled IP address
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return s;
    }

    private static boolean isLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a DNS name from a certificate (possibly a wildcard pattern) matches a host name, by the
     * rules of RFC 6125 §6.4: labels compared case-insensitively; a wildcard only as the complete
     * left-most label, standing for exactly one non-empty label; no partial wildcards ({@code f*.x.com});
     * no wildcard over fewer than two further labels ({@code *.com} matches nothing), since such
     * names sit at or next to a public suffix.
     */
    static boolean matches(String certificateName, String hostName) {
        String host = normalize(hostName);
        if (host == null) {
            return false;
        }
        String exact = normalize(certificateName);
        if (exact != null) {
            return exact.equals(host);
        }
        String pattern = normalizePattern(certificateName);
        if (pattern == null || !pattern.startsWith("*.")) {
            return false;
        }
        String suffix = pattern.substring(2); // RFC 6125 §6.4.3: the wildcard is the whole left-most label
        if (suffix.indexOf('.') < 0) {
            return false;
        }
        int firstDot = host.indexOf('.');
        return firstDot > 0 && host.substring(firstDot + 1).equals(suffix);
    }
}
