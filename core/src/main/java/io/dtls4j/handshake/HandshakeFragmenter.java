package io.dtls4j.handshake;

import io.dtls4j.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a handshake message into contiguous, non-overlapping fragments (RFC 6347 §4.2.3), each at most
 * {@code maxFragmentBytes} long including its 12-byte header.
 */
public final class HandshakeFragmenter {

    private HandshakeFragmenter() {
    }

    /**
     * Returns the fragments in order, each as header followed by its bytes. A zero-length body yields one
     * fragment. {@code maxFragmentBytes} must exceed {@link HandshakeHeader#LENGTH}.
     */
    public static List<byte[]> fragment(int type, int messageSeq, byte[] body, int maxFragmentBytes) {
        if (maxFragmentBytes <= HandshakeHeader.LENGTH) {
            throw new IllegalArgumentException("maxFragmentBytes must exceed " + HandshakeHeader.LENGTH + ": " + maxFragmentBytes);
        }
        if (body.length > 0xFFFFFF) {
            throw new IllegalArgumentException("handshake body too long: " + body.length);
        }
        int perFragment = maxFragmentBytes - HandshakeHeader.LENGTH;
        List<byte[]> out = new ArrayList<>(Math.max(1, (body.length + perFragment - 1) / perFragment));
        int offset = 0;
        do {
            int n = Math.min(perFragment, body.length - offset);
            WireWriter w = new WireWriter(HandshakeHeader.LENGTH + n);
            new HandshakeHeader(type, body.length, messageSeq, offset, n).write(w);
            w.bytes(body, offset, n);
            out.add(w.toByteArray());
            offset += n;
        } while (offset < body.length);
        return out;
    }
}
