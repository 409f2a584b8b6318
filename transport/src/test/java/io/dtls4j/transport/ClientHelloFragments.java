package io.dtls4j.transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Splits a datagram holding one whole ClientHello record into datagrams of one fragment each, as a small-MTU client sends it. */
final class ClientHelloFragments {
    private ClientHelloFragments() {
    }

    /**
     * {@code datagram}'s ClientHello in {@code pieces} fragments (RFC 6347 §4.2.3), one record per
     * datagram, with record sequence numbers counting up from the original's.
     */
    static List<byte[]> split(byte[] datagram, int pieces) {
        ByteBuffer in = ByteBuffer.wrap(datagram);
        int version = in.getShort(1) & 0xFFFF;
        long sequence = ((long) (in.getShort(5) & 0xFFFF) << 32) | (in.getInt(7) & 0xFFFFFFFFL);
        int h = 13;
        int length = ((datagram[h + 1] & 0xFF) << 16) | ((datagram[h + 2] & 0xFF) << 8) | (datagram[h + 3] & 0xFF);
        int messageSeq = in.getShort(h + 4) & 0xFFFF;
        List<byte[]> out = new ArrayList<>();
        int step = (length + pieces - 1) / pieces;
        for (int offset = 0, i = 0; offset < length; offset += step, i++) {
            out.add(fragment(version, sequence + i, length, messageSeq, offset,
                    datagram, h + 12 + offset, Math.min(step, length - offset)));
        }
        return out;
    }

    /** One epoch-0 handshake record holding one ClientHello fragment. */
    static byte[] fragment(int version, long sequence, int length, int messageSeq, int offset,
                           byte[] src, int from, int fragmentLength) {
        ByteBuffer b = ByteBuffer.allocate(13 + 12 + fragmentLength);
        b.put((byte) 22).putShort((short) version).putShort((short) 0)
                .putShort((short) (sequence >>> 32)).putInt((int) sequence).putShort((short) (12 + fragmentLength));
        b.put((byte) 1).put((byte) (length >>> 16)).putShort((short) length).putShort((short) messageSeq)
                .put((byte) (offset >>> 16)).putShort((short) offset)
                .put((byte) (fragmentLength >>> 16)).putShort((short) fragmentLength);
        b.put(src, from, fragmentLength);
        return b.array();
    }
}
