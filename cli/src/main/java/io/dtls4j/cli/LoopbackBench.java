package io.dtls4j.cli;

import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.DtlsServerListener;
import io.dtls4j.transport.PeerSession;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmarks over real UDP sockets on the loopback interface: a {@link DtlsServer} and
 * {@link DtlsClient}s in this process, so the figures include sockets, threads and the kernel.
 */
final class LoopbackBench implements AutoCloseable {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for records still in flight once the client stops sending. */
    private static final Duration DRAIN = Duration.ofMillis(500);

    private final DtlsConfig clientConfig;
    private final DtlsServer server;
    private final LongAdder recordsReceived = new LongAdder();

    LoopbackBench(DtlsConfig clientConfig, DtlsConfig serverConfig) throws CliException {
        this.clientConfig = clientConfig;
        this.server = DtlsServer.builder(serverConfig)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(new DtlsServerListener() {
                    @Override
                    public void dataReceived(PeerSession s, byte[] data) {
                        recordsReceived.increment();
                    }
                })
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw Failures.classify(e, "bench server");
        }
    }

    /** Full handshakes, one client after the other, for {@code duration}. */
    BenchResult handshakes(Duration duration, ProgressBar progress) throws CliException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long count = 0;
        long now = start;
        while (now < end) {
            connect().close();
            count++;
            now = System.nanoTime();
            progress.update((double) (now - start) / duration.toNanos());
        }
        return new BenchResult("full handshakes", "UDP loopback", count, Duration.ofNanos(now - start), 0, "");
    }

    /**
     * One client sends records of {@code size} bytes as fast as it can for {@code duration}; counts
     * what the server received. UDP drops what the sockets cannot take, reported as loss.
     */
    BenchResult records(int size, Duration duration, ProgressBar progress) throws CliException {
        try (DtlsClient client = connect()) {
            byte[] payload = new byte[size];
            recordsReceived.reset();
            long sent = 0;
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long now = start;
            while (now < end) {
                client.send(payload);
                sent++;
                now = System.nanoTime();
                progress.update((double) (now - start) / duration.toNanos());
            }
            long sendingTime = now - start;
            long received = awaitQuiet();
            double loss = sent == 0 ? 0 : 100.0 * (sent - received) / sent;
            return new BenchResult(size + "-byte records", "UDP loopback", received, Duration.ofNanos(sendingTime),
                    received * size, String.format(java.util.Locale.ROOT, "(%.1f%% lost)", loss));
        } catch (IOException | DtlsException e) {
            throw Failures.classify(e, HostPort.format(server.localAddress()));
        }
    }

    /** Waits until the server's record count stops growing (at most a few drain periods). */
    private long awaitQuiet() {
        long last = -1;
        long current = recordsReceived.sum();
        for (int i = 0; i < 10 && current != last; i++) {
            last = current;
            try {
                Thread.sleep(DRAIN.toMillis() / 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            current = recordsReceived.sum();
        }
        return current;
    }

    private DtlsClient connect() throws CliException {
        try {
            return DtlsClient.connect(server.localAddress(), clientConfig, null, HANDSHAKE_TIMEOUT);
        } catch (IOException | DtlsException e) {
            throw Failures.classify(e, HostPort.format(server.localAddress()));
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
