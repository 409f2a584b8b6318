package io.dtls4j.handshake;

import io.dtls4j.wire.WireWriter;

import java.util.Arrays;

/**
 * A complete handshake message: its type, message_seq, body (without the 12-byte header) and the epoch it
 * was received or is to be sent in. The body array is not copied; callers must not modify it afterwards.
 */
public record HandshakeMessage(int type, int messageSeq, byte[] body, int epoch) {

    public HandshakeMessage {
        if ((type & ~0xFF) != 0 || (messageSeq & ~0xFFFF) != 0 || body.length > 0xFFFFFF || epoch < 0 || epoch > 0xFFFF) {
            throw new IllegalArgumentException("handshake message field out of range");
        }
    }

    /**
     * The message as if sent in one fragment (fragment_offset 0, fragment_length = length): the form the
     * handshake transcript hashes (RFC 6347 §4.2.6).
     */
    public byte[] encodeUnfragmented() {
        WireWriter w = new WireWriter(HandshakeHeader.LENGTH + body.length);
        new HandshakeHeader(type, body.length, messageSeq, 0, body.length).write(w);
        w.bytes(body);
        return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandshakeMessage m && m.type == type && m.messageSeq == messageSeq
                && m.epoch == epoch && Arrays.equals(m.body, body);
    }

    @Override
    public int hashCode() {
        return ((type * 31 + messageSeq) * 31 + epoch) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return HandshakeType.name(type) + "(seq=" + messageSeq + ", epoch=" + epoch + ", " + body.length + " bytes)";
    }
}
