package io.dtls4j.dtls12;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.handshake.RetransmissionStrategy;

/**
 * DTLS 1.2 retransmission (RFC 6347 §4.2.4): a timer per flight that doubles on each retransmission
 * up to a maximum (§4.2.4.1), a limit on retransmissions, and an answer to a peer that repeats its
 * previous flight (ours was lost), at most once per burst since a repeated flight arrives as
 * several datagrams.
 */
final class FlightTimer implements RetransmissionStrategy {
    private final long initialMillis;
    private final long maxMillis;
    private final int maxRetransmissions;
    /** Quiet time after a transmission during which a peer's repeat is not answered again. */
    private final long repeatQuietMillis;

    private long currentTimeout;
    private int retransmissions;
    private long deadline = Long.MAX_VALUE;
    private long lastTransmitAt = Long.MIN_VALUE;

    FlightTimer(DtlsConfig config) {
        this.initialMillis = config.initialRetransmitMillis();
        this.maxMillis = config.maxRetransmitMillis();
        this.maxRetransmissions = config.maxRetransmissions();
        this.repeatQuietMillis = RetransmissionStrategy.repeatQuietMillis(config);
        this.currentTimeout = initialMillis;
    }

    @Override
    public void flightSent(boolean expectsResponse, long now) {
        if (retransmissions == 0) {
            // RFC 6347 §4.2.4.1: keep the backed-off timer until a flight gets through without loss
            currentTimeout = initialMillis;
        }
        retransmissions = 0;
        lastTransmitAt = now;
        deadline = expectsResponse ? now + currentTimeout : Long.MAX_VALUE;
    }

    @Override
    public void retransmitted(long now) {
        lastTransmitAt = now;
    }

    @Override
    public long deadline() {
        return deadline;
    }

    @Override
    public OnTimeout onTimeout(long now) {
        if (now < deadline) {
            return OnTimeout.NOTHING;
        }
        if (retransmissions >= maxRetransmissions) {
            return OnTimeout.GIVE_UP;
        }
        retransmissions++;
        // RFC 6347 §4.2.4.1: double the timer on each retransmission, up to the maximum
        currentTimeout = Math.min(currentTimeout * 2, maxMillis);
        deadline = now + currentTimeout;
        return OnTimeout.RETRANSMIT;
    }

    @Override
    public boolean onPeerRepeat(long now) {
        return lastTransmitAt == Long.MIN_VALUE || now - lastTransmitAt >= repeatQuietMillis;
    }

    @Override
    public void stop() {
        deadline = Long.MAX_VALUE;
    }

    @Override
    public int retransmissions() {
        return retransmissions;
    }
}
