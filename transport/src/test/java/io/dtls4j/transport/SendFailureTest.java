package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event loop whose socket refuses some datagrams: each refusal is counted and reported to the
 * listener with the peer and the size, and the session goes on. Runs one loop on a socket stand-in.
 */
@Timeout(30)
class SendFailureTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final int APPLICATION_DATA = 23;

    private record NotSent(InetSocketAddress peer, int bytes, IOException cause) {
    }

    @Test
    void aDatagramTheSocketRefusesIsCountedAndReportedAndTheSessionGoesOn() throws Exception {
        BlockingQueue<byte[]> wire = new LinkedBlockingQueue<>();
        BlockingQueue<NotSent> notSent = new LinkedBlockingQueue<>();
        // refuses the first application data datagram, as a socket refuses one larger than it allows
        boolean[] refused = {false};
        DatagramSender socket = (datagram, to) -> {
            byte[] b = new byte[datagram.remaining()];
            datagram.get(b);
            if (b[0] == APPLICATION_DATA && !refused[0]) {
                refused[0] = true;
                throw new IOException("Message too long");
            }
            wire.add(b);
        };
        DtlsServerListener listener = new DtlsServerListener() {
            @Override
            public void dataReceived(PeerSession s, byte[] data) {
                s.send(data);
            }

            @Override
            public void datagramNotSent(InetSocketAddress peer, int bytes, IOException cause) {
                notSent.add(new NotSent(peer, bytes, cause));
            }
        };
        DtlsConfig serverConfig = DtlsConfig.builder().certifiedKey(TestCredentials.server(KeyType.EC_P256))
                .cookieExchange(false).build();
        ServerCounters counters = new ServerCounters();
        PeerTable table = new PeerTable(10);
        EventLoop loop = new EventLoop(0, "send-failure-loop", new ServerSettings(10, 10, 30_000, 60_000, 256 * 1024, false),
                serverConfig, new Admission(serverConfig, null, counters), null, table, socket, listener, counters);
        loop.start();
        try {
            DtlsEngine client = DtlsEngine.client(TestConfigs.clientConfig(), null);
            client.start(RawPeer.now());
            long end = RawPeer.now() + 10_000;
            while (client.state() == EngineState.HANDSHAKING && RawPeer.now() < end) {
                exchange(client, loop, wire);
            }
            assertThat(client.state()).isEqualTo(EngineState.CONNECTED);

            byte[] first = "lost on the way out".getBytes(StandardCharsets.UTF_8);
            client.send(ByteBuffer.wrap(first), RawPeer.now());
            push(client, loop);
            NotSent report = notSent.poll(10, TimeUnit.SECONDS);
            assertThat(report).isNotNull();
            assertThat(report.peer()).isEqualTo(CLIENT);
            assertThat(report.bytes()).isGreaterThan(first.length);
            assertThat(report.cause()).hasMessage("Message too long");
            assertThat(counters.sendErrors.sum()).isEqualTo(1);

            byte[] second = "this one gets through".getBytes(StandardCharsets.UTF_8);
            client.send(ByteBuffer.wrap(second), RawPeer.now());
            byte[] echo = null;
            while (echo == null && RawPeer.now() < end) {
                exchange(client, loop, wire);
                DtlsEvent e;
                while ((e = client.pollEvent()) != null) {
                    if (e instanceof DtlsEvent.ApplicationData data) {
                        echo = data.data();
                    }
                }
            }
            assertThat(echo).isEqualTo(second);
            assertThat(counters.sendErrors.sum()).isEqualTo(1);
            assertThat(counters.sessions.get()).isEqualTo(1);
        } finally {
            loop.stop();
            loop.join();
        }
    }

    /** The client's datagrams to the loop (as from an address the gate let through: the loop finds the peer). */
    private static void push(DtlsEngine client, EventLoop loop) {
        ByteBuffer d;
        while ((d = client.pollDatagram()) != null) {
            byte[] b = new byte[d.remaining()];
            d.get(b);
            assertThat(loop.offerInbound(null, CLIENT, b)).isTrue();
        }
    }

    /** The client's datagrams to the loop, then what the loop sent within 100 ms to the client. */
    private static void exchange(DtlsEngine client, EventLoop loop, BlockingQueue<byte[]> wire) throws InterruptedException {
        push(client, loop);
        byte[] answer = wire.poll(100, TimeUnit.MILLISECONDS);
        if (answer != null) {
            client.receive(ByteBuffer.wrap(answer), RawPeer.now());
        }
        if (client.nextDeadline() <= RawPeer.now()) {
            client.handleTimeout(RawPeer.now());
        }
    }
}
