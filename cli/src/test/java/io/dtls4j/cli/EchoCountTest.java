package io.dtls4j.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The loss accounting of {@code dtls bench}'s UDP records: only records whose echo never came are lost. */
class EchoCountTest {

    @Test
    void aFullWindowEchoedBackLosesNothing() {
        EchoCount count = new EchoCount(4);
        assertThat(count.toSend()).isEqualTo(4);
        sendAll(count);
        for (int i = 0; i < 4; i++) {
            count.received(true);
        }
        assertThat(count.toSend()).isEqualTo(4);
        assertThat(count.echoed()).isEqualTo(4);
        assertThat(count.outstanding()).isZero();
        assertThat(count.lostPercent()).isZero();
    }

    @Test
    void aStallWritesTheWindowOffAndLateEchoesAreTakenBackOffTheLoss() {
        EchoCount count = new EchoCount(4);
        sendAll(count);
        count.received(true);
        count.received(false); // three still out: written off, the window opens again
        assertThat(count.toSend()).isEqualTo(4);
        sendAll(count);
        assertThat(count.sentCount()).isEqualTo(8);
        // two of the written-off three come back late, and all four of the new window
        for (int i = 0; i < 6; i++) {
            count.received(true);
        }
        assertThat(count.toSend()).isEqualTo(4);
        assertThat(count.echoed()).isEqualTo(7);
        assertThat(count.outstanding()).isEqualTo(1);
        assertThat(count.lostPercent()).isEqualTo(100.0 / 8);
    }

    @Test
    void echoesAfterTheSendingPhaseCountAgainstLossButNotAsRoundTrips() {
        EchoCount count = new EchoCount(2);
        sendAll(count);
        assertThat(count.echoed()).isZero();
        count.received(true);
        count.received(true);
        assertThat(count.echoed()).isZero();
        assertThat(count.lostPercent()).isZero();
    }

    private static void sendAll(EchoCount count) {
        for (int n = count.toSend(); n > 0; n--) {
            count.sent();
        }
    }
}
