package io.dtls4j.bench;

import io.dtls4j.bench.CompareRow.Crypto;
import io.dtls4j.bench.CompareRow.Impl;
import io.dtls4j.bench.CompareRow.Measurement;
import io.dtls4j.bench.CompareRow.Part;
import io.dtls4j.bench.CompareRow.Settings;
import io.dtls4j.config.NamedGroup;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * dtls4j beside its rivals, on one machine, over UDP on 127.0.0.1 with client and server of a row
 * in one JVM; prints one table and whether the targets of docs/performance.md are met. Ratios
 * between rows of one run are what to read: absolute figures depend on the machine and on what
 * else runs on it.
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
 * <p>Method: each row (one implementation on one workload, {@link CompareRow}) runs in a fresh JVM
 * ({@link ChildJvm}: the same {@code java}, classpath and flags), so that no row inherits the JIT-compiled
 * JDK crypto, the heap or the leftover threads of the rows before it. Every row runs once per round,
 * {@code --rounds} rounds (default 3), the order reversed every other round ({@link Rounds}), so that
 * neither rival always runs first; the table shows each row's median over the rounds and their spread
 * (least to greatest), and the ratios and verdicts come from the medians.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.dtls4j.bench.Compare [--seconds N] [--warmup N]
 * [--rounds N] [--sessions N] [--accp] [--parts memory,echo,handshakes] [--in-process]}; JVM flags such
 * as {@code -Xmx} given to this JVM are passed to the children (agents and JFR are not).
 * Everything is bounded: each row runs for its warm-up and measurement time and stops, and a child
 * JVM that overruns its time limit is ended and fails the run.
 */
public final class Compare {
    static final int PAYLOAD = 1200;
    static final int WINDOW = 64;
    /** The socket buffers every rival asks for: dtls4j's default, 64 datagrams of the largest record. */
    static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    static final int WARM_UP_SESSIONS = 100;

    /** Targets of issue #11 (docs/performance.md). */
    private static final double ECHO_VS_SCANDIUM = 2.0;
    private static final double ECHO_VS_UDP = 0.70;
    private static final double HANDSHAKES_VS_SCANDIUM = 1.25;
    private static final long BYTES_PER_SESSION = 1536;
    private static final String USAGE = "usage: Compare [--seconds N] [--warmup N] [--rounds N] [--sessions N] [--accp] "
            + "[--parts memory,echo,handshakes] [--in-process]";

    /** A count over a time, and what the time cost in CPU. */
    record Rate(long count, double seconds, CpuUse cpu) {
        double perSecond() {
            return count / seconds;
        }

        /** Runs {@code operation} over and over for {@code warmUp} seconds, then counts its runs for {@code seconds}. */
        static Rate measure(double warmUp, double seconds, Operation operation) throws Exception {
            Rate rate = null;
            for (double phase : new double[] {warmUp, seconds}) {
                long n = 0;
                CpuUse.Mark cpu = CpuUse.now();
                long start = System.nanoTime();
                long end = start + (long) (phase * 1e9);
                while (System.nanoTime() < end) {
                    operation.run();
                    n++;
                }
                rate = new Rate(n, (System.nanoTime() - start) / 1e9, cpu.until());
            }
            return rate;
        }
    }

    /** One timed operation, e.g. a handshake. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    private final Settings settings;
    private final int rounds;
    private final boolean inProcess;
    /** Each row's measurements, one per round, in the order of the table. */
    private final Map<CompareRow, List<Measurement>> results = new LinkedHashMap<>();
    private final List<String[]> table = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();

    private Compare(Settings settings, int rounds, boolean inProcess, List<CompareRow> plan) {
        this.settings = settings;
        this.rounds = rounds;
        this.inProcess = inProcess;
        plan.forEach(row -> results.put(row, new ArrayList<>()));
    }

    /**
     * Options: {@code --seconds N} measurement per row (default 5), {@code --warmup N} warm-up per row
     * (default 2), {@code --rounds N} runs of every row (default 3), {@code --sessions N} idle sessions for
     * the memory part (default 1000), {@code --accp} also measures handshakes with Amazon Corretto Crypto
     * Provider, {@code --parts echo,handshakes,memory} runs only those parts, {@code --in-process} runs
     * every row in this JVM instead of a fresh one (biased: for debugging only). The hidden
     * {@code --row <spec>} is what a child JVM runs: one row, one result line ({@link CompareRow}).
     *
     * @param args the options above
     * @throws Exception when a rival fails: the run stops rather than print a partial table as whole
     */
    public static void main(String[] args) throws Exception {
        double seconds = 5;
        double warmUp = 2;
        int sessions = 1000;
        int rounds = 3;
        boolean accp = false;
        boolean inProcess = false;
        String parts = "memory,echo,handshakes";
        String row = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                    case "--warmup" -> warmUp = Double.parseDouble(args[++i]);
                    case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--accp" -> accp = true;
                    case "--in-process" -> inProcess = true;
                    case "--parts" -> parts = args[++i];
                    case "--row" -> row = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (rounds < 1 || sessions < 1 || seconds <= 0 || warmUp < 0) {
                throw new IllegalArgumentException("--rounds and --sessions at least 1, --seconds above 0, --warmup not below");
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Settings settings = new Settings(warmUp, seconds, sessions);
        if (row != null) {
            CompareRow.parse(row).childMain(settings);
            return;
        }
        Compare c = new Compare(settings, rounds, inProcess, plan(parts, accp));
        String loadAtStart = loadAverage();
        c.run();
        c.print(loadAtStart, loadAverage());
    }

    /**
     * The rows of the parts named in {@code parts}, in the order of the table: memory, echo, then
     * handshakes by providers and group, dtls4j before its rival (round 0's order; see {@link Rounds}).
     */
    static List<CompareRow> plan(String parts, boolean accp) {
        Set<String> named = Set.of(parts.split(","));
        for (String part : named) {
            if (Arrays.stream(Part.values()).noneMatch(p -> p.key().equals(part))) {
                throw new IllegalArgumentException("no part " + part + " (memory, echo, handshakes)");
            }
        }
        List<CompareRow> plan = new ArrayList<>();
        if (named.contains(Part.MEMORY.key())) {
            plan.add(CompareRow.of(Part.MEMORY, Impl.DTLS4J));
            plan.add(CompareRow.of(Part.MEMORY, Impl.SCANDIUM));
        }
        if (named.contains(Part.ECHO.key())) {
            for (Impl impl : List.of(Impl.UDP, Impl.DTLS4J, Impl.DTLS4J_ONE_LOOP, Impl.SCANDIUM, Impl.BC)) {
                plan.add(CompareRow.of(Part.ECHO, impl));
            }
        }
        if (named.contains(Part.HANDSHAKES.key())) {
            List<Crypto> cryptos = accp ? List.of(Crypto.JCA, Crypto.ACCP_BUT_HMAC, Crypto.ACCP) : List.of(Crypto.JCA);
            for (Crypto crypto : cryptos) {
                for (NamedGroup group : List.of(NamedGroup.SECP256R1, NamedGroup.X25519)) {
                    plan.add(CompareRow.handshakes(Impl.DTLS4J, group, crypto));
                    if (crypto != Crypto.ACCP) { // Scandium fails with ACCP's HMAC
                        plan.add(CompareRow.handshakes(Impl.SCANDIUM, group, crypto));
                    }
                }
            }
        }
        return plan;
    }

    private void run() throws Exception {
        List<CompareRow> plan = List.copyOf(results.keySet());
        for (int round = 0; round < rounds; round++) {
            for (CompareRow row : Rounds.order(plan, round)) {
                System.err.printf(Locale.ROOT, "... round %d of %d: %s%n", round + 1, rounds, row);
                results.get(row).add(inProcess ? row.run(settings) : row.inChildJvm(settings));
            }
        }
    }

    /** The median of a row over the rounds; null when the row was not run. */
    private Double median(CompareRow row) {
        List<Measurement> m = results.get(row);
        return m == null ? null : summary(m).median();
    }

    private static Rounds.Summary summary(List<Measurement> measurements) {
        return Rounds.Summary.of(measurements.stream().mapToDouble(Measurement::value).toArray());
    }

    private void tabulate() {
        results.forEach((row, measurements) -> {
            Rounds.Summary s = summary(measurements);
            String unit = switch (row.part()) {
                case MEMORY -> "%,.0f B/session";
                case ECHO -> "%,.0f round trips/s";
                case HANDSHAKES -> "%,.1f /s";
            };
            String number = unit.substring(0, unit.indexOf(' '));
            long sent = measurements.stream().mapToLong(Measurement::sent).sum();
            long lost = measurements.stream().mapToLong(Measurement::lost).sum();
            double cpu = medianOf(measurements, Measurement::cpuMillisPerOp);
            double steal = medianOf(measurements, Measurement::steal);
            table.add(new String[] {row.part().key(), row.implementation(),
                    row.workload(settings, measurements.get(0).providers()),
                    String.format(Locale.ROOT, unit, s.median()),
                    String.format(Locale.ROOT, number + " - " + number, s.min(), s.max()),
                    Double.isNaN(cpu) ? "" : row.part() == Part.ECHO ? String.format(Locale.ROOT, "%.1f us", cpu * 1000)
                            : String.format(Locale.ROOT, "%.2f ms", cpu),
                    Double.isNaN(steal) ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * steal),
                    row.part() == Part.ECHO ? lost + " of " + sent : ""});
        });
        Double memory = median(CompareRow.of(Part.MEMORY, Impl.DTLS4J));
        if (memory != null) {
            verdicts.add(String.format(Locale.ROOT, "memory: dtls4j %.0f B per idle session, target <= %d: %s",
                    memory, BYTES_PER_SESSION, met(memory <= BYTES_PER_SESSION)));
        }
        for (Impl dtls4j : List.of(Impl.DTLS4J, Impl.DTLS4J_ONE_LOOP)) {
            Double echo = median(CompareRow.of(Part.ECHO, dtls4j));
            if (echo == null) {
                continue;
            }
            double vsScandium = echo / median(CompareRow.of(Part.ECHO, Impl.SCANDIUM));
            double vsUdp = echo / median(CompareRow.of(Part.ECHO, Impl.UDP));
            verdicts.add(String.format(Locale.ROOT, "echo: %s %.2fx Scandium (target >= %.2fx): %s; %.0f %% of plain UDP "
                    + "(target >= %.0f %%): %s; by round vs plain UDP %s", CompareRow.of(Part.ECHO, dtls4j).implementation(), vsScandium,
                    ECHO_VS_SCANDIUM, met(vsScandium >= ECHO_VS_SCANDIUM), 100 * vsUdp, 100 * ECHO_VS_UDP, met(vsUdp >= ECHO_VS_UDP),
                    byRound(results.get(CompareRow.of(Part.ECHO, dtls4j)), results.get(CompareRow.of(Part.ECHO, Impl.UDP)))));
        }
        results.forEach((row, measurements) -> {
            if (row.part() == Part.HANDSHAKES && row.impl() == Impl.SCANDIUM) {
                CompareRow ours = CompareRow.handshakes(Impl.DTLS4J, row.group(), row.crypto());
                double ratio = median(ours) / median(row);
                verdicts.add(String.format(Locale.ROOT, "handshakes %s: dtls4j %.2fx Scandium (target >= %.2fx): %s; by round %s",
                        row.workload(settings, measurements.get(0).providers()), ratio, HANDSHAKES_VS_SCANDIUM,
                        met(ratio >= HANDSHAKES_VS_SCANDIUM), byRound(results.get(ours), measurements)));
            }
        });
    }

    /**
     * The ratio of two rows' results in each round, e.g. "0.91x 1.30x 1.12x": on a shared machine whose
     * neighbours' load comes and goes, how far the verdict from the medians could have gone either way.
     */
    static String byRound(List<Measurement> ours, List<Measurement> theirs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
            s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2fx", ours.get(i).value() / theirs.get(i).value()));
        }
        return s.toString();
    }

    /** The median of one figure over the rounds that have it; NaN when none has. */
    private static double medianOf(List<Measurement> measurements, ToDoubleFunction<Measurement> figure) {
        double[] known = measurements.stream().mapToDouble(figure).filter(d -> !Double.isNaN(d)).toArray();
        return known.length == 0 ? Double.NaN : Rounds.Summary.of(known).median();
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    /** The load averages of /proc/loadavg (1, 5, 15 minutes), or "n/a" where it cannot be read. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "n/a";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private void print(String loadAtStart, String loadAtEnd) {
        tabulate();
        System.out.printf(Locale.ROOT, "dtls4j vs rivals on %s, Java %s, %d cores; load average %s at the start, %s at "
                        + "the end; %s s per row after %s s warm-up%n",
                System.getProperty("os.arch"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadAtStart, loadAtEnd, number(settings.seconds()),
                number(settings.warmUp()));
        List<String> flags = ChildJvm.passedFlags(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String where = inProcess
                ? "all rows in this one JVM (--in-process: biased, later rows run on JIT-compiled JDK code; debugging only)"
                : "each row in a fresh JVM" + (flags.isEmpty() ? "" : " (flags " + String.join(" ", flags) + ")");
        String how = rounds == 1 ? "1 round (one figure per row: --rounds 3 for medians)"
                : rounds + " rounds interleaved (every other round in reverse order), median of the rounds";
        System.out.printf(Locale.ROOT, "method: %s, %s; spread = least - greatest%n", where, how);
        String[] header = {"part", "implementation", "workload", "result (median)", "spread", "CPU per op", "steal",
            "lost (all rounds)"};
        int[] width = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(table);
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

    /** 5 as "5", 0.5 as "0.5". */
    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
