package io.dtls4j.handshake;

import io.dtls4j.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/** Splits a handshake message into fragments that fit a record (RFC 6347 §4.2.3). */
public final class HandshakeFragmenter {
    private HandshakeFragmenter() {
    }

    /**
     * @param maxFragmentBytes the most bytes one fragment may take, its 12-byte header included
     * @return each fragment as header + bytes; a zero-length body gives one fragment
     */
    public static List<byte[]> fragment(int type, int messageSeq, byte[] body, int maxFragmentBytes) {
        int room = maxFragmentBytes - HandshakeHeader.LENGTH;
        if (room <= 0) {
            throw new IllegalArgumentException("no room for handshake data in " + maxFragmentBytes + " bytes");
        }
        List<byte[]> fragments = new ArrayList<>(body.length / room + 1);
        int offset = 0;
        do {
            int n = Math.min(room, body.length - offset);
            WireWriter w = new WireWriter(HandshakeHeader.LENGTH + n);
            new HandshakeHeader(type, body.length, messageSeq, offset, n).write(w);
            w.bytes(body, offset, n);
            fragments.add(w.toByteArray());
            offset += n;
        } while (offset < body.length);
        return fragments;
    }
}
