package io.dtls4j.testing;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.testing.SimulatedLink.Conditions;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness itself: conditions applied as configured, runs repeatable per seed, limits enforced. */
class SimulatedLinkTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    private SimulatedLink link(long seed, SimulatedLink.Builder builder) {
        DtlsConfig client = TestConfigs.client(seed, serverKey).build();
        DtlsConfig server = TestConfigs.server(seed, serverKey).build();
        return builder.seed(seed).connect(DtlsEngine.client(client, "server.test"), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
    }

    @Test
    void theSameSeedGivesTheSameRunDatagramForDatagram() {
        Conditions bad = new Conditions(0.3, 0.2, 10, 200);
        SimulatedLink first = link(42, SimulatedLink.builder().conditions(bad));
        SimulatedLink second = link(42, SimulatedLink.builder().conditions(bad));

        first.handshake();
        second.handshake();

        for (Side side : Side.values()) {
            List<SimulatedLink.Sent> a = first.sent(side);
            List<SimulatedLink.Sent> b = second.sent(side);
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).time()).isEqualTo(a.get(i).time());
                assertThat(b.get(i).bytes()).isEqualTo(a.get(i).bytes());
            }
        }
        assertThat(second.lost()).isEqualTo(first.lost());
        assertThat(second.now()).isEqualTo(first.now());
    }

    @Test
    void aPerfectLinkDeliversEveryDatagramAfterTheFixedDelay() {
        SimulatedLink link = link(1, SimulatedLink.builder());

        link.handshake();
        link.runUntilQuiet();

        int sent = link.sent(Side.CLIENT).size() + link.sent(Side.SERVER).size();
        assertThat(link.delivered()).isEqualTo(sent);
        assertThat(link.lost()).isZero();
        assertThat(link.duplicated()).isZero();
        // four flights with a cookie exchange, each one 5 ms hop: 6 hops in all
        assertThat(link.now() - SimulatedLink.START_MILLIS).isEqualTo(6 * Conditions.PERFECT.delayMillis());
    }

    @Test
    void lossAndDuplicationHappenAtAboutTheConfiguredRates() {
        SimulatedLink link = link(2, SimulatedLink.builder().conditions(new Conditions(0.25, 0.5, 1, 0)));
        link.handshake();
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        byte[] data = new byte[4000 * 100];
        new Random(2).nextBytes(data);
        int sentBefore = link.sent(Side.CLIENT).size() + link.sent(Side.SERVER).size();
        long lostBefore = link.lost();
        long duplicatedBefore = link.duplicated();
        long replaysBefore = link.server().stats().droppedReplay();
        link.exchange(data, new byte[0]);
        int sent = link.sent(Side.CLIENT).size() + link.sent(Side.SERVER).size() - sentBefore;
        double lossRate = (link.lost() - lostBefore) / (double) sent;
        double duplicationRate = (link.duplicated() - duplicatedBefore) / (double) (sent - (link.lost() - lostBefore));
        assertThat(lossRate).isBetween(0.20, 0.30);
        assertThat(duplicationRate).isBetween(0.42, 0.58);
        // one record per datagram: every duplicate that reached the server was dropped by its replay window
        assertThat(link.server().stats().droppedReplay() - replaysBefore).isEqualTo(link.duplicated() - duplicatedBefore);
    }

    @Test
    void datagramsLongerThanTheLinkMtuAreDroppedAndCounted() {
        // below the smallest datagrams the engines' PMTU back-off goes down to (256 bytes)
        SimulatedLink link = link(3, SimulatedLink.builder().mtu(200));
        link.handshake();
        assertThat(link.oversizeDropped()).isPositive();
        assertThat(link.bothConnected()).isFalse();
    }

    @Test
    void theInterceptorSeesEachDatagramWithItsIndexAndCanDropIt() {
        SimulatedLink link = link(4, SimulatedLink.builder()
                .interceptor((from, index, datagram) -> from == Side.SERVER && index == 0 ? null : datagram));
        link.handshake();
        // the first HelloVerifyRequest is gone: the client sends its ClientHello again after 1 s
        assertThat(link.sent(Side.CLIENT).get(1).time() - link.sent(Side.CLIENT).get(0).time()).isEqualTo(1000);
        assertThat(link.bothConnected()).isTrue();
    }

    @Test
    void theStepLimitFailsARunThatGoesOnTooLong() {
        SimulatedLink link = link(5, SimulatedLink.builder().maxSteps(3));
        assertThatThrownBy(link::handshake).isInstanceOf(AssertionError.class).hasMessageContaining("exceeded 3 steps");
    }

    @Test
    void theVirtualTimeLimitFailsARunThatWaitsTooLong() {
        SimulatedLink link = link(6, SimulatedLink.builder().conditions(Side.SERVER, Conditions.BLACK_HOLE).maxVirtualMillis(10_000));
        assertThatThrownBy(link::handshake).isInstanceOf(AssertionError.class).hasMessageContaining("10000 ms of virtual time");
    }
}
