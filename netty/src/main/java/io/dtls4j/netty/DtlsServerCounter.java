package io.dtls4j.netty;

/**
 * The counters of a {@link DtlsServerHandler}, read through {@link DtlsServerStats#get}. They mean
 * what the same-named counters of the UDP transport's {@code DtlsServer} mean; {@link #SESSIONS} and
 * {@link #HANDSHAKES_IN_PROGRESS} are current values, the others count since the handler was made.
 */
public enum DtlsServerCounter {
    /** Established sessions now. */
    SESSIONS,
    /** Peers past the cookie check whose handshake has not finished, now. */
    HANDSHAKES_IN_PROGRESS,
    /** Peers admitted after a valid cookie (an engine was created). */
    HANDSHAKES_STARTED,
    /** Handshakes that finished. */
    HANDSHAKES_COMPLETED,
    /** Handshakes that did not finish within the handshake timeout, or whose retransmissions ran out. */
    HANDSHAKES_FAILED_TIMEOUT,
    /** Handshakes we ended with a fatal alert. */
    HANDSHAKES_FAILED_LOCAL_ALERT,
    /** Handshakes the peer ended with a fatal alert. */
    HANDSHAKES_FAILED_PEER_ALERT,
    /** Handshakes cut short otherwise: close_notify, the channel closing, or the client starting over. */
    HANDSHAKES_ABORTED,
    /** ClientHellos without a valid cookie, answered statelessly with a HelloVerifyRequest. */
    HELLO_VERIFY_REQUESTS_SENT,
    /** ClientHellos with a valid cookie refused because the session limit was reached. */
    REFUSED_SESSION_LIMIT,
    /** ClientHellos with a valid cookie refused because the handshake limit was reached. */
    REFUSED_HANDSHAKE_LIMIT,
    /** Established sessions that ended cleanly (for any reason). */
    SESSIONS_CLOSED,
    /** Established sessions that ended with a fatal alert. */
    SESSIONS_FAILED,
    /** Established sessions closed for idleness (also in {@link #SESSIONS_CLOSED}). */
    SESSIONS_EXPIRED_IDLE,
    /** Established sessions closed to make room for a new peer (also in {@link #SESSIONS_CLOSED}). */
    SESSIONS_EVICTED,
    /** Datagrams that reached the handler. */
    DATAGRAMS_IN,
    /** UDP payload bytes that reached the handler. */
    BYTES_IN,
    /** Datagrams the handler wrote. */
    DATAGRAMS_OUT,
    /** UDP payload bytes the handler wrote. */
    BYTES_OUT,
    /** Records whose authentication tag did not verify. */
    DROPPED_BAD_MAC,
    /** Records already seen or too old for the replay window. */
    DROPPED_REPLAY,
    /** Datagrams from addresses without a session that were not a usable ClientHello. */
    DROPPED_UNKNOWN_PEER,
    /** Datagrams larger than any DTLS record can be. */
    DROPPED_TOO_BIG,
    /** Records an engine dropped as malformed, of an unknown epoch, or unexpected. */
    DROPPED_MALFORMED,
    /** Application writes refused: no established session with the peer, or too large for one record. */
    SENDS_DROPPED,
    /** Datagram writes the channel failed. */
    SEND_ERRORS,
    /** Unexpected exceptions inside the handler (a bug); the other peers are unaffected. */
    INTERNAL_ERRORS,
    /**
     * Sessions with connection IDs moved to a new peer address because their newest authenticated record
     * came from there (RFC 9146 §6).
     */
    PEER_ADDRESSES_MOVED,
    /**
     * Sessions whose connection ID another live session already had (a generator that kept repeating a
     * CID in use, or two handshakes in progress that drew the same one): their records reach the other
     * session and are dropped there.
     */
    CONNECTION_ID_COLLISIONS,
    /**
     * Datagrams that were not DTLS (STUN, RTP...) passed down the pipeline unchanged, with
     * {@link DtlsServerHandler.Builder#passNonDtls(boolean)} (RFC 7983 §7).
     */
    NON_DTLS_DATAGRAMS,
    /** Datagrams with a first byte of 4 to 15, which no protocol owns, dropped (RFC 9443 §3); only with passNonDtls. */
    NON_DTLS_DROPPED
}
