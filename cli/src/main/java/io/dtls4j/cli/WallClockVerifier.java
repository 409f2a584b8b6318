package io.dtls4j.cli;

import io.dtls4j.credentials.PeerContext;
import io.dtls4j.credentials.PeerVerifier;

import java.util.function.LongSupplier;

/**
 * Runs a certificate verifier with the wall-clock time. The transport drives its engines with a
 * monotonic millisecond count (right for retransmission timers, meaningless as a date), and the
 * engine hands that count to verifiers as {@link PeerContext#nowMillis()}; a PKIX check of
 * notBefore/notAfter needs the date.
 */
final class WallClockVerifier {
    private WallClockVerifier() {
    }

    static PeerVerifier wrap(PeerVerifier verifier) {
        return wrap(verifier, System::currentTimeMillis);
    }

    static PeerVerifier wrap(PeerVerifier verifier, LongSupplier wallClock) {
        return (chain, context) -> verifier.verify(chain,
                new PeerContext(context.peerIsServer(), context.serverName(), wallClock.getAsLong()));
    }
}
