package io.dtls4j.netty;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.transport.DtlsClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.dtls4j.netty.DtlsServerCounter.DATAGRAMS_IN;
import static io.dtls4j.netty.DtlsServerCounter.DATAGRAMS_OUT;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_TOO_BIG;
import static io.dtls4j.netty.DtlsServerCounter.DROPPED_UNKNOWN_PEER;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_COMPLETED;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_FAILED_TIMEOUT;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_IN_PROGRESS;
import static io.dtls4j.netty.DtlsServerCounter.HANDSHAKES_STARTED;
import static io.dtls4j.netty.DtlsServerCounter.HELLO_VERIFY_REQUESTS_SENT;
import static io.dtls4j.netty.DtlsServerCounter.REFUSED_HANDSHAKE_LIMIT;
import static io.dtls4j.netty.DtlsServerCounter.SESSIONS;
import static io.dtls4j.netty.DtlsServerCounter.SESSIONS_CLOSED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Netty server handler on NIO and on epoll (skipped with a message where epoll is not
 * available), against our blocking {@link DtlsClient}, the Netty client handler and raw sockets.
 * Every test ends by asking Netty's leak detector (PARANOID) for leaked buffers.
 */
@Timeout(120)
class DtlsServerHandlerTest {
    static {
        LeakRecorder.install();
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    @AfterEach
    void noBufferLeaked() throws InterruptedException {
        assertThat(LeakRecorder.leaks()).as("ByteBufs the leak detector saw collected unreleased").isEmpty();
    }

    private static DtlsServerHandler.Builder server() {
        return DtlsServerHandler.builder(TestConfigs.serverConfig());
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void echoesToOurBlockingClient(NettyTransport transport) throws Exception {
        try (ServerFixture server = new ServerFixture(transport, server().build())) {
            try (DtlsClient client = DtlsClient.connect(server.address(), TestConfigs.clientConfig(), "server.test", WAIT)) {
                for (int i = 0; i < 20; i++) {
                    byte[] message = ("echo " + i).getBytes(StandardCharsets.US_ASCII);
                    client.send(message);
                    assertThat(client.receive(WAIT)).as("echo %d", i).isEqualTo(message);
                }
                assertThat(server.events(DtlsPeerEvent.Established.class)).hasSize(1);
                DtlsPeerEvent.Established established = server.events(DtlsPeerEvent.Established.class).get(0);
                assertThat(established.session().protocolVersion()).isEqualTo("DTLSv1.2");
            }
            // the client's close_notify ends the session on the server
            assertThat(ServerFixture.await(() -> server.stats().get(SESSIONS_CLOSED) == 1, WAIT)).as(server.stats().toString()).isTrue();
            assertThat(server.events(DtlsPeerEvent.Closed.class)).hasSize(1);
            assertThat(server.stats().get(HELLO_VERIFY_REQUESTS_SENT)).isEqualTo(1);
            assertThat(server.stats().get(HANDSHAKES_COMPLETED)).isEqualTo(1);
            assertThat(server.stats().get(SESSIONS)).isZero();
            assertThat(server.peerTableSize()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void echoesWithHeapBuffersThatTheEngineReadsInPlace(NettyTransport transport) throws Exception {
        // pooled heap buffers are slices of larger arrays: the engine must use the slice's offset
        try (ServerFixture server = new ServerFixture(transport, server().build(), new PooledByteBufAllocator(false))) {
            try (DtlsClient client = DtlsClient.connect(server.address(), TestConfigs.clientConfig(), "server.test", WAIT)) {
                Random random = new Random(3);
                for (int size : new int[]{1, 100, 1000, client.maxSendSize()}) {
                    byte[] message = new byte[size];
                    random.nextBytes(message);
                    client.send(message);
                    assertThat(client.receive(WAIT)).as("echo of %d bytes", size).isEqualTo(message);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void echoesToTheNettyClientAndClosesItsPeersWhenTheChannelCloses(NettyTransport transport) throws Exception {
        EventLoopGroup clients = null;
        try (ServerFixture server = new ServerFixture(transport, server().build())) {
            clients = transport.newGroup(1);
            try (NettyClientFixture client = new NettyClientFixture(transport, clients, server.address(), TestConfigs.clientConfig())) {
                DtlsPeerEvent first = client.nextEvent(WAIT);
                assertThat(first).isInstanceOf(DtlsPeerEvent.Established.class);
                assertThat(client.handler.session().peerCertificates()).hasSize(1);
                byte[] big = new byte[1000];
                new Random(1).nextBytes(big);
                client.send(big);
                assertThat(client.receive(WAIT)).isEqualTo(big);
                client.send("small".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.receive(WAIT)).isEqualTo("small".getBytes(StandardCharsets.US_ASCII));

                // the server channel closing sends close_notify: the client hears Closed
                server.channel.close().sync();
                assertThat(client.nextEvent(WAIT)).isInstanceOf(DtlsPeerEvent.Closed.class);
                assertThat(server.stats().get(SESSIONS_CLOSED)).isEqualTo(1);
                assertThat(server.events(DtlsPeerEvent.Closed.class)).hasSize(1);
            }
        } finally {
            if (clients != null) {
                clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void servesFiftyPeersAtOnce(NettyTransport transport) throws Exception {
        int peers = 50;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ServerFixture server = new ServerFixture(transport, server().build())) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                int id = i;
                results.add(pool.submit(() -> {
                    try (DtlsClient client = DtlsClient.connect(server.address(), TestConfigs.clientConfig(), "server.test", WAIT)) {
                        int echoed = 0;
                        for (int j = 0; j < 5; j++) {
                            byte[] m = ("peer " + id + " message " + j).getBytes(StandardCharsets.US_ASCII);
                            client.send(m);
                            if (java.util.Arrays.equals(client.receive(WAIT), m)) {
                                echoed++;
                            }
                        }
                        return echoed;
                    }
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(5);
            }
            assertThat(server.stats().get(HANDSHAKES_COMPLETED)).isEqualTo(peers);
            assertThat(ServerFixture.await(() -> server.stats().get(SESSIONS_CLOSED) == peers, WAIT)).as(server.stats().toString()).isTrue();
            assertThat(server.peerTableSize()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void dropsGarbageWithoutStateAndKeepsServing(NettyTransport transport) throws Exception {
        try (ServerFixture server = new ServerFixture(transport, server().build());
             DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // longer than any record: counted as too big (the fixture reads datagrams of any record's size and one byte more)
            byte[] huge = new byte[DtlsEngine.MAX_RECORD_SIZE + 100];
            raw.send(new DatagramPacket(huge, huge.length, server.address()));
            assertThat(ServerFixture.await(() -> server.stats().get(DROPPED_TOO_BIG) == 1, WAIT)).as(server.stats().toString()).isTrue();
            Random random = new Random(7);
            int small = 200;
            for (int i = 0; i < small; i++) {
                byte[] junk = new byte[1 + random.nextInt(1400)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    junk[0] = 22; // a handshake record type, to get past the first check
                }
                raw.send(new DatagramPacket(junk, junk.length, server.address()));
                pace(i);
            }
            // UDP may lose some of a burst: whatever arrived was dropped, and nothing else happened
            DtlsServerStats stats = server.awaitQuiet(WAIT);
            assertThat(stats.get(DATAGRAMS_IN)).as(stats.toString()).isPositive();
            assertThat(stats.get(DROPPED_UNKNOWN_PEER) + stats.get(DROPPED_TOO_BIG)).as(stats.toString())
                    .isEqualTo(stats.get(DATAGRAMS_IN));
            assertThat(stats.get(DATAGRAMS_OUT)).isZero();
            assertThat(server.stats().get(HANDSHAKES_STARTED)).isZero();
            assertThat(server.peerTableSize()).isZero();
            try (DtlsClient client = DtlsClient.connect(server.address(), TestConfigs.clientConfig(), "server.test", WAIT)) {
                client.send(new byte[]{1, 2, 3});
                assertThat(client.receive(WAIT)).containsExactly(1, 2, 3);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void aFloodOfClientHellosWithoutCookiesCreatesNoPeerState(NettyTransport transport) throws Exception {
        byte[] hello = clientHello();
        int sockets = 10;
        int perSocket = 50;
        try (ServerFixture server = new ServerFixture(transport, server().build())) {
            List<DatagramSocket> raws = new ArrayList<>();
            try {
                for (int s = 0; s < sockets; s++) {
                    DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                    raws.add(raw);
                    for (int i = 0; i < perSocket; i++) {
                        raw.send(new DatagramPacket(hello, hello.length, server.address()));
                        pace(i);
                    }
                }
                // every ClientHello that arrived got a HelloVerifyRequest, and nothing else happened
                DtlsServerStats stats = server.awaitQuiet(WAIT);
                // UDP on a shared machine loses part of a burst; a fifth arriving still makes it a flood
                assertThat(stats.get(DATAGRAMS_IN)).as(stats.toString()).isGreaterThanOrEqualTo(sockets * perSocket / 5);
                assertThat(stats.get(HELLO_VERIFY_REQUESTS_SENT)).as(stats.toString()).isEqualTo(stats.get(DATAGRAMS_IN));
                assertThat(stats.get(HANDSHAKES_STARTED)).isZero();
                assertThat(stats.get(HANDSHAKES_IN_PROGRESS)).isZero();
                assertThat(server.peerTableSize()).isZero();
                byte[] buffer = new byte[2048];
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                raws.get(0).setSoTimeout(5000);
                raws.get(0).receive(reply);
                assertThat(reply.getLength()).isLessThanOrEqualTo(hello.length); // no amplification
                assertThat(buffer[13]).as("handshake type hello_verify_request").isEqualTo((byte) 3);
            } finally {
                raws.forEach(DatagramSocket::close);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(NettyTransport.class)
    void aPeerThatVanishesMidHandshakeIsTimedOutAndTheHandshakeLimitHolds(NettyTransport transport) throws Exception {
        DtlsServerHandler handler = server().maxHandshakes(1).handshakeTimeout(Duration.ofMillis(800)).build();
        try (ServerFixture server = new ServerFixture(transport, handler);
             DatagramSocket first = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket second = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            startHandshakeAndVanish(first, server.address());
            assertThat(ServerFixture.await(() -> server.stats().get(HANDSHAKES_IN_PROGRESS) == 1, WAIT)).isTrue();
            assertThat(server.peerTableSize()).isEqualTo(1);
            // a second peer with a valid cookie is over the limit of one handshake under way
            startHandshakeAndVanish(second, server.address());
            assertThat(ServerFixture.await(() -> server.stats().get(REFUSED_HANDSHAKE_LIMIT) >= 1, WAIT))
                    .as(server.stats().toString()).isTrue();

            assertThat(ServerFixture.await(() -> server.stats().get(HANDSHAKES_FAILED_TIMEOUT) == 1, WAIT))
                    .as(server.stats().toString()).isTrue();
            assertThat(server.stats().get(HANDSHAKES_IN_PROGRESS)).isZero();
            assertThat(server.peerTableSize()).isZero();
            List<DtlsPeerEvent.Failed> failed = server.events(DtlsPeerEvent.Failed.class);
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).timedOut()).isTrue();
            assertThat(failed.get(0).peer().getPort()).isEqualTo(first.getLocalPort());
        }
    }

    /** A short pause every 5 datagrams, so that a burst does not simply overrun the socket buffers. */
    private static void pace(int i) throws InterruptedException {
        if (i % 5 == 4) {
            Thread.sleep(2);
        }
    }

    /** A first ClientHello (no cookie) as our client engine sends it. */
    private static byte[] clientHello() {
        DtlsEngine engine = DtlsEngine.client(TestConfigs.clientConfig(), "server.test");
        engine.start(0);
        return bytes(engine.pollDatagram());
    }

    /** Sends a ClientHello, answers the HelloVerifyRequest with the cookie, reads the server's flight, and goes silent. */
    private static void startHandshakeAndVanish(DatagramSocket socket, InetSocketAddress server) throws Exception {
        DtlsConfig config = TestConfigs.clientConfig();
        DtlsEngine engine = DtlsEngine.client(config, "server.test");
        long now = System.nanoTime() / 1_000_000L;
        engine.start(now);
        socket.setSoTimeout(5000);
        byte[] hello = bytes(engine.pollDatagram());
        socket.send(new DatagramPacket(hello, hello.length, server));
        byte[] buffer = new byte[4096];
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        socket.receive(in);
        engine.receive(ByteBuffer.wrap(buffer, 0, in.getLength()), now);
        byte[] withCookie = bytes(engine.pollDatagram());
        socket.send(new DatagramPacket(withCookie, withCookie.length, server));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void theLeakDetectorReportsABufferThatWasNotReleased() throws InterruptedException {
        // proves that the check after every test can fail
        leakOne();
        try {
            assertThat(LeakRecorder.leaks()).isNotEmpty();
        } finally {
            LeakRecorder.reset();
        }
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.buffer(16);
        leaked.writeInt(42);
    }
}
