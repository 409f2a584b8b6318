package io.dtls4j.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;

/** {@link TicketKeyRing#rotating}: generated keys, the newest sealing, older ones opening until they expire. */
final class RotatingTicketKeyRing implements TicketKeyRing {
    private static final long MAX_KEYS = 1000;

    private final long rotationMillis;
    private final long lifetimeMillis;
    private final SecureRandom random;
    /** Newest first; never more than lifetime / rotation + 2 keys. */
    private final ArrayDeque<TicketKey> keys = new ArrayDeque<>();

    RotatingTicketKeyRing(Duration rotation, Duration ticketLifetime, SecureRandom random) {
        this.rotationMillis = positive(rotation, "rotation").toMillis();
        this.lifetimeMillis = positive(ticketLifetime, "ticket lifetime").toMillis();
        this.random = Objects.requireNonNull(random, "random");
        if (lifetimeMillis / rotationMillis + 2 > MAX_KEYS) {
            throw new IllegalArgumentException("a rotation of " + rotation + " with tickets living " + ticketLifetime
                    + " keeps more than " + MAX_KEYS + " keys");
        }
    }

    static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
            throw new IllegalArgumentException("a " + what + " is at least a millisecond, not " + d);
        }
        return d;
    }

    @Override
    public synchronized TicketKey sealingKey(long nowMillis) {
        TicketKey newest = keys.peekFirst();
        if (newest == null || nowMillis - newest.createdAtMillis() >= rotationMillis) {
            newest = TicketKey.generate(random, nowMillis);
            keys.addFirst(newest);
        }
        forgetExpired(nowMillis);
        return newest;
    }

    @Override
    public synchronized TicketKey openingKey(byte[] keyName, long nowMillis) {
        forgetExpired(nowMillis);
        for (TicketKey key : keys) {
            if (key.hasName(keyName)) {
                return key;
            }
        }
        return null;
    }

    /**
     * A key seals for one rotation and the last ticket it sealed lives one ticket lifetime more: after
     * that nothing it sealed can resume, so it is wiped. The newest key is kept for sealing.
     */
    private void forgetExpired(long nowMillis) {
        Iterator<TicketKey> oldestFirst = keys.descendingIterator();
        while (oldestFirst.hasNext()) {
            TicketKey key = oldestFirst.next();
            if (key == keys.peekFirst() || nowMillis - key.createdAtMillis() < rotationMillis + lifetimeMillis) {
                break;
            }
            oldestFirst.remove();
            key.destroy();
        }
    }

    @Override
    public Duration ticketLifetime() {
        return Duration.ofMillis(lifetimeMillis);
    }

    /** How many keys the ring holds now, for tests and metrics. */
    synchronized int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "TicketKeyRing[rotating every " + Duration.ofMillis(rotationMillis) + ", ticket lifetime " + ticketLifetime() + "]";
    }
}
