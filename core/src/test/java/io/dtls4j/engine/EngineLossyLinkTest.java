package io.dtls4j.engine;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Conditions;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handshakes and data over a bad link: 30 % loss, 10 % duplication and reordering, both ways.
 * DTLS does not retransmit application data, so the test application resends what did not arrive;
 * each copy is tagged so that a copy delivered twice (a duplicated datagram the replay window
 * failed to drop) is caught.
 */
class EngineLossyLinkTest {
    /** 200 per build; a longer run: {@code -Ddtls4j.lossy.seeds=5000}. */
    private static final int SEEDS = Integer.getInteger("dtls4j.lossy.seeds", 200);
    private static final int MESSAGES = 8;
    private static final int MAX_ROUNDS = 30;
    private static final Conditions BAD = new Conditions(0.30, 0.10, 20, 300);

    @Test
    void twoHundredSeedsCompleteTheHandshakeAndDeliverDataAtThirtyPercentLoss() {
        CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
        long totalReplaysDropped = 0;
        long totalLost = 0;
        long totalDuplicated = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            // At 30 % loss a flight and its answer both arrive only about half the time, so the default
            // 6 retransmissions time out on some seeds (seed 8 loses 12 of its 20 datagrams): allow more.
            DtlsConfig clientConfig = TestConfigs.client(seed, serverKey).retransmitMillis(500, 4000).maxRetransmissions(20).build();
            DtlsConfig serverConfig = TestConfigs.server(seed, serverKey).retransmitMillis(500, 4000).maxRetransmissions(20).build();
            SimulatedLink link = SimulatedLink.builder().seed(seed).conditions(BAD)
                    .connect(DtlsEngine.client(clientConfig, "server.test"), DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS));

            link.handshake();
            assertThat(link.bothConnected()).as("handshake, " + link.describe()).isTrue();
            assertThat(link.client().session().cipherSuite()).isEqualTo(link.server().session().cipherSuite());

            deliverWithRetries(link, Side.CLIENT, seed);
            deliverWithRetries(link, Side.SERVER, seed);

            totalReplaysDropped += link.client().stats().droppedReplay() + link.server().stats().droppedReplay();
            totalLost += link.lost();
            totalDuplicated += link.duplicated();
            assertThat(link.oversizeDropped()).isZero();
        }
        // the link really was bad, and duplicates really reached the replay window
        assertThat(totalLost).isGreaterThan(SEEDS * 3L);
        assertThat(totalDuplicated).isGreaterThan(SEEDS / 2L);
        assertThat(totalReplaysDropped).isPositive();
    }

    /** Sends MESSAGES tagged messages from {@code from}, resending those not yet seen by the peer. */
    private static void deliverWithRetries(SimulatedLink link, Side from, long seed) {
        Side to = from.peer();
        int before = link.received(to).size();
        boolean[] arrived = new boolean[MESSAGES];
        int attempt = 0;
        for (int round = 0; round < MAX_ROUNDS && !allTrue(arrived); round++) {
            for (int id = 0; id < MESSAGES; id++) {
                if (!arrived[id]) {
                    link.send(from, message(seed, id, attempt++));
                }
            }
            link.runUntilQuiet();
            List<byte[]> received = link.received(to).subList(before, link.received(to).size());
            Set<Integer> copies = new HashSet<>();
            for (byte[] r : received) {
                ByteBuffer b = ByteBuffer.wrap(r);
                int id = b.getInt();
                int copy = b.getInt();
                assertThat(id).as("message id").isBetween(0, MESSAGES - 1);
                assertThat(r).as("message %d copy %d arrives intact", id, copy).isEqualTo(message(seed, id, copy));
                assertThat(copies.add(copy)).as("copy %d of message %d delivered once (seed %d)", copy, id, seed).isTrue();
                arrived[id] = true;
            }
        }
        assertThat(arrived).as("every message arrived after retries, " + link.describe()).containsOnly(true);
    }

    /** Message {@code id}, copy {@code copy}: the id and copy number, then bytes that depend on the id. */
    private static byte[] message(long seed, int id, int copy) {
        Random random = new Random(seed * 1000 + id);
        byte[] body = new byte[100 + random.nextInt(900)];
        random.nextBytes(body);
        return ByteBuffer.allocate(8 + body.length).putInt(id).putInt(copy).put(body).array();
    }

    private static boolean allTrue(boolean[] values) {
        for (boolean v : values) {
            if (!v) {
                return false;
            }
        }
        return true;
    }
}
