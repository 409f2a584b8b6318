package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Options every endpoint shares: what to negotiate, the datagram size, and the key log. */
public final class TlsOptions {

    @Option(names = "--ciphers", paramLabel = "LIST", converter = CipherSuiteNames.class,
            description = "Cipher suites in preference order, colon-separated, OpenSSL or IANA names "
                    + "(e.g. ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305). Default: all, AES-128-GCM first.")
    List<CipherSuite> ciphers;

    @Option(names = "--groups", paramLabel = "LIST", converter = GroupNames.class,
            description = "ECDHE groups in preference order, colon-separated: X25519, P-256, P-384. Default: X25519:P-256:P-384.")
    List<NamedGroup> groups;

    @Option(names = "--mtu", paramLabel = "BYTES",
            description = "Largest datagram to send, 256..65507. Default: ${DEFAULT-VALUE}.")
    int mtu = DtlsConfig.DEFAULT_MTU;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Append the session keys in NSS key log format (CLIENT_RANDOM ...) for Wireshark. "
                    + "Without this option the SSLKEYLOGFILE environment variable is honoured.")
    Path keylog;

    /** Applies the negotiation options to {@code builder}; throws a usage failure for an out-of-range MTU. */
    void applyTo(DtlsConfig.Builder builder) throws CliException {
        if (ciphers != null) {
            builder.cipherSuites(ciphers);
        }
        if (groups != null) {
            builder.namedGroups(groups);
        }
        try {
            builder.mtu(mtu);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--mtu: " + e.getMessage());
        }
    }

    /** Opens the key log named by --keylog or SSLKEYLOGFILE, or returns null when neither is set. */
    KeyLogFile openKeyLog(Map<String, String> environment) throws CliException {
        return KeyLogFile.open(keylog, environment);
    }
}
