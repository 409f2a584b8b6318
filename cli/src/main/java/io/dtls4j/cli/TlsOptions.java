package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import picocli.CommandLine.Option;

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
            description = "Largest datagram to send, 256..65507. Default: ${DEFAULT-VALUE}.")
    int mtu = DtlsConfig.DEFAULT_MTU;

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
        try {
            builder.mtu(mtu);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--mtu: " + e.getMessage());
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
