package io.dtls4j.handshake;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/**
 * The DTLS handshake header (RFC 6347 §4.2.2): msg_type(1) length(3) message_seq(2)
 * fragment_offset(3) fragment_length(3).
 */
public record HandshakeHeader(int type, int length, int messageSeq, int fragmentOffset, int fragmentLength) {
    public static final int LENGTH = 12;

    public static HandshakeHeader read(WireReader r) throws DecodeException {
        return new HandshakeHeader(r.u8(), r.u24(), r.u16(), r.u24(), r.u24());
    }

    public void write(WireWriter w) {
        w.u8(type).u24(length).u16(messageSeq).u24(fragmentOffset).u24(fragmentLength);
    }
}
