package io.dtls4j.transport;

import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link DtlsServer} on a socket the application owns and shares with STUN and RTP (RFC 7983 §7):
 * the other protocols' datagrams reach the application's handler in order, before, between the
 * flights of and after a handshake, and change nothing for DTLS.
 */
class SharedSocketServerTest {
    private static final long WAIT_MILLIS = 10_000;

    private DatagramChannel channel;
    private DtlsServer server;
    private final RecordingListener listener = new RecordingListener(true);
    /** What the non-DTLS handler saw, in order, as labels. */
    private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    private final Set<InetSocketAddress> verified = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws Exception {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = DtlsServer.builder(TestConfigs.serverConfig())
                .channel(channel, false)
                .threads(1)
                .listener(listener)
                .verifiedAddresses(verified::contains)
                .nonDtlsHandler((from, datagram, socket) -> {
                    handled.add(StunRtpPackets.label(datagram));
                    ByteBuffer answer = StunRtpPackets.answer(datagram);
                    if (answer != null) {
                        try {
                            socket.sendRaw(from, answer); // as an ICE agent answers a connectivity check
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                })
                .build();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        channel.close();
    }

    @Test
    void stunAndRtpBeforeBetweenFlightsAndAfterTheHandshakeReachTheHandlerInOrder() throws Exception {
        List<String> sent = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        int[] next = {0};
        try (RawPeer client = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
            Runnable mix = () -> {
                int n = ++next[0];
                sendRaw(client, StunRtpPackets.stun(StunRtpPackets.BINDING_REQUEST, n), sent);
                sendRaw(client, StunRtpPackets.rtp(n), sent);
            };
            mix.run(); // before the ClientHello
            client.engine.start(RawPeer.now());
            client.flush();
            sendRaw(client, new byte[] {5, 1, 2, 3}, null); // first byte 4..15: no protocol's, dropped
            int flightsInterleaved = 0;
            long end = RawPeer.now() + WAIT_MILLIS;
            while (client.engine.state() == EngineState.HANDSHAKING && RawPeer.now() < end) {
                byte[] d = receiveDtls(client, answers, 200);
                if (d == null) {
                    continue;
                }
                client.engine.receive(ByteBuffer.wrap(d), RawPeer.now());
                if (!client.flush().isEmpty() && client.engine.state() == EngineState.HANDSHAKING) {
                    mix.run(); // right behind one of our flights, before the server's next
                    flightsInterleaved++;
                }
            }
            assertThat(client.engine.state()).isEqualTo(EngineState.CONNECTED);
            // the cookie exchange and the key exchange flights each got STUN and RTP behind them
            assertThat(flightsInterleaved).isGreaterThanOrEqualTo(2);

            client.engine.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)), RawPeer.now());
            client.flush();
            mix.run(); // after
            assertThat(new String(awaitApplicationData(client, answers), StandardCharsets.US_ASCII)).isEqualTo("ping");

            List<String> got = new ArrayList<>();
            while (got.size() < sent.size()) {
                String label = handled.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                assertThat(label).as("handler saw only " + got + " of " + sent).isNotNull();
                got.add(label);
            }
            // each datagram takes one path: all of them reaching the handler means none reached the DTLS side
            // (whose drop counters a retransmission on a loaded machine may move, so they are not asserted)
            assertThat(got).isEqualTo(sent);
            // every binding request was answered on the same socket, through the handler's sender
            long end2 = RawPeer.now() + WAIT_MILLIS;
            while (answers.size() < next[0] && RawPeer.now() < end2) {
                byte[] d = client.receiveRaw(200);
                if (d != null) {
                    answers.add(StunRtpPackets.label(ByteBuffer.wrap(d)));
                }
            }
            List<String> expectedAnswers = new ArrayList<>();
            for (int i = 1; i <= next[0]; i++) {
                expectedAnswers.add("STUN-ok#" + i);
            }
            assertThat(answers).isEqualTo(expectedAnswers);
        }
        ServerStats stats = server.stats();
        assertThat(stats.nonDtlsDatagrams()).isEqualTo(sent.size());
        assertThat(stats.nonDtlsDropped()).isEqualTo(1);
        assertThat(stats.handshakesCompleted()).isEqualTo(1);
        assertThat(stats.helloVerifyRequestsSent()).as("the address was not declared verified").isPositive();
        assertThat(stats.listenerErrors()).isZero();
        assertThat(listener.failed).isEmpty();
    }

    @Test
    void aVerifiedAddressSkipsTheCookieExchangeAndAnotherDoesNot() throws Exception {
        try (RawPeer trusted = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null);
             RawPeer stranger = new RawPeer(server.localAddress(), TestConfigs.clientConfig(), null)) {
            verified.add(trusted.localAddress());

            trusted.engine.start(RawPeer.now());
            trusted.flush();
            byte[] first = trusted.receiveRaw((int) WAIT_MILLIS);
            assertThat(handshakeType(first)).as("ServerHello straight away").isEqualTo(2);
            trusted.engine.receive(ByteBuffer.wrap(first), RawPeer.now());
            trusted.flush();
            assertThat(trusted.handshake(WAIT_MILLIS)).isTrue();

            stranger.engine.start(RawPeer.now());
            stranger.flush();
            assertThat(handshakeType(stranger.receiveRaw((int) WAIT_MILLIS))).as("HelloVerifyRequest").isEqualTo(3);
        }
        assertThat(RecordingListener.await(listener.established).session()).isNotNull();
        assertThat(server.stats().helloVerifyRequestsSent()).isEqualTo(1);
        assertThat(server.stats().handshakesCompleted()).isEqualTo(1);
    }

    @Test
    void closingTheServerLeavesTheApplicationsChannelOpenAndUsable() throws Exception {
        InetSocketAddress address = server.localAddress();
        assertThat(address).isEqualTo(channel.getLocalAddress());
        server.close();
        assertThat(channel.isOpen()).isTrue();
        channel.configureBlocking(true); // possible only once the server's selector let it go
        try (java.net.DatagramSocket other = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] stun = StunRtpPackets.stun(StunRtpPackets.BINDING_REQUEST, 9);
            other.send(new DatagramPacket(stun, stun.length, address));
            ByteBuffer in = ByteBuffer.allocate(100);
            channel.receive(in);
            assertThat(StunRtpPackets.label(in.flip())).isEqualTo("STUN-req#9");
        }
    }

    @Test
    void aChannelTheServerMayCloseIsClosedWithIt() throws Exception {
        try (DatagramChannel own = DatagramChannel.open()) {
            own.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            DtlsServer s = DtlsServer.builder(TestConfigs.serverConfig()).channel(own, true).threads(1).build();
            s.start();
            s.close();
            assertThat(own.isOpen()).isFalse();
        }
    }

    private static int handshakeType(byte[] datagram) {
        assertThat(datagram).isNotNull();
        assertThat(datagram[0]).as("a handshake record").isEqualTo((byte) 22);
        return datagram[13] & 0xFF; // after the 13-byte record header
    }

    private static void sendRaw(RawPeer client, byte[] datagram, List<String> sent) {
        try {
            client.socket.send(new DatagramPacket(datagram, datagram.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sent != null) {
            sent.add(StunRtpPackets.label(ByteBuffer.wrap(datagram)));
        }
    }

    /** The next DTLS datagram (STUN answers on the way are noted), or null after the timeout; runs the client's timers. */
    private static byte[] receiveDtls(RawPeer client, List<String> answers, int timeoutMillis) throws IOException {
        long end = RawPeer.now() + timeoutMillis;
        while (RawPeer.now() < end) {
            byte[] d = client.receiveRaw((int) Math.max(1, Math.min(200, end - RawPeer.now())));
            if (d == null) {
                if (client.engine.nextDeadline() <= RawPeer.now()) {
                    client.engine.handleTimeout(RawPeer.now());
                    client.flush();
                }
                continue;
            }
            if ((d[0] & 0xFF) >= 20 && (d[0] & 0xFF) <= 63) {
                return d;
            }
            answers.add(StunRtpPackets.label(ByteBuffer.wrap(d)));
        }
        return null;
    }

    private static byte[] awaitApplicationData(RawPeer client, List<String> answers) throws IOException {
        long end = RawPeer.now() + WAIT_MILLIS;
        while (RawPeer.now() < end) {
            for (DtlsEvent e : client.events) {
                if (e instanceof DtlsEvent.ApplicationData data) {
                    return data.data();
                }
            }
            byte[] d = receiveDtls(client, answers, 200);
            if (d != null) {
                client.engine.receive(ByteBuffer.wrap(d), RawPeer.now());
                client.flush();
            }
        }
        throw new AssertionError("no application data within " + WAIT_MILLIS + " ms");
    }

}
