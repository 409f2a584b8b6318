package io.dtls4j.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The keys a server seals its session tickets with and opens them with again (RFC 5077 §4, §5.5:
 * the keys are the server's alone, changed from time to time). A server with a ring issues tickets
 * (NewSessionTicket) and resumes from them without keeping any state; without a ring it issues none.
 *
 * <p>Times are calendar milliseconds from the servers' {@code DtlsConfig.wallClock()}, not the
 * engines' monotonic {@code now}: tickets outlive a process and travel between the servers of a
 * deployment, so the servers that share keys must agree on the time (give tests a clock of their
 * own). The ticket lifetime is counted on that clock too. Implementations are thread-safe: one server
 * shares one ring among all its engines.
 *
 * <p>{@link #rotating} makes a ring that generates its keys and rotates them; {@link #of} holds
 * keys the deployment supplies, so that several servers accept each other's tickets.
 */
public interface TicketKeyRing {
    /** The default time a key seals new tickets before the next one takes over. */
    Duration DEFAULT_ROTATION = Duration.ofHours(1);
    /** The default time a ticket resumes its session, counted from the session's full handshake. */
    Duration DEFAULT_TICKET_LIFETIME = Duration.ofHours(2);

    /** The key that seals a ticket issued at {@code nowMillis}. */
    TicketKey sealingKey(long nowMillis);

    /**
     * The key named {@code keyName} if it may still open tickets at {@code nowMillis}, else null (an
     * unknown or expired key: the ticket is ignored and the handshake is a full one).
     */
    TicketKey openingKey(byte[] keyName, long nowMillis);

    /**
     * How long after its full handshake a session may be resumed from a ticket; also the
     * ticket_lifetime_hint sent to clients (RFC 5077 §3.3).
     */
    Duration ticketLifetime();

    /**
     * A ring that generates its own keys with {@code random} and rotates them every
     * {@code rotation}: the newest seals, and each earlier one still opens until
     * {@code rotation + ticketLifetime} after it came into use (so that every ticket it sealed can live
     * its whole lifetime), then it is wiped. It holds at most {@code ticketLifetime / rotation + 2} keys.
     *
     * @throws IllegalArgumentException when a duration is not positive, or the rotation is so short
     *                                  that the ring would hold more than 1000 keys
     */
    static TicketKeyRing rotating(Duration rotation, Duration ticketLifetime, SecureRandom random) {
        return new RotatingTicketKeyRing(rotation, ticketLifetime, random);
    }

    /** {@link #rotating(Duration, Duration, SecureRandom)} with the default rotation and ticket lifetime. */
    static TicketKeyRing rotating(SecureRandom random) {
        return rotating(DEFAULT_ROTATION, DEFAULT_TICKET_LIFETIME, random);
    }

    /**
     * A ring of the deployment's own keys, which never rotates by itself: the first key seals and every
     * key opens. Servers given the same keys accept each other's tickets. To rotate, build a new ring
     * with the new key first and the previous ones after it, and give it to the servers.
     *
     * @param keys           one to 1000 keys with distinct names, the sealing key first
     * @param ticketLifetime how long after its full handshake a session may be resumed from a ticket
     */
    static TicketKeyRing of(List<TicketKey> keys, Duration ticketLifetime) {
        return new FixedTicketKeyRing(keys, ticketLifetime);
    }
}
