package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client keeps 64 records of 1200 bytes in flight to an echo server over loopback until 2000
 * came back: none may be lost. Counts only, no timings. When one is lost the window stalls, and the
 * failure message shows where it went from the server's counters: never received (the kernel's
 * socket buffer), dropped on a full queue or peer buffer, dropped by the engine, or refused by the socket.
 */
@Timeout(120)
class LoopbackLoadTest {
    private static final int WINDOW = 64;
    private static final int ECHOES = 2000;
    private static final int PAYLOAD = 1200;
    /** Room for a 1200-byte payload in one record. */
    private static final int MTU = 1400;

    /** The counters once they stopped moving (at most 2 s). */
    private static ServerStats settled(DtlsServer server) throws InterruptedException {
        ServerStats last = server.stats();
        for (int i = 0; i < 100; i++) {
            Thread.sleep(20);
            ServerStats now = server.stats();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** 1: the one event loop reads the socket itself; 2: a receiver thread hands datagrams to two loops. */
    @ParameterizedTest(name = "{0} event loop(s)")
    @ValueSource(ints = {1, 2})
    void sixtyFourInFlightTwoThousandEchoesOfTwelveHundredBytesNoneLost(int loops) throws Exception {
        DtlsConfig serverConfig = DtlsConfig.builder().certifiedKey(TestCredentials.server(KeyType.EC_P256)).mtu(MTU).build();
        DtlsConfig clientConfig = DtlsConfig.builder()
                .peerVerifier(TestCredentials.expecting(TestCredentials.server(KeyType.EC_P256).leaf())).mtu(MTU).build();
        try (DtlsServer server = LoopbackServers.started(serverConfig, loops, new EchoListener());
             DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig, null, Duration.ofSeconds(10))) {
            ServerStats before = settled(server); // the server counts its Finished just after sending it
            int sent = 0;
            int received = 0;
            byte[] payload = new byte[PAYLOAD];
            while (received < ECHOES) {
                while (sent < ECHOES && sent - received < WINDOW) {
                    ByteBuffer.wrap(payload).putInt(0, sent);
                    client.send(payload);
                    sent++;
                }
                byte[] echo = client.receive(Duration.ofSeconds(5));
                if (echo == null) {
                    break; // a lost record stalls the window: report where it went
                }
                assertThat(echo).hasSize(PAYLOAD);
                received++;
            }
            ServerStats after = settled(server);
            long in = after.datagramsIn() - before.datagramsIn();
            long out = after.datagramsOut() - before.datagramsOut();
            String where = "client sent " + sent + ", got back " + received + "; server received " + in
                    + " datagrams, sent " + out + "; dropped: overload " + after.droppedOverload()
                    + ", bad MAC " + after.droppedBadMac() + ", replay " + after.droppedReplay()
                    + ", malformed " + after.droppedMalformed() + ", too big " + after.droppedTooBig()
                    + "; sends dropped " + after.sendsDropped() + ", send errors " + after.sendErrors()
                    + "; socket buffers granted: receive " + server.receiveBufferSize() + ", send " + server.sendBufferSize();
            System.out.println("LoopbackLoadTest: " + where);
            assertThat(received).as(where).isEqualTo(ECHOES);
            assertThat(in).as(where).isEqualTo(ECHOES);
            assertThat(out).as(where).isEqualTo(ECHOES);
            assertThat(after.droppedOverload() + after.droppedMalformed() + after.droppedReplay() + after.droppedBadMac())
                    .as(where).isZero();
            assertThat(after.sendErrors() + after.sendsDropped()).as(where).isZero();
        }
    }
}
