package io.dtls4j.handshake;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

/**
 * The DTLS handshake header (RFC 6347 §4.2.2):
 * {@code msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3)}, 12 bytes.
 */
public record HandshakeHeader(int type, int length, int messageSeq, int fragmentOffset, int fragmentLength) {
    public static final int LENGTH = 12;

    public HandshakeHeader {
        if ((type & ~0xFF) != 0 || (length & ~0xFFFFFF) != 0 || (messageSeq & ~0xFFFF) != 0
                || (fragmentOffset & ~0xFFFFFF) != 0 || (fragmentLength & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("handshake header field out of range");
        }
    }

    /**
     * Reads a header. Throws DECODE_ERROR when fewer than 12 bytes remain or when the fragment does not lie
     * within the message ({@code fragment_offset + fragment_length > length}). Does not read the fragment bytes.
     */
    public static HandshakeHeader read(WireReader r) throws DecodeException {
        int type = r.u8();
        int length = r.u24();
        int seq = r.u16();
        int offset = r.u24();
        int fragLength = r.u24();
        if ((long) offset + fragLength > length) {
            throw DecodeException.decodeError("fragment " + offset + "+" + fragLength + " beyond message length " + length);
        }
        return new HandshakeHeader(type, length, seq, offset, fragLength);
    }

    public void write(WireWriter w) {
        w.u8(type).u24(length).u16(messageSeq).u24(fragmentOffset).u24(fragmentLength);
    }

    /** True when this fragment carries the whole message. */
    public boolean isUnfragmented() {
        return fragmentOffset == 0 && fragmentLength == length;
    }
}
