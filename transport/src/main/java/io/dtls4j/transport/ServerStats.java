package io.dtls4j.transport;

/**
 * A snapshot of a {@link DtlsServer}'s counters, taken by {@link DtlsServer#stats()}. Counts are
 * since the server started; {@code sessions} and {@code handshakesInProgress} are current values.
 * Each counter is read on its own, so a snapshot taken under load may be off by the events in flight.
 *
 * @param sessions                  established sessions now
 * @param handshakesInProgress      peers past the cookie check whose handshake has not finished
 * @param handshakesStarted         peers admitted after a valid cookie (an engine was created)
 * @param handshakesCompleted       handshakes that finished
 * @param handshakesFailedTimeout   handshakes that did not finish within the handshake timeout, or whose
 *                                  retransmissions ran out
 * @param handshakesFailedLocalAlert handshakes we ended with a fatal alert (bad message, failed verification...)
 * @param handshakesFailedPeerAlert handshakes the peer ended with a fatal alert
 * @param handshakesAborted         handshakes cut short otherwise: the peer sent close_notify, the server shut
 *                                  down, or the client started over
 * @param helloVerifyRequestsSent   ClientHellos without a valid cookie answered statelessly
 * @param refusedSessionLimit       ClientHellos with a valid cookie refused because {@code maxSessions} was reached
 *                                  (a client's retransmissions count again)
 * @param refusedHandshakeLimit     ClientHellos with a valid cookie refused because {@code maxHandshakes} handshakes
 *                                  were under way
 * @param sessionsClosed            established sessions that ended cleanly (any reason, close_notify sent or received)
 * @param sessionsFailed            established sessions that ended with a fatal alert
 * @param sessionsExpiredIdle       established sessions closed for idleness (also counted in sessionsClosed)
 * @param sessionsEvicted           established sessions closed to make room for a new peer (also in sessionsClosed)
 * @param datagramsIn               datagrams received on the socket
 * @param bytesIn                   UDP payload bytes received
 * @param datagramsOut              datagrams sent
 * @param bytesOut                  UDP payload bytes sent
 * @param droppedBadMac             records whose authentication tag did not verify
 * @param droppedReplay             records already seen or too old for the replay window
 * @param droppedUnknownPeer        datagrams from addresses without a session that were not a usable ClientHello
 * @param droppedTooBig             datagrams larger than any DTLS record can be
 * @param droppedMalformed          records dropped by an engine as malformed, of an unknown epoch, or unexpected
 * @param droppedOverload           datagrams dropped because a loop's queue or the peer's buffer was full
 * @param sendsDropped              application sends dropped: no connected session, or over the peer's buffer limit
 * @param sendErrors                datagrams the socket refused to send
 * @param listenerErrors            exceptions thrown by the {@link DtlsServerListener}
 * @param internalErrors            unexpected exceptions inside an event loop (a bug); the loop goes on
 * @param duplicateClientHellosIgnored ClientHellos on an established session with the client random of the
 *                                  ClientHello that made it: late copies or replays, ignored (RFC 6347 §4.2.8)
 * @param sessionsRestarted         established sessions replaced by a new handshake from the same address
 *                                  (a client that started over), once that handshake completed; also in
 *                                  sessionsClosed
 * @param clientHellosReassembled   ClientHellos from peers without a session put together from fragments
 *                                  before the cookie gate looked at them
 * @param clientHelloReassemblyDropped ClientHello fragments or partial ClientHellos given up: over the pool's
 *                                  limits (messages, bytes, age), too long, or inconsistent
 * @param peerAddressesMoved        sessions with connection IDs whose peer was moved to a new address because its
 *                                  newest authenticated record came from there (RFC 9146 §6)
 * @param connectionIdCollisions    sessions whose connection ID another live session already had (a generator
 *                                  that kept repeating a CID in use, or two handshakes in progress that drew the
 *                                  same one): their records reach the other session and are dropped there
 * @param nonDtlsDatagrams          datagrams that were not DTLS (STUN, RTP...) handed to the
 *                                  {@link NonDtlsHandler} (RFC 7983 §7); zero without one
 * @param nonDtlsDropped            datagrams with a first byte of 4 to 15, which no protocol owns, dropped
 *                                  (RFC 9443 §3); only counted when a {@link NonDtlsHandler} is set
 */
public record ServerStats(
        long sessions,
        long handshakesInProgress,
        long handshakesStarted,
        long handshakesCompleted,
        long handshakesFailedTimeout,
        long handshakesFailedLocalAlert,
        long handshakesFailedPeerAlert,
        long handshakesAborted,
        long helloVerifyRequestsSent,
        long refusedSessionLimit,
        long refusedHandshakeLimit,
        long sessionsClosed,
        long sessionsFailed,
        long sessionsExpiredIdle,
        long sessionsEvicted,
        long datagramsIn,
        long bytesIn,
        long datagramsOut,
        long bytesOut,
        long droppedBadMac,
        long droppedReplay,
        long droppedUnknownPeer,
        long droppedTooBig,
        long droppedMalformed,
        long droppedOverload,
        long sendsDropped,
        long sendErrors,
        long listenerErrors,
        long internalErrors,
        long duplicateClientHellosIgnored,
        long sessionsRestarted,
        long clientHellosReassembled,
        long clientHelloReassemblyDropped,
        long peerAddressesMoved,
        long connectionIdCollisions,
        long nonDtlsDatagrams,
        long nonDtlsDropped) {

    /** Handshakes that failed for any reason. */
    public long handshakesFailed() {
        return handshakesFailedTimeout + handshakesFailedLocalAlert + handshakesFailedPeerAlert + handshakesAborted;
    }
}
