package io.dtls4j.transport;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.RawKeyPair;
import io.dtls4j.credentials.RawPublicKeyVerifier;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.EngineState;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.EOFException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class DtlsServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration HANDSHAKE = Duration.ofSeconds(10);

    private static DtlsServer.Builder server(DtlsServerListener listener) {
        return DtlsServer.builder(TestConfigs.serverConfig())
                .bind(new InetSocketAddress(LOOPBACK, 0))
                .threads(2)
                .listener(listener);
    }

    private static DtlsServer started(DtlsServer.Builder builder) throws Exception {
        DtlsServer s = builder.build();
        s.start();
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theClientAndThePeerSessionExportTheSameKeyingMaterialAndSrtpKeys() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        DtlsConfig serverConfig = DtlsConfig.builder().certifiedKey(TestCredentials.server(KeyType.EC_P256))
                .srtpProfiles(SrtpProfile.SRTP_AEAD_AES_128_GCM, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80).build();
        DtlsConfig clientConfig = DtlsConfig.builder()
                .peerVerifier(TestCredentials.expecting(TestCredentials.server(KeyType.EC_P256).leaf()))
                .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProfile.SRTP_AEAD_AES_128_GCM).build();
        try (DtlsServer server = started(DtlsServer.builder(serverConfig).bind(new InetSocketAddress(LOOPBACK, 0))
                .threads(2).listener(listener));
             DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig, "localhost", HANDSHAKE)) {
            PeerSession peer = RecordingListener.await(listener.established);
            assertThat(client.session().srtpProfile()).isEqualTo(SrtpProfile.SRTP_AEAD_AES_128_GCM);
            assertThat(peer.session().srtpProfile()).isEqualTo(SrtpProfile.SRTP_AEAD_AES_128_GCM);

            // this test thread is not the peer's event loop: the export is safe from any thread
            byte[] context = bytes("context");
            assertThat(peer.exportKeyingMaterial("EXPERIMENTAL dtls4j", context, 48))
                    .isEqualTo(client.exportKeyingMaterial("EXPERIMENTAL dtls4j", context, 48))
                    .isNotEqualTo(client.exportKeyingMaterial("EXPERIMENTAL dtls4j", null, 48));
            SrtpKeys atClient = client.srtpKeys();
            SrtpKeys atServer = peer.srtpKeys();
            assertThat(atServer.clientWriteKey()).isEqualTo(atClient.clientWriteKey()).hasSize(16);
            assertThat(atServer.serverWriteSalt()).isEqualTo(atClient.serverWriteSalt()).hasSize(12);

            client.close();
            assertThat(RecordingListener.await(listener.closed)).isSameAs(peer);
            assertThatThrownBy(() -> peer.exportKeyingMaterial("EXPERIMENTAL dtls4j", null, 16))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void clientHandshakesAndGetsItsDataEchoed() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = started(server(listener));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", HANDSHAKE)) {
            assertThat(client.session().protocolVersion()).isEqualTo("DTLSv1.2");
            assertThat(client.session().peerCertificates()).containsExactly(TestCredentials.server(KeyType.EC_P256).leaf());
            client.send(bytes("hello"));
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("hello"));

            PeerSession peer = RecordingListener.await(listener.established);
            assertThat(peer.remoteAddress()).isEqualTo(client.localAddress());
            assertThat(peer.session().cipherSuite()).isEqualTo(client.session().cipherSuite());
            assertThat(peer.maxSendSize()).isPositive();
            ServerStats stats = server.stats();
            assertThat(stats.sessions()).isEqualTo(1);
            assertThat(stats.handshakesStarted()).isEqualTo(1);
            assertThat(stats.handshakesCompleted()).isEqualTo(1);
            assertThat(stats.helloVerifyRequestsSent()).isGreaterThanOrEqualTo(1);
            assertThat(stats.datagramsIn()).isGreaterThanOrEqualTo(4);
            assertThat(stats.bytesOut()).isGreaterThan(stats.datagramsOut());
        }
    }

    @Test
    void aListenerReadingViewsGetsEachRecordAndCanSendFromABufferOnAnyThread() throws Exception {
        java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.CompletableFuture<PeerSession> established = new java.util.concurrent.CompletableFuture<>();
        DtlsServerListener viewer = new DtlsServerListener() {
            @Override
            public void sessionEstablished(PeerSession s) {
                established.complete(s);
            }

            @Override
            public void dataReceived(PeerSession s, ByteBuffer data) {
                String text = data.isReadOnly() + ":" + StandardCharsets.UTF_8.decode(data.duplicate());
                s.send(data); // on the loop thread: sealed straight from the view, which it consumes
                seen.add(text + ":" + data.remaining());
            }

            @Override
            public void dataReceived(PeerSession s, byte[] data) {
                seen.add("copied");
            }
        };
        try (DtlsServer server = started(server(viewer));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", HANDSHAKE)) {
            for (String text : List.of("one", "two", "three")) {
                client.send(bytes(text));
                assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes(text));
                // the listener notes the view after it sent it back: wait for the note
                assertThat(seen.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("true:" + text + ":0");
            }
            assertThat(seen).as("nothing went through the copying method").isEmpty();

            // from this thread, which is not the loop's: the bytes are copied before the call returns
            PeerSession peer = established.get(10, java.util.concurrent.TimeUnit.SECONDS);
            ByteBuffer reused = ByteBuffer.wrap(bytes("from elsewhere"));
            peer.send(reused);
            assertThat(reused.remaining()).isZero();
            reused.clear();
            reused.put(bytes("overwritten!!!")); // changing the buffer afterwards changes nothing sent
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("from elsewhere"));
            assertThatThrownBy(() -> peer.send(ByteBuffer.allocate(peer.maxSendSize() + 1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSendSize()");
        }
    }

    @Test
    void clientSessionWorksOverIpv6Loopback() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            probe.getLocalPort();
        } catch (java.net.SocketException e) {
            org.junit.jupiter.api.Assumptions.abort("IPv6 loopback is not available here: " + e.getMessage());
        }
        try (DtlsServer server = started(server(new EchoListener()).bind(new InetSocketAddress(v6, 0)));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            assertThat(server.localAddress().getAddress()).isEqualTo(v6);
            client.send(bytes("over v6"));
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("over v6"));
        }
    }

    @Test
    void handshakeRejectedByTheClientVerifierCarriesTheAlertOnBothSides() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        DtlsConfig distrustful = DtlsConfig.builder()
                .peerVerifier(TestCredentials.expecting(TestCredentials.generate(KeyType.EC_P256, "someone else").leaf())).build();
        try (DtlsServer server = started(server(listener))) {
            assertThatThrownBy(() -> DtlsClient.connect(server.localAddress(), distrustful, null, HANDSHAKE))
                    .isInstanceOfSatisfying(DtlsException.class, e -> {
                        assertThat(e).isNotInstanceOf(DtlsTimeoutException.class);
                        assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
                        assertThat(e.alertFromPeer()).isFalse();
                    });
            Map.Entry<InetSocketAddress, DtlsException> failure = RecordingListener.await(listener.failed);
            assertThat(failure.getValue().alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
            assertThat(failure.getValue().alertFromPeer()).isTrue();
            assertThat(server.stats().handshakesFailedPeerAlert()).isEqualTo(1);
            assertThat(server.peerCount()).isZero();
        }
    }

    @Test
    void peerThatStopsMidHandshakeIsExpiredAfterTheHandshakeTimeout() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        try (DtlsServer server = started(server(listener).handshakeTimeout(Duration.ofMillis(300)));
             RawPeer peer = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
            peer.engine.start(RawPeer.now());
            peer.flush();                       // ClientHello without cookie
            assertThat(peer.step(5000)).isTrue(); // HelloVerifyRequest in, ClientHello with cookie out
            assertThat(peer.receiveRaw(5000)).isNotNull(); // the server's flight: the peer goes silent now

            Map.Entry<InetSocketAddress, DtlsException> failure = RecordingListener.await(listener.failed);
            assertThat(failure.getKey()).isEqualTo(peer.localAddress());
            assertThat(failure.getValue()).isInstanceOf(DtlsTimeoutException.class);
            ServerStats stats = server.stats();
            assertThat(stats.handshakesStarted()).isEqualTo(1);
            assertThat(stats.handshakesFailedTimeout()).isEqualTo(1);
            assertThat(stats.handshakesInProgress()).isZero();
            assertThat(server.peerCount()).isZero();
            assertThat(listener.established).isEmpty();
        }
    }

    @Test
    void floodOfCookielessClientHellosFromManyPortsCreatesNoState() throws Exception {
        int sockets = 50;
        int hellosPerSocket = 10;
        try (DtlsServer server = started(server(new RecordingListener(false)))) {
            List<DatagramSocket> senders = new ArrayList<>();
            try {
                int smallestHello = Integer.MAX_VALUE;
                for (int i = 0; i < sockets; i++) {
                    DatagramSocket s = new DatagramSocket(0, LOOPBACK);
                    s.connect(server.localAddress());
                    senders.add(s);
                    for (int j = 0; j < hellosPerSocket; j++) {
                        DtlsEngine client = DtlsEngine.client(TestConfigs.clientConfig(), null);
                        client.start(0);
                        ByteBuffer hello = client.pollDatagram();
                        byte[] b = new byte[hello.remaining()];
                        hello.get(b);
                        smallestHello = Math.min(smallestHello, b.length);
                        s.send(new DatagramPacket(b, b.length));
                    }
                }
                int replies = 0;
                int largestReply = 0;
                for (DatagramSocket s : senders) {
                    s.setSoTimeout(5000);
                    for (int j = 0; j < hellosPerSocket; j++) {
                        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                        s.receive(p);
                        assertThat(p.getData()[0]).as("a handshake record").isEqualTo((byte) 22);
                        assertThat(p.getData()[13]).as("HelloVerifyRequest").isEqualTo((byte) 3);
                        largestReply = Math.max(largestReply, p.getLength());
                        replies++;
                    }
                }
                assertThat(replies).isEqualTo(sockets * hellosPerSocket);
                assertThat(largestReply).as("no amplification").isLessThanOrEqualTo(smallestHello);
            } finally {
                senders.forEach(DatagramSocket::close);
            }
            ServerStats stats = server.stats();
            assertThat(stats.helloVerifyRequestsSent()).isEqualTo(sockets * hellosPerSocket);
            assertThat(stats.handshakesStarted()).isZero();
            assertThat(stats.handshakesInProgress()).isZero();
            assertThat(stats.sessions()).isZero();
            assertThat(server.peerCount()).isZero();
        }
    }

    @Test
    void datagramsThatAreTooBigOrNotClientHellosAreDroppedAndCounted() throws Exception {
        try (DtlsServer server = started(server(new RecordingListener(false)));
             DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            s.connect(server.localAddress());
            byte[] big = new byte[DtlsServer.MAX_DATAGRAM + 1];
            s.send(new DatagramPacket(big, big.length));
            byte[] junk = bytes("not a DTLS record at all");
            s.send(new DatagramPacket(junk, junk.length));
            // the receiver handles datagrams in order: once the answer to a ClientHello is back, both were counted
            DtlsEngine client = DtlsEngine.client(TestConfigs.clientConfig(), null);
            client.start(0);
            ByteBuffer hello = client.pollDatagram();
            s.send(new DatagramPacket(hello.array(), hello.arrayOffset() + hello.position(), hello.remaining()));
            s.setSoTimeout(5000);
            s.receive(new DatagramPacket(new byte[2048], 2048));

            ServerStats stats = server.stats();
            assertThat(stats.droppedTooBig()).isEqualTo(1);
            assertThat(stats.droppedUnknownPeer()).isEqualTo(1);
            assertThat(stats.datagramsIn()).isEqualTo(3);
            assertThat(server.peerCount()).isZero();
        }
    }

    @Test
    void replayedAndForgedRecordsAreDroppedCountedAndDoNotReachTheApplication() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = started(server(listener));
             RawPeer peer = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
            assertThat(peer.handshake(10_000)).isTrue();
            byte[] first = protect(peer, "first");
            byte[] forged = protect(peer, "forged");
            forged[forged.length - 1] ^= 1; // breaks the AEAD tag
            byte[] last = protect(peer, "last");
            for (byte[] d : List.of(first, first, forged, last)) {
                peer.socket.send(new DatagramPacket(d, d.length));
            }
            // one peer's datagrams are handled in order: once "last" is echoed, all four were seen
            List<String> echoed = new ArrayList<>();
            while (echoed.size() < 2) {
                byte[] d = peer.receiveRaw(10_000);
                assertThat(d).as("an echo").isNotNull();
                peer.engine.receive(ByteBuffer.wrap(d), RawPeer.now());
                io.dtls4j.engine.DtlsEvent e;
                while ((e = peer.engine.pollEvent()) != null) {
                    if (e instanceof io.dtls4j.engine.DtlsEvent.ApplicationData a) {
                        echoed.add(new String(a.data(), StandardCharsets.UTF_8));
                    }
                }
            }
            assertThat(echoed).containsExactly("first", "last");
            ServerStats stats = server.stats();
            assertThat(stats.droppedReplay()).isEqualTo(1);
            assertThat(stats.droppedBadMac()).isEqualTo(1);
            assertThat(listener.data).hasSize(2);
        }
    }

    private static byte[] protect(RawPeer peer, String text) {
        peer.engine.send(ByteBuffer.wrap(bytes(text)), RawPeer.now());
        ByteBuffer d = peer.engine.pollDatagram();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }

    @Test
    void newPeersAreRefusedAtMaxSessionsWhileTheExistingSessionKeepsWorking() throws Exception {
        try (DtlsServer server = started(server(new EchoListener()).maxSessions(1));
             DtlsClient first = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            assertThatThrownBy(() -> DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null,
                    Duration.ofMillis(1500))).isInstanceOf(DtlsTimeoutException.class);
            assertThat(server.stats().refusedSessionLimit()).isPositive();
            assertThat(server.peerCount()).isEqualTo(1);
            first.send(bytes("still here"));
            assertThat(first.receive(Duration.ofSeconds(10))).isEqualTo(bytes("still here"));
        }
    }

    @Test
    void newPeersAreRefusedAtMaxHandshakes() throws Exception {
        try (DtlsServer server = started(server(new RecordingListener(false)).maxHandshakes(1));
             RawPeer stalled = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
            stalled.engine.start(RawPeer.now());
            stalled.flush();
            assertThat(stalled.step(5000)).isTrue();       // cookie exchange done: one handshake under way
            assertThat(stalled.receiveRaw(5000)).isNotNull(); // and it stays under way: this peer answers no more
            assertThatThrownBy(() -> DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null,
                    Duration.ofMillis(1500))).isInstanceOf(DtlsTimeoutException.class);
            assertThat(server.stats().refusedHandshakeLimit()).isPositive();
            assertThat(server.stats().handshakesStarted()).isEqualTo(1);
        }
    }

    @Test
    void withEvictionTheLeastRecentlyActiveSessionMakesRoomForANewPeer() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = started(server(listener).threads(1).maxSessions(1).evictIdleWhenFull(true));
             DtlsClient first = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE);
             DtlsClient second = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            assertThatThrownBy(() -> first.receive(Duration.ofSeconds(10))).isInstanceOf(EOFException.class);
            assertThat(RecordingListener.await(listener.closed).remoteAddress()).isEqualTo(first.localAddress());
            second.send(bytes("room for me"));
            assertThat(second.receive(Duration.ofSeconds(10))).isEqualTo(bytes("room for me"));
            assertThat(server.stats().sessionsEvicted()).isEqualTo(1);
            assertThat(server.peerCount()).isEqualTo(1);
        }
    }

    @Test
    void idleSessionIsClosedWithCloseNotifyAfterTheIdleTimeout() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        try (DtlsServer server = started(server(listener).idleTimeout(Duration.ofMillis(300)));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            assertThatThrownBy(() -> client.receive(Duration.ofSeconds(10))).isInstanceOf(EOFException.class);
            assertThat(RecordingListener.await(listener.closed).remoteAddress()).isEqualTo(client.localAddress());
            assertThat(server.stats().sessionsExpiredIdle()).isEqualTo(1);
            assertThat(server.stats().sessionsClosed()).isEqualTo(1);
            assertThat(server.peerCount()).isZero();
        }
    }

    @Test
    void clientCloseSendsCloseNotifyAndTheServerForgetsThePeer() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        try (DtlsServer server = started(server(listener))) {
            DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE);
            InetSocketAddress address = client.localAddress();
            client.close();
            assertThat(RecordingListener.await(listener.closed).remoteAddress()).isEqualTo(address);
            assertThat(server.peerCount()).isZero();
            assertThatThrownBy(() -> client.send(bytes("late"))).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void withOneEventLoopTheLoopReadsTheSocketItselfAndASendFromAnotherThreadWakesIt() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = started(server(listener).threads(1))) {
            // before the first handshake, which starts the key refill thread
            assertThat(serverThreads(server.threadNamePrefix())).as("one loop, no receiver thread").isEqualTo(1);
            DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE);
            client.send(bytes("inline"));
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("inline"));
            // the loop waits in its selector, not on its queue: a send from this thread must wake it
            PeerSession peer = RecordingListener.await(listener.established);
            Thread.sleep(100);
            peer.send(bytes("woken"));
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("woken"));
            client.close();
        }
    }

    /**
     * One loop reads its socket itself; two read a socket each on the port (Linux: SO_REUSEPORT) or,
     * without reusePort, get a receiver thread on top.
     */
    @ParameterizedTest(name = "{0} event loop(s), reusePort {1}")
    @CsvSource({"1, true", "2, true", "2, false"})
    void closeSendsCloseNotifyToEveryPeerFreesThePortAndEndsTheThreads(int loops, boolean reusePort) throws Exception {
        RecordingListener listener = new RecordingListener(false);
        DtlsServer server = started(server(listener).threads(loops).reusePort(reusePort));
        InetSocketAddress address = server.localAddress();
        String prefix = server.threadNamePrefix();
        boolean linux = System.getProperty("os.name").startsWith("Linux");
        boolean loopsRead = loops == 1 || (reusePort && linux);
        assertThat(server.loopsReadSockets()).isEqualTo(loopsRead);
        assertThat(serverThreads(prefix)).isEqualTo(loopsRead ? loops : loops + 1);
        List<DtlsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                clients.add(DtlsClient.connect(address, TestConfigs.clientConfig(), null, HANDSHAKE));
            }
            server.close();
            for (DtlsClient c : clients) {
                assertThatThrownBy(() -> c.receive(Duration.ofSeconds(10))).isInstanceOf(EOFException.class);
            }
        } finally {
            clients.forEach(DtlsClient::close);
            server.close();
        }
        assertThat(listener.closed).hasSize(5);
        assertThat(server.stats().sessions()).isZero();
        assertThat(serverThreads(prefix)).isZero();
        try (DatagramChannel rebound = DatagramChannel.open()) {
            rebound.bind(address);
            assertThat(rebound.getLocalAddress()).isEqualTo(address);
        }
    }

    @Test
    void sendFromAnotherThreadReachesThePeer() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (DtlsServer server = started(server(listener));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            PeerSession peer = RecordingListener.await(listener.established);
            other.submit(() -> peer.send(bytes("from a worker"))).get();
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("from a worker"));
            Future<?> byAddress = other.submit(() -> server.send(client.localAddress(), bytes("by address")));
            byAddress.get();
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("by address"));

            assertThatThrownBy(() -> peer.send(new byte[peer.maxSendSize() + 1])).isInstanceOf(IllegalArgumentException.class);
            server.send(new InetSocketAddress(LOOPBACK, 9), bytes("nobody"));
            assertThat(server.stats().sendsDropped()).isEqualTo(1);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void clientReceiveReturnsNullOnTimeoutAndTryReceiveDoesNotWait() throws Exception {
        try (DtlsServer server = started(server(new EchoListener()));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            assertThat(client.receive(Duration.ofMillis(200))).isNull();
            assertThat(client.tryReceive()).isNull();
            client.send(bytes("ping"));
            byte[] echoed = null;
            for (int i = 0; i < 100 && echoed == null; i++) {
                echoed = client.receive(Duration.ofMillis(100));
            }
            assertThat(echoed).isEqualTo(bytes("ping"));
            assertThatThrownBy(() -> client.send(new byte[client.maxSendSize() + 1])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void connectingWhereNothingListensFailsAtOnceOnPortUnreachable() throws Exception {
        InetSocketAddress closed;
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            closed = (InetSocketAddress) s.getLocalSocketAddress();
        } // freshly closed: the kernel answers datagrams to it with ICMP port unreachable
        long start = System.nanoTime();
        assertThatThrownBy(() -> DtlsClient.connect(closed, TestConfigs.clientConfig(), null, Duration.ofSeconds(30)))
                .isInstanceOf(PortUnreachableException.class)
                .hasMessageContaining("nothing listens at " + closed);
        // at the first retransmission (one second) that meets ICMP again, not after the 30 s timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServerThatBindsJustAfterItsClientStartedIsStillReached() throws Exception {
        InetSocketAddress address;
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            address = (InetSocketAddress) s.getLocalSocketAddress();
        }
        // a script that starts both: the ClientHello meets ICMP port unreachable, its retransmission the server
        RecordingListener listener = new RecordingListener(true);
        DtlsServer server = DtlsServer.builder(TestConfigs.serverConfig()).bind(address).threads(1).listener(listener).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (server) {
            Future<?> starting = pool.submit(() -> {
                Thread.sleep(300);
                server.start();
                return null;
            });
            try (DtlsClient client = DtlsClient.connect(address, TestConfigs.clientConfig(), null, HANDSHAKE)) {
                starting.get();
                client.send(bytes("late server"));
                assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("late server"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void connectingToASocketThatNeverAnswersFailsWithTheTimeoutException() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, LOOPBACK)) {
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            assertThatThrownBy(() -> DtlsClient.connect(address, TestConfigs.clientConfig(), null, Duration.ofMillis(800)))
                    .isInstanceOf(DtlsTimeoutException.class)
                    .satisfies(e -> assertThat(((DtlsException) e).alert()).isNull());
        }
    }

    @Test
    void clientThatStartsOverOnTheSameAddressGetsANewSession() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = started(server(listener))) {
            InetSocketAddress local;
            try (RawPeer first = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
                assertThat(first.handshake(10_000)).isTrue();
                local = first.localAddress();
            } // gone without close_notify: the server still holds its session
            RecordingListener.await(listener.established);
            try (RawPeer again = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), local)) {
                assertThat(again.handshake(10_000)).isTrue();
                assertThat(again.engine.state()).isEqualTo(EngineState.CONNECTED);
            }
            assertThat(RecordingListener.await(listener.closed).remoteAddress()).isEqualTo(local);
            assertThat(RecordingListener.await(listener.established).remoteAddress()).isEqualTo(local);
            assertThat(server.stats().handshakesCompleted()).isEqualTo(2);
            assertThat(server.peerCount()).isEqualTo(1);
        }
    }

    @Test
    void listenerExceptionsAreCountedAndTheSessionGoesOn() throws Exception {
        DtlsServerListener throwing = new DtlsServerListener() {
            @Override
            public void dataReceived(PeerSession s, byte[] data) {
                s.send(data);
                throw new IllegalStateException("application bug");
            }
        };
        try (DtlsServer server = started(server(throwing));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            client.send(bytes("one"));
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("one"));
            client.send(bytes("two"));
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(bytes("two"));
            server.close(); // joins the loops: every listener call has returned
            assertThat(server.stats().listenerErrors()).isEqualTo(2);
        }
    }

    @Test
    void aServerWithOnlyARawPublicKeyAuthenticatesClientsByTheirRawKeys() throws Exception {
        RawKeyPair serverKey = rawKey(TestCredentials.generate(KeyType.EC_P256, "raw server"));
        RawKeyPair clientKey = rawKey(TestCredentials.generate(KeyType.EC_P256, "raw client"));
        DtlsConfig serverConfig = DtlsConfig.builder().rawKeyPair(serverKey).clientAuth(ClientAuth.REQUIRED)
                .rawPublicKeyVerifier(RawPublicKeyVerifier.trusting(List.of(clientKey.publicKey()))).build();
        DtlsConfig clientConfig = DtlsConfig.builder().rawKeyPair(clientKey)
                .rawPublicKeyVerifier(RawPublicKeyVerifier.trusting(List.of(serverKey.publicKey()))).build();
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = started(DtlsServer.builder(serverConfig).bind(new InetSocketAddress(LOOPBACK, 0)).listener(listener));
             DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig, null, HANDSHAKE)) {
            assertThat(client.session().peerUsedRawPublicKey()).isTrue();
            assertThat(client.session().peerPublicKey()).isEqualTo(serverKey.publicKey());
            PeerSession peer = RecordingListener.await(listener.established);
            assertThat(peer.session().peerUsedRawPublicKey()).isTrue();
            assertThat(peer.session().peerPublicKey().getEncoded()).isEqualTo(clientKey.publicKey().getEncoded());
        }
    }

    private static RawKeyPair rawKey(io.dtls4j.credentials.CertifiedKey key) {
        return new RawKeyPair(key.leaf().getPublicKey(), key.privateKey());
    }

    @Test
    void builderRejectsUnsafeSettings() {
        DtlsServer.Builder b = DtlsServer.builder(TestConfigs.serverConfig());
        assertThatThrownBy(() -> b.threads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxSessions(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxHandshakes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.idleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.handshakeTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxBufferedBytesPerPeer(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsServer.builder(TestConfigs.clientConfig()).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsServer.builder(DtlsConfig.builder().certifiedKey(TestCredentials.server(KeyType.EC_P256))
                .clientAuth(ClientAuth.OPTIONAL).build()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a peer verifier");
        DtlsServer notStarted = b.build();
        assertThatThrownBy(notStarted::localAddress).isInstanceOf(IllegalStateException.class);
        notStarted.close();
        assertThatThrownBy(notStarted::start).isInstanceOf(IllegalStateException.class);
    }

    static int serverThreads(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix) && t.isAlive()) {
                n++;
            }
        }
        return n;
    }
}
