package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.CookieGate;

import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * Which cookie gate a peer without a session goes through: the server's gate, or, for an address
 * the application declared verified ({@link DtlsServer.Builder#verifiedAddresses}), a gate without
 * the cookie exchange. Thread-safe: the receiver thread and every loop ask it.
 */
final class Admission {
    private final CookieGate cookieGate;
    private final CookieGate openGate;
    private final Predicate<InetSocketAddress> verified;
    private final ServerCounters counters;

    Admission(DtlsConfig config, Predicate<InetSocketAddress> verified, ServerCounters counters) {
        this.cookieGate = new CookieGate(config);
        this.openGate = verified == null ? null : CookieGate.withoutCookieExchange(config);
        this.verified = verified;
        this.counters = counters;
    }

    /** The gate for {@code peer}; an application predicate that throws counts as "not verified". */
    CookieGate gateFor(InetSocketAddress peer) {
        if (verified == null) {
            return cookieGate;
        }
        try {
            return verified.test(peer) ? openGate : cookieGate;
        } catch (RuntimeException e) {
            counters.listenerErrors.increment();
            return cookieGate;
        }
    }
}
