package io.dtls4j.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoundsTest {
    @Test
    void evenRoundsRunForwardOddRoundsBackward() {
        List<String> rows = List.of("dtls4j", "scandium", "bc");

        assertThat(Rounds.order(rows, 0)).containsExactly("dtls4j", "scandium", "bc");
        assertThat(Rounds.order(rows, 1)).containsExactly("bc", "scandium", "dtls4j");
        assertThat(Rounds.order(rows, 2)).containsExactly("dtls4j", "scandium", "bc");
        assertThat(Rounds.order(rows, 3)).containsExactly("bc", "scandium", "dtls4j");
        assertThat(rows).containsExactly("dtls4j", "scandium", "bc");
    }

    @Test
    void ofTwoRowsEachRunsFirstInHalfOfAnEvenNumberOfRounds() {
        List<CompareRow> plan = Compare.plan("echo,handshakes", true);
        for (CompareRow a : plan) {
            for (CompareRow b : plan) {
                if (a.equals(b)) {
                    continue;
                }
                int aFirst = 0;
                for (int round = 0; round < 4; round++) {
                    List<CompareRow> order = Rounds.order(plan, round);
                    assertThat(order).containsExactlyInAnyOrderElementsOf(plan);
                    if (order.indexOf(a) < order.indexOf(b)) {
                        aFirst++;
                    }
                }
                assertThat(aFirst).as("%s before %s", a, b).isEqualTo(2);
            }
        }
    }

    @Test
    void noNegativeRound() {
        assertThatThrownBy(() -> Rounds.order(List.of("a"), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Rounds.Summary.of(179_000, 143_000, 150_000)).isEqualTo(new Rounds.Summary(150_000, 143_000, 179_000));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Rounds.Summary.of(4, 1, 3, 100)).isEqualTo(new Rounds.Summary(3.5, 1, 100));
        assertThat(Rounds.Summary.of(20, 10)).isEqualTo(new Rounds.Summary(15, 10, 20));
    }

    @Test
    void oneValueIsItsOwnMedianAndSpread() {
        assertThat(Rounds.Summary.of(91.1)).isEqualTo(new Rounds.Summary(91.1, 91.1, 91.1));
    }

    @Test
    void theValuesAreLeftAsTheyWere() {
        double[] values = {3, 1, 2};
        Rounds.Summary.of(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void noValuesNoSummary() {
        assertThatThrownBy(Rounds.Summary::of).isInstanceOf(IllegalArgumentException.class);
    }
}
