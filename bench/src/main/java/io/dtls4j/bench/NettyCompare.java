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
 * machine and compare the rows with each other rather than with other machines.
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
    private record Row(String server, double roundTripsPerSecond, long sent, long lost, double handshakesPerSecond,
                       long handshakesFailed) {
    }

    /** Echo totals of all clients. */
    private record Echo(long sent, long received) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        if (seconds < 1 || seconds > 600 || clients < 1 || clients > 64 || window < 1 || window > 1024) {
            throw new IllegalArgumentException("seconds 1..600, clients 1..64, window 1..1024");
        }
        CertifiedKey key = SelfSignedCertificate.generate("bench.dtls4j.test", List.of("bench.dtls4j.test"),
                Duration.ofDays(1), new SecureRandom(), System.currentTimeMillis());
        DtlsConfig serverConfig = DtlsConfig.builder().certifiedKey(key).build();
        DtlsConfig clientConfig = DtlsConfig.builder()
                .peerVerifier(PeerVerifiers.fingerprints(CertificateFingerprint.sha256(key.leaf()))).build();
        Duration duration = Duration.ofSeconds(seconds);

        List<Row> rows = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (CompareServer.Kind kind : CompareServer.Kind.values()) {
                if (!kind.available()) {
                    System.out.println(kind + ": skipped, " + kind.unavailabilityCause());
                    continue;
                }
                try (CompareServer server = CompareServer.start(kind, serverConfig)) {
                    InetSocketAddress address = server.address();
                    echo(pool, address, clientConfig, clients, window, Duration.ofSeconds(1)); // warm-up
                    handshakes(pool, address, clientConfig, clients, Duration.ofSeconds(1));
                    Echo echo = echo(pool, address, clientConfig, clients, window, duration);
                    long[] handshakes = handshakes(pool, address, clientConfig, clients, duration);
                    rows.add(new Row(kind.toString(), echo.received() / (double) seconds, echo.sent(),
                            echo.sent() - echo.received(), handshakes[0] / (double) seconds, handshakes[1]));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "%d s per figure, %d clients, echo window %d records of %d bytes, 127.0.0.1, %d CPUs%n",
                seconds, clients, window, PAYLOAD, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-22s %16s %12s %12s %14s %10s%n", "server", "round trips/s", "sent", "lost",
                "handshakes/s", "hs failed");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-22s %16.0f %12d %12d %14.1f %10d%n", r.server(), r.roundTripsPerSecond(),
                    r.sent(), r.lost(), r.handshakesPerSecond(), r.handshakesFailed());
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
