package io.dtls4j.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Receives the datagrams on a DTLS socket that are not DTLS, for a socket shared with STUN, TURN
 * channels, RTP/RTCP or ZRTP as in WebRTC (RFC 7983 §7, as updated by RFC 9443 §3). A datagram
 * whose first byte is 20 to 63 is DTLS and takes the DTLS path; one whose first byte is 4 to 15
 * belongs to nothing and is dropped, as the RFC requires; every other non-empty datagram comes here.
 * Demultiplexing further (STUN, RTP, TURN channel, QUIC) is the application's.
 */
@FunctionalInterface
public interface NonDtlsHandler {
    /**
     * One datagram that is not DTLS, in the order the socket delivered it.
     *
     * @param from     its source address
     * @param datagram its payload, valid only during this call: copy what must be kept
     * @param socket   sends raw datagrams (e.g. a STUN response) on the same socket
     */
    void received(InetSocketAddress from, ByteBuffer datagram, RawSender socket);
}
