package io.dtls4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Repeated rounds of the same rows: the order of each round, and what the rounds of one row come to.
 * The rows of a round run forward in even rounds and backward in odd ones (counting from 0), so of
 * two rows neither always runs after the other: a rival that follows dtls4j in one round precedes it
 * in the next.
 */
final class Rounds {
    private Rounds() {
    }

    /** The rows in the order round {@code round} (from 0) runs them. */
    static <T> List<T> order(List<T> rows, int round) {
        if (round < 0) {
            throw new IllegalArgumentException("round " + round);
        }
        List<T> order = new ArrayList<>(rows);
        if (round % 2 == 1) {
            Collections.reverse(order);
        }
        return order;
    }

    /** What the rounds of one row came to: their median, the least and the greatest. */
    record Summary(double median, double min, double max) {
        /** The summary of at least one value; the median of an even count is the mean of the middle two. */
        static Summary of(double... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("no values");
            }
            double[] v = values.clone();
            Arrays.sort(v);
            int mid = v.length / 2;
            double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
            return new Summary(median, v[0], v[v.length - 1]);
        }
    }
}
