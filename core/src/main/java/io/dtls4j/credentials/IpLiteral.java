package io.dtls4j.credentials;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Recognises IPv4 and IPv6 address literals without ever asking DNS. */
final class IpLiteral {
    private IpLiteral() {
    }

    /**
     * The address bytes (4 or 16) of an IP literal, or null when the text is not one. IPv4 takes
     * the strict dotted-quad form only (no leading zeros, no shortened forms); IPv6 may be written
     * in brackets; zone identifiers ({@code %eth0}) are not literals of a certificate.
     */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text;
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            return parseIpv4(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return null;
            }
        }
        try {
            // a text with ':' and only hex digits, ':' and '.' is parsed as an IPv6 literal, never looked up
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int value = 0;
            for (int k = 0; k < part.length(); k++) {
                char c = part.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return address;
    }
}
