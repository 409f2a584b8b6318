package io.dtls4j.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;

import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One row of the {@link Compare} table: one implementation on one workload. {@link #run} measures
 * it once in this JVM; {@link #inChildJvm} runs it in a fresh JVM ({@link ChildJvm}) through the hidden
 * option {@code Compare --row <spec>}, whose only output on stdout is one {@link Measurement#line()}.
 *
 * <p>The spec ({@link #toString()}, {@link #parse}) is {@code <part>:<impl>} for memory and echo,
 * {@code handshakes:<impl>:<group>:<crypto>} for handshakes, e.g. {@code handshakes:scandium:X25519:accp-but-hmac}.
 *
 * @param group  the ECDHE group of a handshake row; null for the other parts
 * @param crypto the providers the row runs with (always {@link Crypto#JCA} but for handshakes)
 */
record CompareRow(Part part, Impl impl, NamedGroup group, Crypto crypto) {
    /** What the table measures. */
    enum Part {
        MEMORY, ECHO, HANDSHAKES;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who is measured. */
    enum Impl {
        UDP("udp"), DTLS4J("dtls4j"),
        /** dtls4j's DtlsServer with one event loop, which reads the socket itself (echo only). */
        DTLS4J_ONE_LOOP("dtls4j-1loop"),
        SCANDIUM("scandium"), BC("bc");

        private final String key;

        Impl(String key) {
            this.key = key;
        }
    }

    /** The providers a row runs with. */
    enum Crypto {
        /** The JDK's providers as they come. */
        JCA("jca"),
        /** Amazon Corretto Crypto Provider at position 1, but its Macs ({@link AccpWithoutMac}): what Scandium runs with. */
        ACCP_BUT_HMAC("accp-but-hmac"),
        /** Amazon Corretto Crypto Provider installed as it is: dtls4j alone. */
        ACCP("accp");

        private final String key;

        Crypto(String key) {
            this.key = key;
        }

        /**
         * Makes the providers this JVM's: takes out what an earlier row of this JVM put in (only the
         * {@code --in-process} mode runs more than one), then puts in this one's.
         *
         * @return how the table names the providers, e.g. "ACCP 2.4.1 but HMAC"
         */
        String install() {
            Security.removeProvider(AccpWithoutMac.NAME);
            Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
            if (this == JCA) {
                return "JCA";
            }
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            String accp = "ACCP " + AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr();
            if (this == ACCP) {
                AmazonCorrettoCryptoProvider.install();
                return accp;
            }
            // Scandium fails with ACCP's HMAC (AccpWithoutMac says why): both rivals get ACCP but its Macs
            Security.insertProviderAt(new AccpWithoutMac(AmazonCorrettoCryptoProvider.INSTANCE), 1);
            return accp + " but HMAC";
        }
    }

    /** How long each row measures and warms up, and how many sessions the memory part holds. */
    record Settings(double warmUp, double seconds, int sessions) {
        List<String> args() {
            return List.of("--warmup", Double.toString(warmUp), "--seconds", Double.toString(seconds),
                    "--sessions", Integer.toString(sessions));
        }
    }

    /**
     * What one run of a row measured.
     *
     * @param value     per second for echo (round trips) and handshakes, bytes per idle session for memory
     * @param sent      echo requests sent (0 for the other parts)
     * @param lost      echo requests whose reply never came (0 for the other parts)
     * @param providers how the row's providers are named (see {@link Crypto#install()})
     */
    /**
     * @param cpuMillisPerOp the child JVM's CPU time per operation (handshake, round trip) over the measured
     *                       phase, client and server together; NaN for memory rows or where unknown
     * @param steal          the machine's steal time over the measured phase (a fraction); NaN where unknown
     */
    record Measurement(double value, long sent, long lost, String providers, double cpuMillisPerOp, double steal) {
        /** A measurement without CPU figures (the memory part). */
        Measurement(double value, long sent, long lost, String providers) {
            this(value, sent, lost, providers, Double.NaN, Double.NaN);
        }

        /** What starts the result line of a child JVM. */
        static final String PREFIX = "@compare-row";

        /** The one line a child JVM prints for its row: tab-separated, value in full precision. */
        String line(CompareRow row) {
            return String.join("\t", PREFIX, row.toString(), Double.toString(value), Long.toString(sent),
                    Long.toString(lost), providers, Double.toString(cpuMillisPerOp), Double.toString(steal));
        }

        /**
         * The measurement in a child's output: its one result line, which must be for {@code row}.
         *
         * @throws IllegalArgumentException when there is no such line, more than one, or a malformed one
         */
        static Measurement parse(List<String> output, CompareRow row) {
            List<String> lines = output.stream().filter(l -> l.startsWith(PREFIX + "\t")).toList();
            if (lines.size() != 1) {
                throw new IllegalArgumentException(lines.size() + " result lines (" + PREFIX + ") for " + row + ", not one");
            }
            String[] f = lines.get(0).split("\t", -1);
            if (f.length != 8 || !f[1].equals(row.toString())) {
                throw new IllegalArgumentException("not a result line for " + row + ": " + lines.get(0));
            }
            try {
                return new Measurement(Double.parseDouble(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5],
                        Double.parseDouble(f[6]), Double.parseDouble(f[7]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a result line for " + row + ": " + lines.get(0), e);
            }
        }
    }

    CompareRow {
        if ((part == Part.HANDSHAKES) != (group != null) || (part != Part.HANDSHAKES && crypto != Crypto.JCA)) {
            throw new IllegalArgumentException("a group and providers for handshake rows only");
        }
    }

    static CompareRow of(Part part, Impl impl) {
        return new CompareRow(part, impl, null, Crypto.JCA);
    }

    static CompareRow handshakes(Impl impl, NamedGroup group, Crypto crypto) {
        return new CompareRow(Part.HANDSHAKES, impl, group, crypto);
    }

    /** The inverse of {@link #toString()}. */
    static CompareRow parse(String spec) {
        String[] f = spec.split(":", -1);
        Part part = find(Part.values(), f[0], Part::key);
        Impl impl = f.length > 1 ? find(Impl.values(), f[1], i -> i.key) : null;
        if (part == null || impl == null || f.length != (part == Part.HANDSHAKES ? 4 : 2)) {
            throw new IllegalArgumentException("not a row: " + spec + " (<part>:<impl>[:<group>:<crypto>])");
        }
        if (part != Part.HANDSHAKES) {
            return of(part, impl);
        }
        NamedGroup group = find(NamedGroup.values(), f[2], NamedGroup::name);
        Crypto crypto = find(Crypto.values(), f[3], c -> c.key);
        if (group == null || crypto == null) {
            throw new IllegalArgumentException("not a row: " + spec);
        }
        return handshakes(impl, group, crypto);
    }

    private static <T> T find(T[] values, String key, Function<T, String> keyOf) {
        for (T v : values) {
            if (keyOf.apply(v).equals(key)) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        String spec = part.key() + ":" + impl.key;
        return part == Part.HANDSHAKES ? spec + ":" + group.name() + ":" + crypto.key : spec;
    }

    /** The implementation column of the table. */
    String implementation() {
        return switch (impl) {
            case UDP -> "plain UDP (ceiling)";
            case DTLS4J -> part == Part.MEMORY ? "dtls4j DtlsServer" : "dtls4j";
            case DTLS4J_ONE_LOOP -> "dtls4j, 1 event loop";
            case SCANDIUM -> part == Part.MEMORY ? "Scandium DTLSConnector" : "Scandium 3.13.0";
            case BC -> "Bouncy Castle DTLS";
        };
    }

    /** The workload column of the table. */
    String workload(Settings settings, String providers) {
        return switch (part) {
            case MEMORY -> settings.sessions() + " idle sessions";
            case ECHO -> Compare.PAYLOAD + " B x " + Compare.WINDOW + " in flight";
            case HANDSHAKES -> group + ", " + providers;
        };
    }

    /**
     * How long the row may take at most, generously: its warm-up and measurement three times over
     * (the stragglers and the servers' start and stop) and a minute for the JVM; for memory five
     * handshakes a second. The child halts itself after this; the parent kills it a little later.
     */
    Duration timeLimit(Settings settings) {
        double seconds = part == Part.MEMORY
                ? (Compare.WARM_UP_SESSIONS + settings.sessions()) / 5.0
                : 3 * (settings.warmUp() + settings.seconds());
        return Duration.ofSeconds(60 + (long) Math.ceil(seconds));
    }

    /** Measures the row once in this JVM, with this row's providers installed. */
    Measurement run(Settings settings) throws Exception {
        String providers = crypto.install();
        CertifiedKey key = BenchCredentials.ecP256();
        switch (part) {
            case MEMORY -> {
                long bytes = impl == Impl.DTLS4J
                        ? Dtls4jRival.bytesPerIdleSession(key, Compare.WARM_UP_SESSIONS, settings.sessions())
                        : ScandiumRival.bytesPerIdleSession(key, Compare.WARM_UP_SESSIONS, settings.sessions(),
                                Compare.SOCKET_BUFFER);
                return new Measurement(bytes, 0, 0, providers);
            }
            case ECHO -> {
                EchoWindow.Result r = echo(key, settings);
                return new Measurement(r.perSecond(), r.sent(), r.lost(), providers, r.cpu().millisPerOperation(r.roundTrips()),
                        r.cpu().steal());
            }
            default -> {
                Compare.Rate r = impl == Impl.DTLS4J
                        ? Dtls4jRival.handshakes(key, group, settings.warmUp(), settings.seconds())
                        : ScandiumRival.handshakes(key, group, Compare.SOCKET_BUFFER, settings.warmUp(), settings.seconds());
                return new Measurement(r.perSecond(), 0, 0, providers, r.cpu().millisPerOperation(r.count()), r.cpu().steal());
            }
        }
    }

    private EchoWindow.Result echo(CertifiedKey key, Settings s) throws Exception {
        int payload = Compare.PAYLOAD;
        int window = Compare.WINDOW;
        int buffer = Compare.SOCKET_BUFFER;
        return switch (impl) {
            case UDP -> {
                try (PlainUdp server = new PlainUdp(buffer); EchoWindow.Client client = server.client(buffer)) {
                    yield EchoWindow.run(client, payload, window, s.warmUp(), s.seconds());
                }
            }
            case DTLS4J -> Dtls4jRival.echo(key, Dtls4jRival.DEFAULT_LOOPS, payload, window, s.warmUp(), s.seconds());
            case DTLS4J_ONE_LOOP -> Dtls4jRival.echo(key, 1, payload, window, s.warmUp(), s.seconds());
            case SCANDIUM -> ScandiumRival.echo(key, payload, window, buffer, s.warmUp(), s.seconds());
            case BC -> BcDtlsRival.echo(key, payload, window, buffer, s.warmUp(), s.seconds());
        };
    }

    /** Measures the row in a fresh JVM: this JVM's java, classpath and (but agents and JFR) flags. */
    Measurement inChildJvm(Settings settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--row", toString()));
        args.addAll(settings.args());
        Duration limit = timeLimit(settings).plusSeconds(15); // the child halts itself first
        return Measurement.parse(ChildJvm.run("row " + this, Compare.class.getName(), args, limit), this);
    }

    /** The child's side: measures the row, prints its result line and ends the JVM ({@link ChildJvm#runAsChild}). */
    void childMain(Settings settings) {
        ChildJvm.runAsChild("row " + this, timeLimit(settings), () -> run(settings).line(this));
    }
}
