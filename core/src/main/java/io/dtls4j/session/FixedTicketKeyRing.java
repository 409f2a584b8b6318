package io.dtls4j.session;

import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** {@link TicketKeyRing#of}: the deployment's keys, the first sealing, all opening. */
final class FixedTicketKeyRing implements TicketKeyRing {
    private static final int MAX_KEYS = 1000;

    private final List<TicketKey> keys;
    private final Duration ticketLifetime;

    FixedTicketKeyRing(List<TicketKey> keys, Duration ticketLifetime) {
        this.keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
        this.ticketLifetime = RotatingTicketKeyRing.positive(ticketLifetime, "ticket lifetime");
        if (this.keys.isEmpty() || this.keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("a ticket key ring holds 1 to " + MAX_KEYS + " keys, not " + this.keys.size());
        }
        Set<String> names = new HashSet<>();
        for (TicketKey key : this.keys) {
            if (!names.add(HexFormat.of().formatHex(key.name()))) {
                throw new IllegalArgumentException("two ticket keys are named " + HexFormat.of().formatHex(key.name()));
            }
        }
    }

    @Override
    public TicketKey sealingKey(long nowMillis) {
        return keys.get(0);
    }

    @Override
    public TicketKey openingKey(byte[] keyName, long nowMillis) {
        for (TicketKey key : keys) {
            if (key.hasName(keyName)) {
                return key;
            }
        }
        return null;
    }

    @Override
    public Duration ticketLifetime() {
        return ticketLifetime;
    }

    @Override
    public String toString() {
        return "TicketKeyRing[" + keys.size() + " keys, ticket lifetime " + ticketLifetime + "]";
    }
}
