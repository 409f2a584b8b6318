package io.dtls4j.transport;

import io.dtls4j.engine.CookieGate;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DtlsClient} on a socket the application owns and shares with STUN and RTP (RFC 7983 §7),
 * in the DTLS client role ({@code connect}) and the DTLS server role ({@code accept}).
 */
class SharedSocketClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int WAIT_MILLIS = (int) WAIT.toMillis();

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<DatagramChannel> channels = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        pool.shutdownNow();
        for (DatagramChannel c : channels) {
            c.close();
        }
    }

    @Test
    void stunAndRtpBeforeBetweenFlightsAndAfterTheHandshakeReachTheClientsHandlerInOrder() throws Exception {
        DatagramChannel channel = boundChannel();
        List<String> handled = new CopyOnWriteArrayList<>();
        try (DatagramSocket serverSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress clientAddress = (InetSocketAddress) channel.getLocalAddress();
            ScriptedServer script = new ScriptedServer(serverSocket, clientAddress);
            Future<Void> server = pool.submit(script::run);
            // a DTLS-looking datagram from an address that is not the peer's: not the session's
            byte[] alien = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            stranger.send(new DatagramPacket(alien, alien.length, clientAddress));

            try (DtlsClient client = DtlsClient.builder(TestConfigs.clientConfig())
                    .channel(channel, false)
                    .nonDtlsHandler(answeringHandler(handled))
                    .handshakeTimeout(WAIT)
                    .connect((InetSocketAddress) serverSocket.getLocalSocketAddress())) {
                client.send("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.receive(WAIT)).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
                assertThat(client.receive(WAIT)).asString(StandardCharsets.US_ASCII).isEqualTo("bye");
                server.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);

                assertThat(script.flightsInterleaved).isGreaterThanOrEqualTo(2);
                assertThat(handled).isEqualTo(script.sent);
                assertThat(client.nonDtlsDatagrams()).isEqualTo(script.sent.size());
                assertThat(client.droppedDatagrams()).as("the stranger's and the 4..15 datagram").isEqualTo(2);
                // the handler answered every binding request through its sender, on the same socket
                List<String> expectedAnswers = new ArrayList<>();
                for (String s : script.sent) {
                    if (s.startsWith("STUN-req#")) {
                        expectedAnswers.add(s.replace("req", "ok"));
                    }
                }
                script.awaitAnswers(expectedAnswers.size());
                assertThat(script.answers).isEqualTo(expectedAnswers);
            }
        }
        assertThat(channel.isOpen()).as("the application's channel outlives the client").isTrue();
    }

    @Test
    void acceptRunsTheServerRoleWithoutACookieExchange() throws Exception {
        DatagramChannel channel = boundChannel();
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        try (RawPeer peer = new RawPeer(local, TestConfigs.clientConfig(), null)) {
            Future<DtlsClient> accepted = pool.submit(() -> DtlsClient.builder(TestConfigs.serverConfig())
                    .channel(channel, false).handshakeTimeout(WAIT).accept(peer.localAddress()));
            peer.engine.start(RawPeer.now());
            peer.flush();
            byte[] first = peer.receiveRaw(WAIT_MILLIS);
            assertThat(first).isNotNull();
            assertThat(first[0]).as("a handshake record").isEqualTo((byte) 22);
            assertThat(first[13]).as("ServerHello, no HelloVerifyRequest").isEqualTo((byte) 2);
            peer.engine.receive(ByteBuffer.wrap(first), RawPeer.now());
            peer.flush();
            assertThat(peer.handshake(WAIT_MILLIS)).isTrue();
            try (DtlsClient server = accepted.get(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                assertThat(server.session()).isNotNull();
                server.send("hello".getBytes(StandardCharsets.US_ASCII));
                assertThat(peer.step(WAIT_MILLIS)).isTrue();
                assertThat(peer.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(DtlsEvent.ApplicationData.class,
                        d -> assertThat(d.data()).asString(StandardCharsets.US_ASCII).isEqualTo("hello")));
            }
        }
    }

    @Test
    void connectAndAcceptOnSharedSocketsAgreeOnTheSrtpExporterAndSeeEachOthersStun() throws Exception {
        DatagramChannel a = boundChannel();
        DatagramChannel b = boundChannel();
        InetSocketAddress aAddress = (InetSocketAddress) a.getLocalAddress();
        InetSocketAddress bAddress = (InetSocketAddress) b.getLocalAddress();
        List<String> aSaw = new CopyOnWriteArrayList<>();
        List<String> bSaw = new CopyOnWriteArrayList<>();
        // ICE connectivity checks first, as WebRTC does before DTLS
        a.send(ByteBuffer.wrap(StunRtpPackets.stun(StunRtpPackets.BINDING_REQUEST, 1)), bAddress);
        b.send(ByteBuffer.wrap(StunRtpPackets.stun(StunRtpPackets.BINDING_REQUEST, 2)), aAddress);

        Future<DtlsClient> accepted = pool.submit(() -> DtlsClient.builder(TestConfigs.serverConfig())
                .channel(a, false).nonDtlsHandler(answeringHandler(aSaw)).handshakeTimeout(WAIT).accept(bAddress));
        try (DtlsClient active = DtlsClient.builder(TestConfigs.clientConfig())
                .channel(b, false).nonDtlsHandler(answeringHandler(bSaw)).handshakeTimeout(WAIT).connect(aAddress);
             DtlsClient passive = accepted.get(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            byte[] activeKeys = active.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 60);
            assertThat(passive.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 60)).isEqualTo(activeKeys);
            active.send(new byte[] {1, 2, 3});
            assertThat(passive.receive(WAIT)).containsExactly(1, 2, 3);
            passive.send(new byte[] {4, 5});
            assertThat(active.receive(WAIT)).containsExactly(4, 5);
            assertThat(aSaw).containsExactly("STUN-req#2", "STUN-ok#1");
            assertThat(bSaw).containsExactly("STUN-req#1", "STUN-ok#2");

            // each side names the other by its role when it closes
            active.close();
            assertThatThrownBy(() -> passive.receive(WAIT)).isInstanceOf(java.io.EOFException.class)
                    .hasMessage("client " + bAddress + " closed the session (close_notify)");
        }
    }

    @Test
    void acceptNeedsTheApplicationsChannel() {
        assertThatThrownBy(() -> DtlsClient.builder(TestConfigs.serverConfig())
                .accept(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("channel");
    }

    private DatagramChannel boundChannel() throws IOException {
        DatagramChannel c = DatagramChannel.open();
        channels.add(c);
        c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return c;
    }

    /** Records labels, and answers binding requests on the same socket, as an ICE agent does. */
    private static NonDtlsHandler answeringHandler(List<String> saw) {
        return (from, datagram, socket) -> {
            saw.add(StunRtpPackets.label(datagram));
            ByteBuffer answer = StunRtpPackets.answer(datagram);
            if (answer != null) {
                try {
                    socket.sendRaw(from, answer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * A server engine driven by hand over a plain socket, with a cookie exchange, that sends STUN
     * and RTP to the client before its first flight, behind each of its flights and after the
     * handshake, then echoes one record and says "bye".
     */
    private static final class ScriptedServer {
        final DatagramSocket socket;
        final InetSocketAddress client;
        final DtlsEngine engine;
        final List<String> sent = new ArrayList<>();
        final List<String> answers = new CopyOnWriteArrayList<>();
        volatile int flightsInterleaved;
        private int next;

        ScriptedServer(DatagramSocket socket, InetSocketAddress client) {
            this.socket = socket;
            this.client = client;
            this.engine = DtlsEngine.server(TestConfigs.serverConfig(), CookieGate.addressBytes(client));
        }

        Void run() throws IOException {
            mix(); // before anything
            raw(new byte[] {9, 9, 9, 9}); // first byte 4..15: no protocol's, dropped by the client
            long end = RawPeer.now() + WAIT_MILLIS;
            while (RawPeer.now() < end) {
                byte[] d = receive();
                if (d == null) {
                    continue;
                }
                engine.receive(ByteBuffer.wrap(d), RawPeer.now());
                boolean flight = flush();
                DtlsEvent e;
                while ((e = engine.pollEvent()) != null) {
                    if (e instanceof DtlsEvent.ApplicationData data) {
                        engine.send(ByteBuffer.wrap(data.data()), RawPeer.now());
                        flush();
                        mix(); // after the handshake, between records
                        engine.send(ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII)), RawPeer.now());
                        flush();
                        return null;
                    }
                }
                if (flight && engine.state() != EngineState.FAILED) {
                    mix(); // behind one of our flights, before the client's next
                    flightsInterleaved++;
                }
            }
            throw new AssertionError("no application data from the client within " + WAIT_MILLIS + " ms");
        }

        void awaitAnswers(int count) throws IOException {
            long end = RawPeer.now() + WAIT_MILLIS;
            while (answers.size() < count && RawPeer.now() < end) {
                receive();
            }
        }

        private void mix() throws IOException {
            int n = ++next;
            raw(StunRtpPackets.stun(StunRtpPackets.BINDING_REQUEST, n));
            raw(StunRtpPackets.rtp(n));
            sent.add("STUN-req#" + n);
            sent.add("RTP#" + n);
        }

        private void raw(byte[] b) throws IOException {
            socket.send(new DatagramPacket(b, b.length, client));
        }

        /** True when the engine had something to send. */
        private boolean flush() throws IOException {
            boolean any = false;
            ByteBuffer d;
            while ((d = engine.pollDatagram()) != null) {
                byte[] b = new byte[d.remaining()];
                d.get(b);
                raw(b);
                any = true;
            }
            return any;
        }

        /** The next DTLS datagram, or null (a STUN answer, or nothing within 200 ms: timers run). */
        private byte[] receive() throws IOException {
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.setSoTimeout(200);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                if (engine.nextDeadline() <= RawPeer.now()) {
                    engine.handleTimeout(RawPeer.now());
                    flush();
                }
                return null;
            }
            byte[] d = java.util.Arrays.copyOf(buf, p.getLength());
            if ((d[0] & 0xFF) < 20 || (d[0] & 0xFF) > 63) {
                answers.add(StunRtpPackets.label(ByteBuffer.wrap(d)));
                return null;
            }
            return d;
        }
    }
}
