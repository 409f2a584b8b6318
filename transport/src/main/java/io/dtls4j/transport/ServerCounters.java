package io.dtls4j.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link ServerStats}, updated by the receiver and the event loops. */
final class ServerCounters {
    /** Established sessions now. */
    final AtomicInteger sessions = new AtomicInteger();
    /** Handshakes under way now. */
    final AtomicInteger handshakes = new AtomicInteger();

    final LongAdder handshakesStarted = new LongAdder();
    final LongAdder handshakesCompleted = new LongAdder();
    final LongAdder handshakesFailedTimeout = new LongAdder();
    final LongAdder handshakesFailedLocalAlert = new LongAdder();
    final LongAdder handshakesFailedPeerAlert = new LongAdder();
    final LongAdder handshakesAborted = new LongAdder();
    final LongAdder helloVerifyRequestsSent = new LongAdder();
    final LongAdder refusedSessionLimit = new LongAdder();
    final LongAdder refusedHandshakeLimit = new LongAdder();
    final LongAdder sessionsClosed = new LongAdder();
    final LongAdder sessionsFailed = new LongAdder();
    final LongAdder sessionsExpiredIdle = new LongAdder();
    final LongAdder sessionsEvicted = new LongAdder();
    final LongAdder datagramsIn = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder datagramsOut = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder droppedBadMac = new LongAdder();
    final LongAdder droppedReplay = new LongAdder();
    final LongAdder droppedUnknownPeer = new LongAdder();
    final LongAdder droppedTooBig = new LongAdder();
    final LongAdder droppedMalformed = new LongAdder();
    final LongAdder droppedOverload = new LongAdder();
    final LongAdder sendsDropped = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder listenerErrors = new LongAdder();
    final LongAdder internalErrors = new LongAdder();
    final LongAdder duplicateClientHellosIgnored = new LongAdder();
    final LongAdder sessionsRestarted = new LongAdder();
    final LongAdder clientHellosReassembled = new LongAdder();
    final LongAdder clientHelloReassemblyDropped = new LongAdder();
    final LongAdder peerAddressesMoved = new LongAdder();
    final LongAdder connectionIdCollisions = new LongAdder();
    final LongAdder nonDtlsDatagrams = new LongAdder();
    final LongAdder nonDtlsDropped = new LongAdder();

    ServerStats snapshot() {
        return new ServerStats(sessions.get(), handshakes.get(), handshakesStarted.sum(), handshakesCompleted.sum(),
                handshakesFailedTimeout.sum(), handshakesFailedLocalAlert.sum(), handshakesFailedPeerAlert.sum(),
                handshakesAborted.sum(), helloVerifyRequestsSent.sum(), refusedSessionLimit.sum(),
                refusedHandshakeLimit.sum(), sessionsClosed.sum(), sessionsFailed.sum(), sessionsExpiredIdle.sum(),
                sessionsEvicted.sum(), datagramsIn.sum(), bytesIn.sum(), datagramsOut.sum(), bytesOut.sum(),
                droppedBadMac.sum(), droppedReplay.sum(), droppedUnknownPeer.sum(), droppedTooBig.sum(),
                droppedMalformed.sum(), droppedOverload.sum(), sendsDropped.sum(), sendErrors.sum(),
                listenerErrors.sum(), internalErrors.sum(), duplicateClientHellosIgnored.sum(), sessionsRestarted.sum(),
                clientHellosReassembled.sum(), clientHelloReassemblyDropped.sum(), peerAddressesMoved.sum(),
                connectionIdCollisions.sum(), nonDtlsDatagrams.sum(), nonDtlsDropped.sum());
    }
}
