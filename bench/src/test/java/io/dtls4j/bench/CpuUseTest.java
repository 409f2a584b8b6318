package io.dtls4j.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CpuUseTest {

    @Test
    void stealIsTheEighthTimeOfTheCpuLineAsAShareOfAllEight() {
        long[] before = CpuUse.parseCpuLine("cpu  100 0 50 800 0 0 0 50 0 0");
        long[] after = CpuUse.parseCpuLine("cpu  400 0 150 1200 0 0 0 250 0 0");

        // 300 user + 100 system + 400 idle + 200 steal
        assertThat(CpuUse.stealBetween(before, after)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void whatIsNotACpuLineOrNoTimeGivesNoSteal() {
        assertThat(CpuUse.parseCpuLine("cpu0 1 2 3 4 5 6 7 8")).isNull();
        assertThat(CpuUse.parseCpuLine("cpu 1 2 3")).isNull();
        long[] line = CpuUse.parseCpuLine("cpu 1 2 3 4 5 6 7 8");
        assertThat(CpuUse.stealBetween(line, line)).isNaN();
        assertThat(CpuUse.stealBetween(null, line)).isNaN();
    }

    @Test
    void busyWorkShowsAsThisJvmsCpuTime() {
        CpuUse.Mark mark = CpuUse.now();
        long sum = 0;
        long end = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < end) {
            sum += Long.numberOfTrailingZeros(sum + System.nanoTime());
        }
        CpuUse used = mark.until();

        assertThat(sum).isPositive();
        assertThat(used.processCpuNanos()).as("200 ms of spinning").isGreaterThan(100_000_000L);
        assertThat(used.millisPerOperation(2)).isCloseTo(used.processCpuNanos() / 2e6, within(1e-9));
        assertThat(used.millisPerOperation(0)).isNaN();
    }
}
