package io.dtls4j.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;

import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * dtls4j beside its rivals, in one run on one machine, over UDP on 127.0.0.1 with client and
 * server in this JVM; prints one table and whether the targets of docs/performance.md are met.
 * Ratios between rows of one run are what to read: absolute figures depend on the machine and
 * on what else runs on it.
 *
 * <ul>
 *   <li><b>echo</b>: one client keeps 64 requests of 1,200 bytes in flight; round trips per second and
 *       datagrams lost (see {@link EchoWindow}). dtls4j (DtlsServer + DtlsClient), Scandium
 *       (DTLSConnector both sides), Bouncy Castle (DTLSServerProtocol / DTLSClientProtocol) and plain UDP,
 *       the ceiling. DTLS rows use TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 with a P-256 certificate.</li>
 *   <li><b>handshakes</b>: full handshakes per second, each by a new client, with P-256 and X25519
 *       ECDHE, for dtls4j and Scandium; with the JCA, then (with {@code --accp}) again with Amazon
 *       Corretto Crypto Provider at position 1: but its HMAC for both (Scandium fails with it, see
 *       {@link AccpWithoutMac}), then all of it for dtls4j alone.</li>
 *   <li><b>memory</b>: heap per idle established server-side session ({@link IdleSessions}), for
 *       DtlsServer and Scandium's DTLSConnector.</li>
 * </ul>
 *
 * Run: {@code java -cp bench/target/benchmarks.jar io.dtls4j.bench.Compare [--seconds N] [--accp]}.
 * Everything is bounded: each row runs for its warm-up and measurement time and stops.
 */
public final class Compare {
    private static final int PAYLOAD = 1200;
    private static final int WINDOW = 64;
    /** The socket buffers every rival asks for: dtls4j's default, 64 datagrams of the largest record. */
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    private static final int WARM_UP_SESSIONS = 100;

    /** Targets of issue #11 (docs/performance.md). */
    private static final double ECHO_VS_SCANDIUM = 2.0;
    private static final double ECHO_VS_UDP = 0.70;
    private static final double HANDSHAKES_VS_SCANDIUM = 1.25;
    private static final long BYTES_PER_SESSION = 1536;

    /** A count over a time. */
    record Rate(long count, double seconds) {
        double perSecond() {
            return count / seconds;
        }

        /** Runs {@code operation} over and over for {@code warmUp} seconds, then counts its runs for {@code seconds}. */
        static Rate measure(double warmUp, double seconds, Operation operation) throws Exception {
            Rate rate = null;
            for (double phase : new double[] {warmUp, seconds}) {
                long n = 0;
                long start = System.nanoTime();
                long end = start + (long) (phase * 1e9);
                while (System.nanoTime() < end) {
                    operation.run();
                    n++;
                }
                rate = new Rate(n, (System.nanoTime() - start) / 1e9);
            }
            return rate;
        }
    }

    /** One timed operation, e.g. a handshake. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();

    private Compare() {
    }

    /**
     * Options: {@code --seconds N} measurement per row (default 5), {@code --warmup N} warm-up per row
     * (default 2), {@code --sessions N} idle sessions for the memory part (default 1000), {@code --accp}
     * also measures handshakes with Amazon Corretto Crypto Provider, {@code --parts echo,handshakes,memory}
     * runs only those parts.
     *
     * @param args the options above
     * @throws Exception when a rival fails: the run stops rather than print a partial table as whole
     */
    public static void main(String[] args) throws Exception {
        double seconds = 5;
        double warmUp = 2;
        int sessions = 1000;
        boolean accp = false;
        String parts = "memory,echo,handshakes";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmUp = Double.parseDouble(args[++i]);
                case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                case "--accp" -> accp = true;
                case "--parts" -> parts = args[++i];
                default -> {
                    System.err.println("usage: Compare [--seconds N] [--warmup N] [--sessions N] [--accp] "
                            + "[--parts memory,echo,handshakes]");
                    System.exit(2);
                }
            }
        }
        CertifiedKey key = BenchCredentials.ecP256();
        Compare c = new Compare();
        if (parts.contains("memory")) {
            c.memory(key, sessions);
        }
        if (parts.contains("echo")) {
            c.echo(key, warmUp, seconds);
        }
        if (parts.contains("handshakes")) {
            c.handshakes(key, "JCA", warmUp, seconds, true);
            if (accp) {
                AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
                String version = AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr();
                // Scandium fails with ACCP's HMAC (AccpWithoutMac says why): both rivals get ACCP but its Macs
                Security.insertProviderAt(new AccpWithoutMac(AmazonCorrettoCryptoProvider.INSTANCE), 1);
                c.handshakes(key, "ACCP " + version + " but HMAC", warmUp, seconds, true);
                Security.removeProvider("ACCP-without-Mac");
                AmazonCorrettoCryptoProvider.install();
                c.handshakes(key, "ACCP " + version, warmUp, seconds, false);
            }
        }
        c.print(seconds, warmUp);
    }

    private void memory(CertifiedKey key, int sessions) throws Exception {
        progress("memory: dtls4j");
        long dtls4j = Dtls4jRival.bytesPerIdleSession(key, WARM_UP_SESSIONS, sessions);
        progress("memory: Scandium");
        long scandium = ScandiumRival.bytesPerIdleSession(key, WARM_UP_SESSIONS, sessions, SOCKET_BUFFER);
        String what = sessions + " idle sessions";
        rows.add(new String[] {"memory", "dtls4j DtlsServer", what, dtls4j + " B/session", ""});
        rows.add(new String[] {"memory", "Scandium DTLSConnector", what, scandium + " B/session", ""});
        verdicts.add(String.format(Locale.ROOT, "memory: dtls4j %d B per idle session, target <= %d: %s",
                dtls4j, BYTES_PER_SESSION, met(dtls4j <= BYTES_PER_SESSION)));
    }

    private void echo(CertifiedKey key, double warmUp, double seconds) throws Exception {
        String what = PAYLOAD + " B x " + WINDOW + " in flight";
        progress("echo: plain UDP");
        EchoWindow.Result udp;
        try (PlainUdp server = new PlainUdp(SOCKET_BUFFER); EchoWindow.Client client = server.client(SOCKET_BUFFER)) {
            udp = EchoWindow.run(client, PAYLOAD, WINDOW, warmUp, seconds);
        }
        echoRow("plain UDP (ceiling)", what, udp);
        progress("echo: dtls4j");
        EchoWindow.Result dtls4j = Dtls4jRival.echo(key, PAYLOAD, WINDOW, warmUp, seconds);
        echoRow("dtls4j", what, dtls4j);
        progress("echo: Scandium");
        EchoWindow.Result scandium = ScandiumRival.echo(key, PAYLOAD, WINDOW, SOCKET_BUFFER, warmUp, seconds);
        echoRow("Scandium 3.13.0", what, scandium);
        progress("echo: Bouncy Castle");
        EchoWindow.Result bc = BcDtlsRival.echo(key, PAYLOAD, WINDOW, SOCKET_BUFFER, warmUp, seconds);
        echoRow("Bouncy Castle DTLS", what, bc);
        double vsScandium = dtls4j.perSecond() / scandium.perSecond();
        double vsUdp = dtls4j.perSecond() / udp.perSecond();
        verdicts.add(String.format(Locale.ROOT, "echo: dtls4j %.2fx Scandium (target >= %.2fx): %s; %.0f %% of plain UDP "
                + "(target >= %.0f %%): %s", vsScandium, ECHO_VS_SCANDIUM, met(vsScandium >= ECHO_VS_SCANDIUM),
                100 * vsUdp, 100 * ECHO_VS_UDP, met(vsUdp >= ECHO_VS_UDP)));
    }

    private void echoRow(String who, String what, EchoWindow.Result r) {
        rows.add(new String[] {"echo", who, what, String.format(Locale.ROOT, "%,.0f round trips/s", r.perSecond()),
                String.format(Locale.ROOT, "%d of %d", r.lost(), r.sent())});
    }

    /** @param withScandium false for dtls4j alone (a provider Scandium fails with) */
    private void handshakes(CertifiedKey key, String provider, double warmUp, double seconds, boolean withScandium)
            throws Exception {
        for (NamedGroup group : List.of(NamedGroup.SECP256R1, NamedGroup.X25519)) {
            String what = group + ", " + provider;
            progress("handshakes: dtls4j " + what);
            Rate dtls4j = Dtls4jRival.handshakes(key, group, warmUp, seconds);
            if (!withScandium) {
                rows.add(new String[] {"handshakes", "dtls4j", what, String.format(Locale.ROOT, "%,.1f /s", dtls4j.perSecond()), ""});
                continue;
            }
            progress("handshakes: Scandium " + what);
            Rate scandium = ScandiumRival.handshakes(key, group, SOCKET_BUFFER, warmUp, seconds);
            rows.add(new String[] {"handshakes", "dtls4j", what, String.format(Locale.ROOT, "%,.1f /s", dtls4j.perSecond()), ""});
            rows.add(new String[] {"handshakes", "Scandium 3.13.0", what,
                    String.format(Locale.ROOT, "%,.1f /s", scandium.perSecond()), ""});
            double ratio = dtls4j.perSecond() / scandium.perSecond();
            verdicts.add(String.format(Locale.ROOT, "handshakes %s: dtls4j %.2fx Scandium (target >= %.2fx): %s",
                    what, ratio, HANDSHAKES_VS_SCANDIUM, met(ratio >= HANDSHAKES_VS_SCANDIUM)));
        }
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void progress(String what) {
        System.err.println("... " + what);
    }

    private void print(double seconds, double warmUp) {
        System.out.printf(Locale.ROOT, "dtls4j vs rivals on %s, Java %s, %d cores; %.0f s per row after %.0f s warm-up%n",
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), seconds, warmUp);
        String[] header = {"part", "implementation", "workload", "result", "lost"};
        int[] width = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : all) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < row.length; i++) {
                line.append(' ').append(String.format("%-" + width[i] + "s", row[i])).append(" |");
            }
            System.out.println(line);
            if (row == header) {
                StringBuilder rule = new StringBuilder("|");
                for (int w : width) {
                    rule.append("-".repeat(w + 2)).append('|');
                }
                System.out.println(rule);
            }
        }
        System.out.println();
        verdicts.forEach(System.out::println);
    }
}
