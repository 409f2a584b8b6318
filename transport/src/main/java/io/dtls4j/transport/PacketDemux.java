package io.dtls4j.transport;

import java.nio.ByteBuffer;

/**
 * Tells DTLS from the other protocols that may share its socket by the datagram's first byte
 * (RFC 7983 §7, as updated by RFC 9443 §3): 20 to 63 is DTLS, 4 to 15 is nothing and must be
 * dropped, everything else (STUN, ZRTP, TURN channels, RTP/RTCP, QUIC) is another protocol's.
 */
final class PacketDemux {
    /** A DTLS datagram, or an empty one (it takes the DTLS path and is dropped there as before). */
    static final int DTLS = 0;
    /** Another protocol's datagram. */
    static final int OTHER = 1;
    /** A first byte no protocol is assigned: RFC 7983 §7 says such a packet MUST be dropped. */
    static final int DROP = 2;

    private PacketDemux() {
    }

    /** Classifies the datagram between {@code datagram}'s position and limit (neither is moved). */
    static int classify(ByteBuffer datagram) {
        if (!datagram.hasRemaining()) {
            return DTLS;
        }
        int first = datagram.get(datagram.position()) & 0xFF;
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        return first >= 4 && first <= 15 ? DROP : OTHER;
    }
}
