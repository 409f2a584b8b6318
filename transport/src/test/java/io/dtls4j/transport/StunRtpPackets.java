package io.dtls4j.transport;

import java.nio.ByteBuffer;

/**
 * Datagrams of the protocols that share a socket with DTLS in WebRTC (RFC 7983 §7), built by hand
 * for tests: STUN binding requests and responses (RFC 5389 §6) and RTP packets (RFC 3550 §5.1).
 * Each carries a number the tests use to check order.
 */
final class StunRtpPackets {
    /** RFC 5389 §6: the fixed magic cookie in every STUN header. */
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;

    private StunRtpPackets() {
    }

    /** A STUN message with no attributes: type, length 0, magic cookie, a 96-bit transaction ID ending in {@code id}. */
    static byte[] stun(int type, int id) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.putShort((short) type).putShort((short) 0).putInt(MAGIC_COOKIE);
        b.putInt(0x5354554E).putInt(0).putInt(id); // "STUN", then the number
        return b.array();
    }

    /** An RTP packet: version 2 (first byte 0x80), payload type 111, sequence number {@code seq}, 4 bytes of payload. */
    static byte[] rtp(int seq) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put((byte) 0x80).put((byte) 111).putShort((short) seq).putInt(seq * 960).putInt(0x11223344);
        b.putInt(0xCAFEBABE);
        return b.array();
    }

    /** A short label for a received datagram: "STUN-req#7", "STUN-ok#7", "RTP#3" or "other". */
    static String label(ByteBuffer datagram) {
        ByteBuffer d = datagram.duplicate();
        if (d.remaining() >= 20 && (d.get(d.position()) & 0xC0) == 0 && d.getInt(d.position() + 4) == MAGIC_COOKIE) {
            int type = d.getShort(d.position()) & 0xFFFF;
            int id = d.getInt(d.position() + 16);
            return (type == BINDING_REQUEST ? "STUN-req#" : type == BINDING_SUCCESS ? "STUN-ok#" : "STUN?#") + id;
        }
        if (d.remaining() >= 12 && (d.get(d.position()) & 0xC0) == 0x80) {
            return "RTP#" + (d.getShort(d.position() + 2) & 0xFFFF);
        }
        return "other";
    }

    /** A STUN binding success response to the request in {@code request} (same transaction), or null if it is none. */
    static ByteBuffer answer(ByteBuffer request) {
        String l = label(request);
        if (!l.startsWith("STUN-req#")) {
            return null;
        }
        return ByteBuffer.wrap(stun(BINDING_SUCCESS, Integer.parseInt(l.substring("STUN-req#".length()))));
    }
}
