package io.dtls4j.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlinesTest {
    @Test
    void addsWhileTheSumFits() {
        assertThat(Deadlines.saturatedAdd(1_000, 250)).isEqualTo(1_250);
        assertThat(Deadlines.saturatedAdd(-5_000, 2_000)).isEqualTo(-3_000); // a nanoTime-based clock may be negative
        assertThat(Deadlines.saturatedAdd(Long.MAX_VALUE - 1, 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aTimeoutTooLongToRepresentMeansNoDeadlineRatherThanOneInThePast() {
        long now = 1_000_000;
        long longest = Duration.ofMillis(Long.MAX_VALUE).toMillis();
        assertThat(Deadlines.saturatedAdd(now, longest)).isEqualTo(Long.MAX_VALUE);
        assertThat(Deadlines.saturatedAdd(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(Deadlines.saturatedAdd(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }
}
