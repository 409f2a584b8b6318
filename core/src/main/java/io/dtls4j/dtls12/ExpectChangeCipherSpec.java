package io.dtls4j.dtls12;

import io.dtls4j.DtlsException;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeType;

/**
 * Either side after its keys exist, waiting for the peer's ChangeCipherSpec: only then may the
 * peer's Finished, under the new keys, be read (RFC 5246 §7.1). A Finished that overtook the
 * ChangeCipherSpec stays buffered; any other handshake message ends the handshake at once.
 */
final class ExpectChangeCipherSpec implements State {
    private final State finished;

    ExpectChangeCipherSpec(State finished) {
        this.finished = finished;
    }

    @Override
    public Step onMessage(HandshakeMessage message, long now) throws DtlsException {
        throw Dtls12Context.unexpected(message, expecting());
    }

    @Override
    public Step onChangeCipherSpec() {
        return Step.to(finished);
    }

    @Override
    public boolean holds(HandshakeMessage next) {
        return next.type() == HandshakeType.FINISHED && next.epoch() == Dtls12Context.NEGOTIATED_EPOCH;
    }

    @Override
    public String expecting() {
        return "ChangeCipherSpec";
    }
}
