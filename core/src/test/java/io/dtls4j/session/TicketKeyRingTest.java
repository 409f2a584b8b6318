package io.dtls4j.session;

import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketKeyRingTest {
    private static SecureRandom seeded(long seed) {
        return TestConfigs.seededRandom(seed);
    }

    @Test
    void aRotatingRingSealsWithItsNewestKeyAndOpensWithEarlierOnesUntilTheyExpire() {
        TicketKeyRing ring = TicketKeyRing.rotating(Duration.ofSeconds(10), Duration.ofSeconds(30), seeded(1));
        TicketKey first = ring.sealingKey(0);
        assertThat(ring.sealingKey(9_999)).isSameAs(first);
        TicketKey second = ring.sealingKey(10_000);
        assertThat(second.name()).isNotEqualTo(first.name());
        // the first key sealed until 10 s; its last ticket lives until 40 s
        assertThat(ring.openingKey(first.name(), 39_999)).isSameAs(first);
        assertThat(ring.openingKey(second.name(), 39_999)).isSameAs(second);
        assertThat(ring.openingKey(first.name(), 40_000)).isNull();
        assertThat(first.secret()).as("an expired key is wiped").containsOnly(0);
        assertThat(ring.openingKey(new byte[TicketKey.NAME_LENGTH], 40_000)).isNull();
    }

    @Test
    void aRotatingRingHoldsABoundedNumberOfKeysHoweverLongItRuns() {
        RotatingTicketKeyRing ring = new RotatingTicketKeyRing(Duration.ofSeconds(1), Duration.ofSeconds(5), seeded(2));
        for (long now = 0; now < 1_000_000; now += 250) {
            ring.sealingKey(now);
            assertThat(ring.size()).isLessThanOrEqualTo(5 + 2);
        }
        assertThatThrownBy(() -> TicketKeyRing.rotating(Duration.ofMillis(1), Duration.ofHours(1), seeded(3)))
                .hasMessageContaining("more than 1000 keys");
        assertThatThrownBy(() -> TicketKeyRing.rotating(Duration.ZERO, Duration.ofHours(1), seeded(3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRingOfGivenKeysSealsWithTheFirstAndOpensWithAll() {
        TicketKey current = new TicketKey(name(1), new byte[32], 0);
        TicketKey previous = new TicketKey(name(2), new byte[16], 0);
        TicketKeyRing ring = TicketKeyRing.of(List.of(current, previous), Duration.ofHours(1));
        assertThat(ring.sealingKey(Long.MAX_VALUE)).isSameAs(current);
        assertThat(ring.openingKey(name(2), 5)).isSameAs(previous);
        assertThat(ring.openingKey(name(3), 5)).isNull();
        assertThat(ring.ticketLifetime()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> TicketKeyRing.of(List.of(current, new TicketKey(name(1), new byte[16], 0)), Duration.ofHours(1)))
                .hasMessageContaining("two ticket keys");
        assertThatThrownBy(() -> TicketKeyRing.of(List.of(), Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAreCheckedAndTheirSecretNeverShows() {
        byte[] secret = new byte[16];
        Arrays.fill(secret, (byte) 0xEE);
        TicketKey key = new TicketKey(name(1), secret, 0);
        assertThat(key.toString()).contains(HexFormat.of().formatHex(name(1))).doesNotContain("eeee");
        assertThatThrownBy(() -> new TicketKey(new byte[15], secret, 0)).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new TicketKey(name(1), new byte[24], 0)).hasMessageContaining("16 or 32");
    }

    private static byte[] name(int n) {
        byte[] name = new byte[TicketKey.NAME_LENGTH];
        name[0] = (byte) n;
        return name;
    }
}
