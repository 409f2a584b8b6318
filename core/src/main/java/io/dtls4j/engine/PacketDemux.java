package io.dtls4j.engine;

import java.nio.ByteBuffer;

/**
 * Tells DTLS from the other protocols that may share its UDP socket, by the datagram's first byte
 * (RFC 7983 §7, as updated by RFC 9443 §3): 20 to 63 is DTLS; 4 to 15 belongs to no protocol and
 * must be dropped; everything else (STUN 0-3, ZRTP 16-19, TURN channels 64-79, RTP/RTCP 128-191,
 * QUIC) is another protocol's, for the application to demultiplex further. Transports use it to
 * hand such datagrams to the application instead of to an engine.
 */
public final class PacketDemux {
    /** What a datagram is, as far as a DTLS transport is concerned. */
    public enum Kind {
        /** A DTLS datagram (or an empty one, which goes the DTLS way and is dropped there). */
        DTLS,
        /** Another protocol's datagram. */
        OTHER,
        /** A first byte no protocol is assigned (4 to 15): RFC 7983 §7 says such a packet MUST be dropped. */
        UNASSIGNED
    }

    private PacketDemux() {
    }

    /** Classifies the datagram between {@code datagram}'s position and limit (neither is moved). */
    public static Kind classify(ByteBuffer datagram) {
        return datagram.hasRemaining() ? classify(datagram.get(datagram.position()) & 0xFF) : Kind.DTLS;
    }

    /** Classifies a datagram by its first byte, 0 to 255. */
    public static Kind classify(int firstByte) {
        if (firstByte >= 20 && firstByte <= 63) {
            return Kind.DTLS;
        }
        return firstByte >= 4 && firstByte <= 15 ? Kind.UNASSIGNED : Kind.OTHER;
    }
}
