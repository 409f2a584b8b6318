package io.dtls4j.handshake;

import io.dtls4j.wire.WireWriter;

/**
 * A complete handshake message with its message_seq and the epoch it travels (or travelled) in.
 */
public record HandshakeMessage(int type, int messageSeq, byte[] body, int epoch) {

    /** The message as one fragment (offset 0, fragment_length = length): the form hashed into the transcript (RFC 6347 §4.2.6). */
    public byte[] encodeUnfragmented() {
        WireWriter w = new WireWriter(HandshakeHeader.LENGTH + body.length);
        new HandshakeHeader(type, body.length, messageSeq, 0, body.length).write(w);
        w.bytes(body);
        return w.toByteArray();
    }
}
