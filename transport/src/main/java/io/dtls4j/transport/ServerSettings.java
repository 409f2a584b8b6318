package io.dtls4j.transport;

/**
 * The limits and timeouts a {@link DtlsServer} was built with, fixed for its lifetime. The event
 * loops get this record instead of the server, so that they depend on settings, not on the server.
 *
 * @param maxSessions             peers holding state (established plus handshaking) at most
 * @param maxHandshakes           handshakes under way at most
 * @param handshakeTimeoutMillis  a handshake not completed this long after admission is dropped
 * @param idleTimeoutMillis       an established session without authentic records this long is closed
 * @param maxBufferedBytesPerPeer bytes of datagrams and sends queued for one peer at most
 * @param evictIdleWhenFull       at {@code maxSessions}, close the least recently active session to admit a new peer
 */
record ServerSettings(int maxSessions, int maxHandshakes, long handshakeTimeoutMillis, long idleTimeoutMillis,
                      int maxBufferedBytesPerPeer, boolean evictIdleWhenFull) {
}
