package io.dtls4j.engine;

/** The life cycle of an engine. */
public enum EngineState {
    /** Handshake under way (or not started). */
    HANDSHAKING,
    /** Handshake complete; application data flows both ways. */
    CONNECTED,
    /** close_notify was sent or received; nothing more is sent. */
    CLOSED,
    /** A fatal error ended the association. */
    FAILED
}
