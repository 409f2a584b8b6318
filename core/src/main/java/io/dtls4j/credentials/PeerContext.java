package io.dtls4j.credentials;

/**
 * What a {@link PeerVerifier} knows about the association whose peer it checks.
 *
 * @param peerIsServer true when we are the client and verify the server
 * @param serverName   the host name the client asked for (SNI), or null
 * @param nowMillis    the calendar time in epoch milliseconds, from {@code DtlsConfig.wallClock()}, for validity checks
 */
public record PeerContext(boolean peerIsServer, String serverName, long nowMillis) {
}
