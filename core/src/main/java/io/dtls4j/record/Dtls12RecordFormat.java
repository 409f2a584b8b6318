package io.dtls4j.record;

import io.dtls4j.crypto.RecordCipher;

/**
 * The DTLS 1.2 record (RFC 6347 §4.1): {@code type(1) version(2) epoch(2) sequence_number(6)
 * length(2)} and the fragment; under AEAD the additional data is RFC 5246 §6.2.3.3's with the DTLS
 * 64-bit seq_num ({@link RecordCipher}). Stateless: one instance serves every epoch and engine.
 */
public final class Dtls12RecordFormat implements RecordFormat {
    public static final Dtls12RecordFormat INSTANCE = new Dtls12RecordFormat();

    private Dtls12RecordFormat() {
    }

    @Override
    public boolean firstByteMatches(int firstByte) {
        // RFC 9147 §4.1 demultiplexing: 20..24 are the DTLS 1.2 content types with this header
        return firstByte >= ContentType.CHANGE_CIPHER_SPEC && firstByte <= ContentType.HEARTBEAT;
    }

    @Override
    public boolean parseHeader(byte[] b, int off, int end, RecordView view) {
        if (end - off < RecordHeader.LENGTH) {
            return false;
        }
        int length = RecordHeader.length(b, off);
        if (length > end - off - RecordHeader.LENGTH) {
            return false; // RFC 6347 §4.1.2.7: a record may not span datagrams
        }
        view.clear(off);
        view.headerLength = RecordHeader.LENGTH;
        view.contentType = RecordHeader.type(b, off);
        view.version = RecordHeader.version(b, off);
        view.epoch = RecordHeader.epoch(b, off);
        view.epochBits = 16;
        view.sequence = RecordHeader.sequence(b, off);
        view.sequenceBits = 48;
        view.fragmentOffset = off + RecordHeader.LENGTH;
        view.fragmentLength = length;
        return true;
    }

    @Override
    public int open(byte[] b, RecordView view, long epoch, RecordCipher cipher) {
        // RFC 6347 §4.1: DTLS 1.2 records say 1.2; a first ClientHello may say 1.0 (RFC 6347 §4.2.1)
        if (view.version != ProtocolVersion.DTLS_1_2 && !(view.version == ProtocolVersion.DTLS_1_0 && epoch == 0)) {
            return RecordLayer.DROP_BAD_RECORD;
        }
        if (view.fragmentLength > RecordHeader.MAX_CIPHERTEXT_LENGTH) {
            return RecordLayer.DROP_BAD_RECORD;
        }
        if (cipher == null) {
            return view.fragmentLength <= RecordLayer.MAX_PLAINTEXT_LENGTH ? view.fragmentLength : RecordLayer.DROP_BAD_RECORD;
        }
        int start = view.fragmentOffset;
        int length = cipher.open((epoch << 48) | view.sequence, view.contentType, view.version,
                b, start, view.fragmentLength, b, start);
        if (length < 0) {
            return RecordLayer.DROP_BAD_MAC;
        }
        if (length > RecordLayer.MAX_PLAINTEXT_LENGTH) {
            return RecordLayer.DROP_BAD_RECORD;
        }
        view.fragmentLength = length;
        return length;
    }

    @Override
    public int expansion(RecordCipher cipher) {
        return RecordHeader.LENGTH + (cipher == null ? 0 : cipher.expansion());
    }

    @Override
    public int write(int type, long epoch, long seq, byte[] in, int inOff, int inLen, RecordCipher cipher,
                     byte[] out, int outOff) {
        int fragmentLength;
        if (cipher == null) {
            System.arraycopy(in, inOff, out, outOff + RecordHeader.LENGTH, inLen);
            fragmentLength = inLen;
        } else {
            fragmentLength = cipher.seal((epoch << 48) | seq, type, ProtocolVersion.DTLS_1_2, in, inOff, inLen,
                    out, outOff + RecordHeader.LENGTH);
        }
        RecordHeader.write(out, outOff, type, ProtocolVersion.DTLS_1_2, (int) epoch, seq, fragmentLength);
        return RecordHeader.LENGTH + fragmentLength;
    }
}
