package io.dtls4j.transport;

import io.dtls4j.testing.TestConfigs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One server, a thousand clients at once, on the loopback interface. */
class ManyClientsTest {
    private static final int CLIENTS = 1000;
    private static final int CLIENT_THREADS = 16;
    private static final int SERVER_LOOPS = 2;

    @Test
    @Timeout(120)
    void thousandClientsHandshakeAndEchoWhileTheServerThreadCountStaysFixed() throws Exception {
        AtomicInteger closedByClients = new AtomicInteger();
        DtlsServerListener listener = new DtlsServerListener() {
            @Override
            public void dataReceived(PeerSession s, byte[] data) {
                s.send(data);
            }

            @Override
            public void sessionClosed(PeerSession s) {
                closedByClients.incrementAndGet();
            }
        };
        DtlsServer server = DtlsServer.builder(TestConfigs.serverConfig())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .threads(SERVER_LOOPS)
                .listener(listener)
                .build();
        server.start();
        String prefix = server.threadNamePrefix();
        List<Integer> threadCounts = Collections.synchronizedList(new ArrayList<>());
        List<DtlsClient> clients = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        long start = System.nanoTime();
        try {
            List<Future<?>> connects = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int n = i;
                connects.add(pool.submit(() -> {
                    clients.add(DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null,
                            Duration.ofSeconds(60)));
                    if (n % 50 == 0) {
                        threadCounts.add(DtlsServerTest.serverThreads(prefix));
                    }
                    return null;
                }));
            }
            for (Future<?> f : connects) {
                f.get();
            }
            long handshakesDone = System.nanoTime();
            assertThat(clients).hasSize(CLIENTS);
            assertThat(server.stats().sessions()).isEqualTo(CLIENTS);
            assertThat(server.peerCount()).isEqualTo(CLIENTS);

            List<Future<?>> echoes = new ArrayList<>();
            for (DtlsClient c : clients) {
                echoes.add(pool.submit(() -> {
                    byte[] message = ByteBuffer.allocate(8).putInt(c.localAddress().getPort()).putInt(0x0dd5ec).array();
                    byte[] reply = null;
                    // a datagram may be lost; send again until the echo comes back (bounded)
                    for (int attempt = 0; attempt < 5 && reply == null; attempt++) {
                        c.send(message);
                        reply = c.receive(Duration.ofSeconds(2));
                    }
                    assertThat(reply).isEqualTo(message);
                    threadCounts.add(DtlsServerTest.serverThreads(prefix));
                    return null;
                }));
            }
            for (Future<?> f : echoes) {
                f.get();
            }
            long echoesDone = System.nanoTime();
            ServerStats stats = server.stats();
            System.out.printf("%d handshakes in %d ms, %d echoes in %d ms; %s%n", CLIENTS,
                    (handshakesDone - start) / 1_000_000, CLIENTS, (echoesDone - handshakesDone) / 1_000_000, stats);
            assertThat(stats.handshakesCompleted()).isEqualTo(CLIENTS);
            assertThat(stats.handshakesFailed()).isZero();
            // the loops (and a receiver thread where they do not read sockets of their own), and the key
            // refill thread while it has keys to make: fixed, whatever the clients
            int base = SERVER_LOOPS + (server.loopsReadSockets() ? 0 : 1);
            assertThat(threadCounts).isNotEmpty().allMatch(n -> n == base || n == base + 1);
        } finally {
            for (DtlsClient c : clients) {
                c.close();
            }
            pool.shutdownNow();
            server.close();
        }
        assertThat(server.stats().sessions()).isZero();
        assertThat(closedByClients).as("every session ended with sessionClosed once").hasValue(CLIENTS);
        assertThat(DtlsServerTest.serverThreads(prefix)).isZero();
    }
}
