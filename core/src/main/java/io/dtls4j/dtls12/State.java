package io.dtls4j.dtls12;

import io.dtls4j.DtlsException;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeOutput;
import io.dtls4j.wire.DecodeException;

/**
 * One state of the DTLS 1.2 handshake: it accepts only what RFC 5246 §7.3 / RFC 6347 §4.2 allow
 * there, and returns the next state with what happened. Anything else is unexpected_message.
 */
interface State {

    /** The next state and what the engine must do; {@code next} is null once the handshake is over. */
    record Step(State next, HandshakeOutput output) {
        static Step to(State next) {
            return new Step(next, HandshakeOutput.NOTHING);
        }
    }

    /** The next in-order handshake message. */
    Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException;

    /** The peer's ChangeCipherSpec; null when this state ignores it (it may have overtaken its flight). */
    default Step onChangeCipherSpec() {
        return null;
    }

    /** Whether {@code next} must stay buffered until something else (a ChangeCipherSpec) arrives. */
    default boolean holds(HandshakeMessage next) {
        return false;
    }

    /** What the state waits for, for messages. */
    String expecting();
}
