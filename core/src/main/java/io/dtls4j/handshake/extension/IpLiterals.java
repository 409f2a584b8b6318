package io.dtls4j.handshake.extension;

/** Tells a host name from an IP address literal, for server_name (RFC 6066 §3 sends only host names). */
public final class IpLiterals {
    private IpLiterals() {
    }

    /** An IPv6 literal (it has a colon) or an IPv4 one (digits and dots only). */
    public static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }
}
