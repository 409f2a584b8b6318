package io.dtls4j.handshake;

import io.dtls4j.config.DtlsConfig;

/**
 * When a handshake's last flight is sent again. DTLS 1.2 (RFC 6347 §4.2.4) runs a timer per flight
 * and also answers a peer that repeats its own flight; DTLS 1.3 (RFC 9147 §5.8, §7) adds
 * acknowledgements, which would be a second implementation. The engine owns the flight and the
 * sending; a strategy only decides when, from the times it is told about.
 */
public interface RetransmissionStrategy {

    /** What to do when the timer fires. */
    enum OnTimeout { RETRANSMIT, GIVE_UP, NOTHING }

    /** A new flight went out at {@code now}; {@code expectsResponse} is false for a final flight (no timer). */
    void flightSent(boolean expectsResponse, long now);

    /** The flight was sent again at {@code now} (timer or peer repeat). */
    void retransmitted(long now);

    /** The deadline of the timer, or {@link Long#MAX_VALUE}. */
    long deadline();

    /** The timer fired at {@code now}: retransmit (the strategy has backed off), give up, or wait (not due yet). */
    OnTimeout onTimeout(long now);

    /** The peer sent its previous flight again at {@code now}: whether to answer with ours now. */
    boolean onPeerRepeat(long now);

    /** No flight is outstanding any more (the handshake completed or ended). */
    void stop();

    /** Retransmissions of the current flight so far. */
    int retransmissions();

    /**
     * The quiet time after a transmission during which a peer's repeat of its flight is not answered
     * again: a repeated flight arrives as several datagrams (RFC 6347 §4.2.4), and one answer per burst
     * is enough. One rule for the strategy during the handshake and the engine after it.
     */
    static long repeatQuietMillis(DtlsConfig config) {
        return Math.min(config.initialRetransmitMillis() / 4, 250);
    }
}
