package io.dtls4j.bench;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.credentials.SelfSignedCertificate;
import io.dtls4j.transport.DtlsClient;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * UDP echo and handshakes over 127.0.0.1 against dtls4j's three servers in one run: the transport
 * module's {@code DtlsServer} (its own NIO loop), and the Netty {@code DtlsServerHandler} on Netty's
 * NIO and native epoll transports. The clients are the same {@code DtlsClient}s for all three, so
 * the differences are the servers'. Prints one table.
 *
 * <p>Not a JMH benchmark: each figure is one bounded run (a warm-up first), so run it on a quiet
 * machine and compare the rows with each other rather than with other machines. Each server runs
 * in a fresh JVM ({@link ChildJvm}, as {@link Compare}'s rows do), so that none inherits the JIT-compiled
 * code, heap or threads of the one before it.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.dtls4j.bench.NettyCompare [seconds] [clients] [window]</pre>
 */
public final class NettyCompare {
    private static final int PAYLOAD = 100;
    private static final Duration ECHO_WAIT = Duration.ofMillis(200);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private NettyCompare() {
    }

    /** What one server did in the run. */
    record Row(String server, double roundTripsPerSecond, long sent, long lost, double handshakesPerSecond,
               long handshakesFailed) {
        private static final String PREFIX = "@netty-row";

        /** The one line a child JVM prints for its server: tab-separated, in full precision. */
        String line() {
            return String.join("\t", PREFIX, server, Double.toString(roundTripsPerSecond), Long.toString(sent),
                    Long.toString(lost), Double.toString(handshakesPerSecond), Long.toString(handshakesFailed));
        }

        /** The row in a child's output: its one result line, which must be {@code kind}'s. */
        static Row parse(List<String> output, CompareServer.Kind kind) {
            List<String> lines = output.stream().filter(l -> l.startsWith(PREFIX + "\t")).toList();
            String[] f = lines.size() == 1 ? lines.get(0).split("\t", -1) : new String[0];
            if (f.length != 7 || !f[1].equals(kind.toString())) {
                throw new IllegalArgumentException("no one result line (" + PREFIX + ") for " + kind + " in " + output);
            }
            return new Row(f[1], Double.parseDouble(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Double.parseDouble(f[5]), Long.parseLong(f[6]));
        }
    }

    /** Echo totals of all clients. */
    private record Echo(long sent, long received) {
    }

    /**
     * Options (positional): seconds per figure (default 5), clients (default 4), echo window (default 16).
     * Each server kind runs in a fresh JVM ({@link ChildJvm}) through the hidden first option
     * {@code --server <KIND>}, which measures that one server and prints one result line.
     */
    public static void main(String[] args) throws Exception {
        CompareServer.Kind only = null;
        if (args.length > 1 && args[0].equals("--server")) {
            only = CompareServer.Kind.valueOf(args[1]);
            args = Arrays.copyOfRange(args, 2, args.length);
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        if (seconds < 1 || seconds > 600 || clients < 1 || clients > 64 || window < 1 || window > 1024) {
            throw new IllegalArgumentException("seconds 1..600, clients 1..64, window 1..1024");
        }
        // the warm-ups (1 s each), the figures, the handshake timeouts of the last clients and the JVM: generously
        Duration limit = Duration.ofSeconds(60 + 4L * (seconds + 2) + 2 * HANDSHAKE_TIMEOUT.toSeconds());
        if (only != null) {
            CompareServer.Kind kind = only;
            ChildJvm.runAsChild("server " + kind, limit, () -> measure(kind, seconds, clients, window).line());
            return;
        }
        List<String> rest = List.of(Integer.toString(seconds), Integer.toString(clients), Integer.toString(window));
        List<Row> rows = new ArrayList<>();
        for (CompareServer.Kind kind : CompareServer.Kind.values()) {
            if (!kind.available()) {
                System.out.println(kind + ": skipped, " + kind.unavailabilityCause());
                continue;
            }
            System.err.println("... " + kind + " in a fresh JVM");
            List<String> childArgs = new ArrayList<>(List.of("--server", kind.name()));
            childArgs.addAll(rest);
            List<String> output = ChildJvm.run("server " + kind, NettyCompare.class.getName(), childArgs,
                    limit.plusSeconds(15));
            rows.add(Row.parse(output, kind));
        }
        System.out.printf(Locale.ROOT, "%d s per figure, %d clients, echo window %d records of %d bytes, 127.0.0.1, %d CPUs; "
                        + "each server in a fresh JVM%n",
                seconds, clients, window, PAYLOAD, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-22s %16s %12s %12s %14s %10s%n", "server", "round trips/s", "sent", "lost",
                "handshakes/s", "hs failed");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-22s %16.0f %12d %12d %14.1f %10d%n", r.server(), r.roundTripsPerSecond(),
                    r.sent(), r.lost(), r.handshakesPerSecond(), r.handshakesFailed());
        }
    }

    /** Echo, then handshakes, against one server in this JVM, each after a warm-up of one second. */
    private static Row measure(CompareServer.Kind kind, int seconds, int clients, int window) throws Exception {
        CertifiedKey key = SelfSignedCertificate.generate("bench.dtls4j.test", List.of("bench.dtls4j.test"),
                Duration.ofDays(1), new SecureRandom(), System.currentTimeMillis());
        DtlsConfig serverConfig = DtlsConfig.builder().certifiedKey(key).build();
        DtlsConfig clientConfig = DtlsConfig.builder()
                .peerVerifier(PeerVerifiers.fingerprints(CertificateFingerprint.sha256(key.leaf()))).build();
        Duration duration = Duration.ofSeconds(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (CompareServer server = CompareServer.start(kind, serverConfig)) {
            InetSocketAddress address = server.address();
            echo(pool, address, clientConfig, clients, window, Duration.ofSeconds(1)); // warm-up
            handshakes(pool, address, clientConfig, clients, Duration.ofSeconds(1));
            Echo echo = echo(pool, address, clientConfig, clients, window, duration);
            long[] handshakes = handshakes(pool, address, clientConfig, clients, duration);
            return new Row(kind.toString(), echo.received() / (double) seconds, echo.sent(),
                    echo.sent() - echo.received(), handshakes[0] / (double) seconds, handshakes[1]);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Each client sends {@code window} records, then reads echoes until it has them all or none comes
     * for {@link #ECHO_WAIT}; what never came back counts as lost.
     */
    private static Echo echo(ExecutorService pool, InetSocketAddress server, DtlsConfig config, int clients, int window,
                             Duration duration) throws Exception {
        List<Callable<Echo>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tasks.add(() -> {
                long sent = 0;
                long received = 0;
                byte[] payload = new byte[PAYLOAD];
                try (DtlsClient client = DtlsClient.connect(server, config, null, HANDSHAKE_TIMEOUT)) {
                    long end = System.nanoTime() + duration.toNanos();
                    while (System.nanoTime() < end) {
                        for (int i = 0; i < window; i++) {
                            client.send(payload);
                        }
                        sent += window;
                        while (received < sent && client.receive(ECHO_WAIT) != null) {
                            received++;
                        }
                    }
                }
                return new Echo(sent, received);
            });
        }
        long sent = 0;
        long received = 0;
        for (Future<Echo> f : pool.invokeAll(tasks)) {
            sent += f.get().sent();
            received += f.get().received();
        }
        return new Echo(sent, received);
    }

    /** Full handshakes (with the cookie exchange), each client one after the other; returns {completed, failed}. */
    private static long[] handshakes(ExecutorService pool, InetSocketAddress server, DtlsConfig config, int clients,
                                     Duration duration) throws Exception {
        List<Callable<long[]>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tasks.add(() -> {
                long done = 0;
                long failed = 0;
                long end = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < end) {
                    try (DtlsClient client = DtlsClient.connect(server, config, null, HANDSHAKE_TIMEOUT)) {
                        done++;
                    } catch (Exception e) {
                        failed++;
                    }
                }
                return new long[]{done, failed};
            });
        }
        long[] total = new long[2];
        for (Future<long[]> f : pool.invokeAll(tasks)) {
            total[0] += f.get()[0];
            total[1] += f.get()[1];
        }
        return total;
    }
}
