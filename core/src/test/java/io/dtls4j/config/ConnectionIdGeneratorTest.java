package io.dtls4j.config;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionIdGeneratorTest {
    private static final byte[] TAKEN = {7, 7};
    private final AtomicInteger draws = new AtomicInteger();

    private ConnectionIdGenerator answering(byte[]... answers) {
        Queue<byte[]> queue = new ArrayDeque<>(List.of(answers));
        return (length, random) -> {
            draws.incrementAndGet();
            byte[] next = queue.size() > 1 ? queue.poll() : queue.peek();
            return next.clone();
        };
    }

    @Test
    void aCidInUseIsDrawnAgainUntilOneIsFree() {
        ConnectionIdGenerator generator = answering(TAKEN, TAKEN, new byte[] {1, 2}).avoiding(cid -> Arrays.equals(cid, TAKEN));

        assertThat(generator.generate(2, new SecureRandom())).containsExactly(1, 2);
        assertThat(draws).hasValue(3);
    }

    @Test
    void aGeneratorThatOnlyRepeatsItselfIsAskedAFixedNumberOfTimes() {
        ConnectionIdGenerator generator = answering(TAKEN).avoiding(cid -> true);

        assertThat(generator.generate(2, new SecureRandom())).containsExactly(TAKEN);
        assertThat(draws).hasValue(ConnectionIdGenerator.AVOIDING_ATTEMPTS);
    }

    @Test
    void anEmptyCidIsNeverLookedUp() {
        ConnectionIdGenerator generator = answering(new byte[0]).avoiding(cid -> {
            throw new AssertionError("looked up an empty CID");
        });

        assertThat(generator.generate(0, new SecureRandom())).isEmpty();
        assertThat(draws).hasValue(1);
    }
}
