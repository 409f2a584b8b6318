package io.dtls4j.handshake;

import io.dtls4j.session.SessionInfo;

import java.util.List;

/**
 * What a handshake state did with its input, for the engine to apply in this order: install the
 * epochs' keys, send the flight (which replaces the one kept for retransmission), then, when
 * {@link #completed} is set, report the negotiated session. A state that accepts a message and has
 * nothing to send returns {@link #NOTHING}. Failures are not outputs here: they are thrown as
 * {@link io.dtls4j.DtlsException}s carrying the alert to send.
 */
public record HandshakeOutput(List<EpochKeys> keys, Flight flight, SessionInfo completed, KeyingMaterialExporter exporter) {
    public static final HandshakeOutput NOTHING = new HandshakeOutput(List.of(), null, null, null);

    public HandshakeOutput {
        keys = List.copyOf(keys);
        if ((completed == null) != (exporter == null)) {
            throw new IllegalArgumentException("a completed handshake comes with its exporter, and only then");
        }
    }

    public static HandshakeOutput send(Flight flight) {
        return new HandshakeOutput(List.of(), flight, null, null);
    }

    public static HandshakeOutput install(EpochKeys keys) {
        return new HandshakeOutput(List.of(keys), null, null, null);
    }

    /** This output and then {@code next}'s. */
    public HandshakeOutput then(HandshakeOutput next) {
        if (flight != null && next.flight != null) {
            throw new IllegalStateException("one step sends one flight");
        }
        if (completed != null && next.completed != null) {
            throw new IllegalStateException("a handshake completes once");
        }
        List<EpochKeys> all = new java.util.ArrayList<>(keys);
        all.addAll(next.keys);
        return new HandshakeOutput(all, flight != null ? flight : next.flight,
                completed != null ? completed : next.completed, exporter != null ? exporter : next.exporter);
    }

    public boolean isComplete() {
        return completed != null;
    }
}
