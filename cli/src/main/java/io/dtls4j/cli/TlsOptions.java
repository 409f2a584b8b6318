package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import picocli.CommandLine.Option;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** What every endpoint negotiates: cipher suites, groups, the datagram size and the retransmission timer. */
public final class TlsOptions {

    @Option(names = "--ciphers", paramLabel = "SUITE", split = "[:,]", splitSynopsisLabel = ":",
            converter = CipherSuiteNames.class,
            description = "Cipher suites in preference order, colon-separated, OpenSSL or IANA names "
                    + "(e.g. ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305). Default: all, AES-128-GCM first.")
    List<CipherSuite> ciphers;

    @Option(names = "--groups", paramLabel = "GROUP", split = "[:,]", splitSynopsisLabel = ":",
            converter = GroupNames.class,
            description = "ECDHE groups in preference order, colon-separated: X25519, P-256, P-384, P-521. Default: X25519:P-256:P-384:P-521.")
    List<NamedGroup> groups;

    @Option(names = "--mtu", paramLabel = "BYTES",
            description = "Link MTU, as OpenSSL's -mtu means it: the largest IP packet. The datagram size is this "
                    + "less the IP and UDP headers, 28 bytes over IPv4 and 48 over IPv6 (by the address in use). "
                    + "284..65535. Give --mtu or --max-datagram-size, not both. "
                    + "Default: datagrams of " + DtlsConfig.DEFAULT_MTU + " bytes.")
    Integer linkMtu;

    @Option(names = "--max-datagram-size", paramLabel = "BYTES",
            description = "Largest UDP payload to send, IP and UDP headers not counted, "
                    + MIN_DATAGRAM + ".." + MAX_DATAGRAM + ". Default: " + DtlsConfig.DEFAULT_MTU + ".")
    Integer maxDatagramSize;

    /** RFC 791 §3.1 IPv4 header without options (20) plus the RFC 768 UDP header (8). */
    static final int IPV4_UDP_HEADERS = 28;
    /** RFC 8200 §3 fixed IPv6 header (40) plus the UDP header (8). */
    static final int IPV6_UDP_HEADERS = 48;
    /** The smallest datagram the engine accepts to fragment its handshake into. */
    static final int MIN_DATAGRAM = 256;
    /** The largest UDP payload over IPv4: 65535 less the headers. */
    static final int MAX_DATAGRAM = 65_507;
    /** The IP total length field is 16 bits (jumbograms aside). */
    static final int MAX_LINK_MTU = 65_535;

    @Option(names = "--retransmit-timeout", paramLabel = "DURATION", defaultValue = "1s",
            description = "Initial handshake retransmission timer, doubled at each retransmission up to 60s "
                    + "(RFC 6347 section 4.2.4.1), 10ms..60s. Shorter suits a fast link that loses datagrams. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration retransmitTimeout;

    /** The shortest initial timer: below it a flight is resent before even a local peer could answer. */
    static final Duration MIN_RETRANSMIT = Duration.ofMillis(10);
    /** RFC 6347 §4.2.4.1 caps the doubled timer at no less than 60 s (RFC 6298's maximum). */
    static final Duration MAX_RETRANSMIT = Duration.ofSeconds(60);

    /** Applies the options to {@code builder}; an out-of-range MTU or timer is a usage failure. */
    void applyTo(DtlsConfig.Builder builder) throws CliException {
        long retransmitMillis = retransmitTimeout.toMillis();
        if (retransmitTimeout.compareTo(MIN_RETRANSMIT) < 0 || retransmitTimeout.compareTo(MAX_RETRANSMIT) > 0) {
            throw new CliException(ExitCode.USAGE, "--retransmit-timeout: must be "
                    + OptionChecks.shortForm(MIN_RETRANSMIT) + ".." + OptionChecks.shortForm(MAX_RETRANSMIT)
                    + ", got " + OptionChecks.shortForm(retransmitTimeout));
        }
        builder.retransmitMillis(retransmitMillis, MAX_RETRANSMIT.toMillis());
        if (ciphers != null) {
            builder.cipherSuites(withoutRepeats(ciphers));
        }
        if (groups != null) {
            builder.namedGroups(withoutRepeats(groups));
        }
        builder.mtu(datagramSize(family));
    }

    /**
     * Applies the options for an endpoint whose datagrams go over {@code address}'s family: --mtu
     * subtracts the IPv4 or IPv6 headers. Demo and bench run over the loopback address.
     */
    void applyTo(DtlsConfig.Builder builder, InetAddress address) throws CliException {
        family = address instanceof Inet6Address ? IPV6_UDP_HEADERS : IPV4_UDP_HEADERS;
        applyTo(builder);
    }

    /** The bytes of IP and UDP header that --mtu is reduced by: IPv4's unless an IPv6 address was named. */
    private int family = IPV4_UDP_HEADERS;

    /**
     * The largest datagram the options ask for, given {@code headers} bytes of IP and UDP headers;
     * a value out of range, or both options at once, is a usage failure naming the flag.
     */
    static int datagramSize(Integer linkMtu, Integer maxDatagramSize, int headers) throws CliException {
        if (linkMtu != null && maxDatagramSize != null) {
            throw new CliException(ExitCode.USAGE, "--mtu and --max-datagram-size both set the datagram size: "
                    + "give one (--mtu " + linkMtu + " is --max-datagram-size " + (linkMtu - headers) + " here)");
        }
        if (maxDatagramSize != null) {
            OptionChecks.within("--max-datagram-size", maxDatagramSize, MIN_DATAGRAM, MAX_DATAGRAM, "");
            return maxDatagramSize;
        }
        if (linkMtu != null) {
            int min = MIN_DATAGRAM + headers;
            if (linkMtu < min || linkMtu > MAX_LINK_MTU) {
                throw new CliException(ExitCode.USAGE, "--mtu: must be " + min + ".." + MAX_LINK_MTU + " over "
                        + (headers == IPV6_UDP_HEADERS ? "IPv6" : "IPv4") + " (the link MTU less " + headers
                        + " bytes of IP and UDP headers must leave a datagram of at least " + MIN_DATAGRAM
                        + " bytes), got " + linkMtu);
            }
            return Math.min(linkMtu - headers, MAX_DATAGRAM);
        }
        return DtlsConfig.DEFAULT_MTU;
    }

    private int datagramSize(int headers) throws CliException {
        return datagramSize(linkMtu, maxDatagramSize, headers);
    }

    /**
     * Makes room for records of {@code bytes} in one datagram (bench --size): raises the datagram
     * size the options give to at least {@code bytes}, keeping whichever flag was used.
     */
    void ensureDatagramSize(int bytes) throws CliException {
        int current = datagramSize(family);
        if (current >= bytes) {
            return;
        }
        if (linkMtu != null) {
            linkMtu = bytes + family;
        } else {
            maxDatagramSize = bytes;
        }
    }

    /**
     * For a client of a server whose key is known here (demo, bench): the options, and the curve
     * of that key added at the end of --groups when missing. In DTLS 1.2 supported_groups also
     * names the curves the client accepts for the server's ECDSA key (RFC 8422 §5.3), so
     * {@code --groups X25519} would otherwise leave a P-256 server nothing to sign with; the
     * server keeps --groups as given, so the ECDHE group is still the one asked for.
     */
    void applyToClientOf(DtlsConfig.Builder builder, CertifiedKey serverKey) throws CliException {
        applyTo(builder);
        NamedGroup curve = NamedGroup.ofCurveOf(serverKey.privateKey());
        if (groups != null && curve != null && !groups.contains(curve)) {
            List<NamedGroup> offered = withoutRepeats(groups);
            offered.add(curve);
            builder.namedGroups(offered);
        }
    }

    /** The list in its order, each element at its first position only. */
    static <T> List<T> withoutRepeats(List<T> list) {
        return new ArrayList<>(new LinkedHashSet<>(list));
    }
}
