package io.dtls4j.handshake;

import io.dtls4j.DtlsException;

/**
 * A handshake as the version-neutral engine drives it: messages in, {@link HandshakeOutput}s out.
 * A protocol version provides one implementation (DTLS 1.2 in {@code io.dtls4j.dtls12}); the engine
 * never sees the states inside. Every method that takes input either returns what happened or
 * throws a {@link DtlsException} naming the fatal alert to send.
 */
public interface Handshake {

    /** Starts the handshake: a client's first flight; a server returns {@link HandshakeOutput#NOTHING}. */
    HandshakeOutput start(long now) throws DtlsException;

    /**
     * Whether {@code next}, the next message in message_seq order, must stay buffered for now rather
     * than be handed to {@link #onMessage}: in DTLS 1.2 a Finished that overtook the peer's
     * ChangeCipherSpec waits for it. Any other message is handed over, so that one the current state
     * cannot accept ends the handshake at once.
     */
    boolean holds(HandshakeMessage next);

    /** Processes the next in-order handshake message from the peer (already reassembled). */
    HandshakeOutput onMessage(HandshakeMessage message, long now) throws DtlsException;

    /**
     * The peer's ChangeCipherSpec record (DTLS 1.2). Returns null when it is ignored: before the key
     * exchange it may have overtaken its flight (RFC 5246 §7.1 forbids acting on it early).
     */
    HandshakeOutput onChangeCipherSpec(long now) throws DtlsException;

    /** The retransmission rules of this version: a new strategy for each handshake. */
    RetransmissionStrategy newRetransmission();

    /** Forgets secrets and the transcript once the handshake is over or failed. */
    void destroy();

    /**
     * A record of {@code epoch} did not authenticate while this handshake runs. Returns the error that
     * ends the handshake, or null (the default) to drop the record silently (RFC 6347 §4.1.2.7).
     */
    default DtlsException onUndecryptableRecord(long epoch) {
        return null;
    }

    /**
     * Once the handshake has completed (and before {@link #destroy}): the session a later handshake may
     * resume, or null (the default) when there is none.
     */
    default io.dtls4j.session.ResumableSession resumableSession() {
        return null;
    }
}
