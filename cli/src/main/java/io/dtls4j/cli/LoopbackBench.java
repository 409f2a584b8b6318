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

/**
 * Benchmarks over real UDP sockets on the loopback interface: a {@link DtlsServer} and
 * {@link DtlsClient}s in this process, so the figures include sockets, threads and the kernel.
 */
final class LoopbackBench implements AutoCloseable {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Records the client keeps in flight: a window that the default socket buffers (4 MiB) and the
     * server's per-peer buffer (256 KiB) hold many times over even at 16 KiB records, so a record
     * missing at the end was lost on the way, not thrown away by a sender that outran its receiver.
     */
    static final int WINDOW = 64;
    /** Without an echo for this long, the window is taken as lost and sent anew. */
    private static final Duration STALL = Duration.ofMillis(200);
    /** How long the echoes still in flight get once the client stops sending: generous, as they are counted lost after it. */
    private static final long DRAIN_NANOS = Duration.ofSeconds(5).toNanos();

    private final DtlsConfig clientConfig;
    private final DtlsServer server;

    LoopbackBench(DtlsConfig clientConfig, DtlsConfig serverConfig) throws CliException {
        this.clientConfig = clientConfig;
        this.server = DtlsServer.builder(serverConfig)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(new DtlsServerListener() {
                    @Override
                    public void dataReceived(PeerSession s, byte[] data) {
                        // an echo: the client counts what came back, so a loss either way is seen
                        s.send(data);
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
     * One client keeps {@link #WINDOW} records of {@code size} bytes in flight to the server, which
     * sends each back, for {@code duration}: each echo lets the next record go. Counts echoes; a
     * record counts as lost only when its echo never came (the client waits for the last ones).
     * The figure is round trips per second, like bench's Compare echo.
     */
    BenchResult records(int size, Duration duration, ProgressBar progress) throws CliException {
        try (DtlsClient client = connect()) {
            byte[] payload = new byte[size];
            EchoCount count = new EchoCount(WINDOW);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long now = start;
            while (now < end) {
                for (int n = count.toSend(); n > 0; n--) {
                    client.send(payload);
                    count.sent();
                }
                count.received(client.receive(STALL) != null);
                now = System.nanoTime();
                progress.update((double) (now - start) / duration.toNanos());
            }
            long sendingTime = now - start;
            long echoed = count.echoed();
            long drainEnd = System.nanoTime() + DRAIN_NANOS;
            while (count.outstanding() > 0 && System.nanoTime() < drainEnd) {
                if (client.receive(STALL) != null) {
                    count.received(true);
                }
            }
            return new BenchResult(size + "-byte records", "UDP loopback", echoed, Duration.ofNanos(sendingTime),
                    echoed * size, String.format(java.util.Locale.ROOT, "(%.1f%% lost)", count.lostPercent()));
        } catch (IOException | DtlsException e) {
            throw Failures.classify(e, HostPort.format(server.localAddress()));
        }
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
