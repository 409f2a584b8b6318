package io.dtls4j.engine;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Conditions;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retransmission timing in virtual time (RFC 6347 §4.2.4.1): the timer starts at the initial value,
 * doubles on each retransmission up to the maximum, and the handshake fails as timed out after the
 * configured number of retransmissions.
 */
class EngineRetransmissionTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    /** Expected send times, relative to the first send: gaps initial, 2·initial, 4·initial … capped at max. */
    private static List<Long> expectedSendOffsets(long initial, long max, int retransmissions) {
        List<Long> offsets = new ArrayList<>();
        long at = 0;
        long gap = initial;
        offsets.add(at);
        for (int i = 0; i < retransmissions; i++) {
            at += gap;
            offsets.add(at);
            gap = Math.min(gap * 2, max);
        }
        return offsets;
    }

    /** When the timer that follows the last retransmission runs out, relative to the first send. */
    private static long expectedFailureOffset(long initial, long max, int retransmissions) {
        List<Long> sends = expectedSendOffsets(initial, max, retransmissions);
        long gap = initial;
        for (int i = 0; i < retransmissions; i++) {
            gap = Math.min(gap * 2, max);
        }
        return sends.get(sends.size() - 1) + gap;
    }

    @Test
    void clientHelloIsResentAtDoublingIntervalsThenTheHandshakeTimesOutWithDefaults() {
        DtlsConfig clientConfig = TestConfigs.client(1, serverKey).build();
        SimulatedLink link = blackHoledServer(clientConfig, 1);

        link.handshake();

        assertClientHelloTiming(link, clientConfig);
        // the defaults: 1 s doubling, capped at 60 s, 6 retransmissions
        assertThat(offsets(link.sent(Side.CLIENT))).containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L, 31_000L, 63_000L);
    }

    @Test
    void theTimerStopsDoublingAtTheConfiguredMaximum() {
        DtlsConfig clientConfig = TestConfigs.client(2, serverKey).retransmitMillis(1000, 5000).maxRetransmissions(8).build();
        SimulatedLink link = blackHoledServer(clientConfig, 2);

        link.handshake();

        assertClientHelloTiming(link, clientConfig);
        assertThat(offsets(link.sent(Side.CLIENT)))
                .containsExactly(0L, 1_000L, 3_000L, 7_000L, 12_000L, 17_000L, 22_000L, 27_000L, 32_000L);
    }

    @Test
    void zeroRetransmissionsFailsAfterTheFirstTimer() {
        DtlsConfig clientConfig = TestConfigs.client(3, serverKey).retransmitMillis(700, 700).maxRetransmissions(0).build();
        SimulatedLink link = blackHoledServer(clientConfig, 3);

        link.handshake();

        assertClientHelloTiming(link, clientConfig);
        assertThat(link.sent(Side.CLIENT)).hasSize(1);
    }

    @Test
    void theServerResendsItsFlightAtDoublingIntervalsWhenTheClientGoesSilent() {
        // cookie exchange off, so the server's first flight is ServerHello…ServerHelloDone and it keeps state
        DtlsConfig clientConfig = TestConfigs.client(4, serverKey).build();
        DtlsConfig serverConfig = TestConfigs.server(4, serverKey).cookieExchange(false)
                .retransmitMillis(1000, 4000).maxRetransmissions(5).build();
        // only the client's first datagram gets through
        SimulatedLink link = SimulatedLink.builder().seed(4)
                .interceptor((from, index, datagram) -> from == Side.CLIENT && index > 0 ? null : datagram)
                .connect(DtlsEngine.client(clientConfig, "server.test"), DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS));

        link.handshake();
        link.runUntilQuiet();

        List<Long> flightStarts = new ArrayList<>();
        for (SimulatedLink.Sent s : link.sent(Side.SERVER)) {
            if (Records.plaintextHandshakeTypes(s.bytes()).contains(HandshakeType.SERVER_HELLO)) {
                flightStarts.add(s.time());
            }
        }
        long first = flightStarts.get(0);
        assertThat(flightStarts.stream().map(t -> t - first).toList())
                .containsExactlyElementsOf(expectedSendOffsets(1000, 4000, 5));
        DtlsEvent.Failed failed = onlyFailure(link, Side.SERVER);
        assertThat(failed.timedOut()).isTrue();
        assertThat(failedAt(link, Side.SERVER) - first).isEqualTo(expectedFailureOffset(1000, 4000, 5));
        assertThat(link.server().stats().retransmissions()).isEqualTo(5);
    }

    private SimulatedLink blackHoledServer(DtlsConfig clientConfig, long seed) {
        DtlsConfig serverConfig = TestConfigs.server(seed, serverKey).build();
        return SimulatedLink.builder().seed(seed).conditions(Side.SERVER, Conditions.BLACK_HOLE)
                .connect(DtlsEngine.client(clientConfig, "server.test"), DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS));
    }

    /** Every client datagram is a ClientHello, sent at the expected times, and the failure comes on time. */
    private static void assertClientHelloTiming(SimulatedLink link, DtlsConfig config) {
        List<SimulatedLink.Sent> sent = link.sent(Side.CLIENT);
        assertThat(sent).allSatisfy(s -> assertThat(Records.plaintextHandshakeTypes(s.bytes()))
                .containsExactly(HandshakeType.CLIENT_HELLO));
        long initial = config.initialRetransmitMillis();
        long max = config.maxRetransmitMillis();
        int retransmissions = config.maxRetransmissions();
        assertThat(offsets(sent)).containsExactlyElementsOf(expectedSendOffsets(initial, max, retransmissions));
        assertThat(sent.get(0).time()).isEqualTo(SimulatedLink.START_MILLIS);

        DtlsEvent.Failed failed = onlyFailure(link, Side.CLIENT);
        assertThat(failed.timedOut()).isTrue();
        assertThat(failed.cause().alert()).isNull();
        assertThat(failedAt(link, Side.CLIENT) - sent.get(0).time()).isEqualTo(expectedFailureOffset(initial, max, retransmissions));
        assertThat(link.client().state()).isEqualTo(EngineState.FAILED);
        assertThat(link.client().nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(link.client().stats().retransmissions()).isEqualTo(retransmissions);
        // a timed-out handshake sends no alert: the client's datagrams are exactly the ClientHellos
        assertThat(sent).hasSize(retransmissions + 1);
    }

    private static List<Long> offsets(List<SimulatedLink.Sent> sent) {
        long first = sent.get(0).time();
        return sent.stream().map(s -> s.time() - first).toList();
    }

    private static DtlsEvent.Failed onlyFailure(SimulatedLink link, Side side) {
        List<DtlsEvent.Failed> failures = link.events(side, DtlsEvent.Failed.class);
        assertThat(failures).as(link.describe()).hasSize(1);
        return failures.get(0);
    }

    private static long failedAt(SimulatedLink link, Side side) {
        return link.events(side).stream().filter(e -> e.event() instanceof DtlsEvent.Failed).findFirst().orElseThrow().time();
    }
}
