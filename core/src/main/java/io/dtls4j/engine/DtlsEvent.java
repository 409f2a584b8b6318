package io.dtls4j.engine;

import io.dtls4j.session.SessionInfo;
import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;

/** Something the engine reports to its caller, taken with {@link DtlsEngine#pollEvent()}. */
public sealed interface DtlsEvent {

    /** The handshake finished; application data can flow. */
    record HandshakeCompleted(SessionInfo session) implements DtlsEvent {
    }

    /** Decrypted application data from the peer, one record's worth. */
    record ApplicationData(byte[] data) implements DtlsEvent {
    }

    /** A warning alert from the peer that does not end the association (other than close_notify). */
    record WarningAlert(AlertDescription alert) implements DtlsEvent {
    }

    /** The association closed cleanly: the peer sent close_notify (byPeer), or we called {@link DtlsEngine#close}. */
    record Closed(boolean byPeer) implements DtlsEvent {
    }

    /** The association failed: a fatal alert sent or received, or the handshake timed out. */
    record Failed(DtlsException cause, boolean timedOut) implements DtlsEvent {
    }
}
