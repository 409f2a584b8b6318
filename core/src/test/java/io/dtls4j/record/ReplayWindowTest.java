package io.dtls4j.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayWindowTest {

    private static final long MAX = RecordHeader.MAX_SEQUENCE;

    /** Accepts when fresh, as the record layer does after authentication; returns the freshness. */
    private static boolean receive(ReplayWindow w, long seq) {
        boolean fresh = w.isFresh(seq);
        if (fresh) {
            w.accept(seq);
        }
        return fresh;
    }

    @Test
    void sequenceZeroIsFreshOnANewWindowAndThenADuplicate() {
        ReplayWindow w = new ReplayWindow(64);
        assertThat(w.highest()).isEqualTo(-1);
        assertThat(receive(w, 0)).isTrue();
        assertThat(w.highest()).isZero();
        assertThat(w.isFresh(0)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 1024})
    void inOrderSequenceNumbersAreAllFreshOnce(int size) {
        ReplayWindow w = new ReplayWindow(size);
        for (long s = 0; s < 5L * size; s++) {
            assertThat(receive(w, s)).as("seq %d", s).isTrue();
            assertThat(w.isFresh(s)).isFalse();
        }
        assertThat(w.highest()).isEqualTo(5L * size - 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 1024})
    void outOfOrderInsideTheWindowIsFreshOnceAndDuplicatesAreNot(int size) {
        ReplayWindow w = new ReplayWindow(size);
        long top = 3L * size;
        assertThat(receive(w, top)).isTrue();
        // every sequence number still inside the window: right edge minus size-1 .. right edge - 1
        for (long s = top - 1; s > top - size; s -= 3) {
            assertThat(receive(w, s)).as("seq %d", s).isTrue();
        }
        for (long s = top - 1; s > top - size; s -= 3) {
            assertThat(w.isFresh(s)).as("dup %d", s).isFalse();
        }
        assertThat(w.isFresh(top - 2)).isTrue();
        assertThat(w.highest()).isEqualTo(top);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 1024})
    void olderThanTheWindowIsRejected(int size) {
        ReplayWindow w = new ReplayWindow(size);
        long top = 10L * size;
        receive(w, top);
        assertThat(w.isFresh(top - size + 1)).as("left edge inside").isTrue();
        assertThat(w.isFresh(top - size)).as("just left of the window").isFalse();
        assertThat(w.isFresh(0)).isFalse();
        // accepting something left of the window is ignored and does not disturb the window
        w.accept(top - size - 5);
        assertThat(w.highest()).isEqualTo(top);
        assertThat(w.isFresh(top - size + 1)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 1024})
    void jumpFurtherThanTheWindowClearsAllOldMarks(int size) {
        ReplayWindow w = new ReplayWindow(size);
        for (long s = 0; s < size; s++) {
            receive(w, s);
        }
        long jump = size - 1 + size + 7; // shift > size
        assertThat(receive(w, jump)).isTrue();
        // every slot of the new window other than 'jump' was never received: all fresh
        for (long s = jump - size + 1; s < jump; s++) {
            assertThat(w.isFresh(s)).as("seq %d", s).isTrue();
        }
        assertThat(w.isFresh(size - 1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 1024})
    void jumpShorterThanTheWindowKeepsMarksStillInside(int size) {
        ReplayWindow w = new ReplayWindow(size);
        receive(w, 5);
        receive(w, 7);
        long jump = 5 + size - 1; // 5 stays at the left edge
        assertThat(receive(w, jump)).isTrue();
        assertThat(w.isFresh(5)).isFalse();
        assertThat(w.isFresh(6)).isTrue();
        assertThat(w.isFresh(7)).isFalse();
        assertThat(receive(w, jump + 1)).isTrue();
        assertThat(w.isFresh(5)).as("now left of the window").isFalse();
        assertThat(w.isFresh(6)).as("now the left edge, never received").isTrue();
        assertThat(w.isFresh(7)).isFalse();
        assertThat(w.isFresh(8)).isTrue();
    }

    @Test
    void maximumSequenceNumberIsAcceptedAndOutOfRangeValuesAreNeverFresh() {
        ReplayWindow w = new ReplayWindow(64);
        assertThat(receive(w, MAX - 1)).isTrue();
        assertThat(receive(w, MAX)).isTrue();
        assertThat(w.highest()).isEqualTo(MAX);
        assertThat(w.isFresh(MAX)).isFalse();
        assertThat(w.isFresh(MAX - 2)).isTrue();
        assertThat(w.isFresh(MAX + 1)).isFalse();
        assertThat(w.isFresh(-1)).isFalse();
        assertThatThrownBy(() -> w.accept(MAX + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resetForgetsEverything() {
        ReplayWindow w = new ReplayWindow(128);
        receive(w, 1000);
        w.reset();
        assertThat(w.highest()).isEqualTo(-1);
        assertThat(w.isFresh(0)).isTrue();
        assertThat(w.isFresh(1000)).isTrue();
    }

    @Test
    void sizeMustBeAPositiveMultipleOf64() {
        assertThatThrownBy(() -> new ReplayWindow(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayWindow(32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayWindow(100)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ReplayWindow(192).size()).isEqualTo(192);
    }

    /** Compares against a direct model of the RFC rule over a few thousand seeded-random arrivals. */
    @ParameterizedTest
    @ValueSource(ints = {64, 128, 1024})
    void agreesWithASetBasedModelOnRandomArrivals(int size) {
        Random rnd = new Random(size * 31L);
        ReplayWindow w = new ReplayWindow(size);
        Set<Long> seen = new HashSet<>();
        long highest = -1;
        long base = 0;
        for (int i = 0; i < 20_000; i++) {
            int kind = rnd.nextInt(10);
            long seq;
            if (kind < 6) {
                seq = Math.max(0, base + rnd.nextInt(2 * size) - size);
            } else if (kind < 9) {
                seq = base + rnd.nextInt(8);
            } else {
                seq = base + size + rnd.nextInt(3 * size);
            }
            base = Math.max(base, seq);
            boolean modelFresh = !seen.contains(seq) && (seq > highest || highest - seq < size);
            assertThat(w.isFresh(seq)).as("step %d seq %d", i, seq).isEqualTo(modelFresh);
            if (modelFresh) {
                w.accept(seq);
                seen.add(seq);
                highest = Math.max(highest, seq);
            }
            assertThat(w.highest()).isEqualTo(highest);
        }
    }
}
