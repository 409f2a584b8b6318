package io.dtls4j.cli;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.session.SessionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dtls bench}: full handshakes per second and records per second, first engine to engine in
 * memory, then over UDP on loopback; a progress bar on stderr and a table on stdout.
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Measure full handshakes and records per second, in memory and over UDP loopback.",
                "In memory: two engines hand datagrams to each other (protocol and crypto only).",
                "UDP loopback: a server and clients on 127.0.0.1 (sockets and threads included).",
                "Progress goes to stderr, the table to stdout."
        })
public final class BenchCommand implements Callable<Integer> {
    /** Record header plus the largest AEAD expansion of the suites dtls4j implements. */
    private static final int RECORD_OVERHEAD = 13 + 24;

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "2s",
            description = "How long each of the four measurements runs. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "1s",
            description = "Untimed in-memory work first, so that the JIT compiler has compiled the hot paths. "
                    + "Default: ${DEFAULT-VALUE}; 0 skips it.")
    Duration warmup;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1200",
            description = "Application data bytes per record; the MTU is raised to fit when needed. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = KeyTypes.class, defaultValue = "ec",
            description = "Key of the server's generated certificate: " + KeyTypes.NAMES + ". Default: ${DEFAULT-VALUE}.")
    KeyAlgorithm keyType;

    @Option(names = "--in-memory-only", description = "Skip the UDP measurements.")
    boolean inMemoryOnly;

    @Mixin
    TlsOptions tls;

    @Override
    public Integer call() throws Exception {
        if (duration.isZero() || duration.isNegative()) {
            throw new CliException(ExitCode.USAGE, "--duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new CliException(ExitCode.USAGE, "--warmup must not be negative");
        }
        if (size < 1 || size > 16384) {
            throw new CliException(ExitCode.USAGE, "--size must be 1..16384 bytes: " + size);
        }
        tls.ensureDatagramSize(size + RECORD_OVERHEAD);
        SecureRandom random = new SecureRandom();
        CertifiedKey serverKey = GeneratedIdentity.generate(keyType, "dtls4j bench server", random);
        DtlsConfig.Builder server = DtlsConfig.builder().certifiedKey(serverKey).random(random);
        DtlsConfig.Builder client = DtlsConfig.builder()
                .peerVerifier(PeerVerifiers.fingerprints(List.of(CertificateFingerprint.sha256(serverKey.leaf()))))
                .random(random);
        tls.applyTo(server);
        tls.applyToClientOf(client, serverKey);
        DtlsConfig serverConfig = server.build();
        DtlsConfig clientConfig = client.build();

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InMemoryBench memory = new InMemoryBench(clientConfig, serverConfig);
        SessionInfo session = memory.negotiated();
        out.printf(Locale.ROOT, "dtls4j bench: %s %s, %s certificate, %d-byte records, %s per test%n",
                session.cipherSuite().openSslName(), GroupNames.displayName(session.namedGroup()),
                KeyTypes.displayName(keyType), size, DurationConverter.format(duration));
        out.flush();

        ProgressBar progress = new ProgressBar(err, ProgressBar.interactive());
        if (!warmup.isZero()) {
            Duration half = warmup.dividedBy(2);
            run(progress, "warm-up", () -> {
                memory.handshakes(half, ProgressBar.NONE);
                return memory.records(size, half, ProgressBar.NONE);
            });
        }
        List<BenchResult> results = new ArrayList<>();
        results.add(run(progress, "in memory: handshakes", () -> memory.handshakes(duration, progress)));
        results.add(run(progress, "in memory: records", () -> memory.records(size, duration, progress)));
        if (!inMemoryOnly) {
            try (LoopbackBench udp = new LoopbackBench(clientConfig, serverConfig)) {
                results.add(run(progress, "UDP loopback: handshakes", () -> udp.handshakes(duration, progress)));
                results.add(run(progress, "UDP loopback: records", () -> udp.records(size, duration, progress)));
            }
        }
        out.println();
        out.print(BenchResult.table(results));
        out.flush();
        return ExitCode.OK.code();
    }

    /** One measurement. */
    @FunctionalInterface
    private interface Measurement {
        BenchResult run() throws CliException;
    }

    private static BenchResult run(ProgressBar progress, String label, Measurement m) throws CliException {
        progress.start(label);
        BenchResult r = m.run();
        progress.finish(String.format(Locale.ROOT, "%.0f/s", r.perSecond()));
        return r;
    }
}
