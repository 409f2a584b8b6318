package io.dtls4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A peer written as {@code HOST:PORT}: {@code example.com:4433}, {@code 127.0.0.1:4433} or
 * {@code [::1]:4433}.
 *
 * @param host the host name or IP literal, without brackets
 * @param port 1..65535
 */
public record HostPort(String host, int port) {
    /** Converts the command line argument; a malformed one is a usage error. */
    public static final class Converter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            return parse(value);
        }
    }

    public static HostPort parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new TypeConversionException("'" + text + "' is not HOST:PORT (IPv6 as [::1]:4433)");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new TypeConversionException("'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:4433, [::1]:4433)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new TypeConversionException("'" + text + "' has no host");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "': port '" + port + "' is not a number");
        }
        if (number < 1 || number > 65535) {
            throw new TypeConversionException("'" + text + "': port must be 1..65535");
        }
        return new HostPort(host, number);
    }

    /** Looks the host up. */
    public InetSocketAddress resolve() throws CliException {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CliException(ExitCode.NETWORK, host + ": host name does not resolve", e);
        }
    }

    /** An address as people write it: {@code 127.0.0.1:4433}, or {@code [::1]:4433}. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return new HostPort(host, address.getPort()).toString();
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
