package io.dtls4j.record;

import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.crypto.SequenceNumberCipher;

import java.util.Arrays;

/**
 * The DTLS 1.3 protected record, DTLSCiphertext with the unified header (RFC 9147 §4):
 * <pre>
 *   0 0 1 C S L E E | connection ID (if C) | sequence number (8 bits, or 16 if S) | length (if L) | encrypted_record
 * </pre>
 * C: a CID is present; S: the sequence number field is 16 bits (else 8); L: the length is present
 * (else the record runs to the end of the datagram); EE: the low two bits of the epoch.
 * encrypted_record protects a DTLSInnerPlaintext ({@code content || type || zeros}).
 * <ul>
 *   <li>Additional data: the unified header as sent but "prior to record number encryption" (§4),
 *       so with the plaintext sequence number bits.</li>
 *   <li>Nonce: the TLS 1.3 per-record nonce from the full 64-bit sequence number alone, without the
 *       epoch (§4; {@link RecordCipher#forDtls13}).</li>
 *   <li>Record number encryption (§4.2.3): the sequence number bits are XORed with a mask made from
 *       the first 16 bytes of encrypted_record under the epoch's sn_key, which the epoch's
 *       {@link RecordCipher} holds. Records with less than 16 bytes of ciphertext are dropped.</li>
 *   <li>Reading: {@link #reconstructSequence} decrypts the sequence number bits (in place, so that the
 *       header in the datagram becomes the additional data) and widens them to the number closest to
 *       the epoch's next expected one (§4.2.2, {@link #reconstruct}).</li>
 * </ul>
 * The header has no content type: after {@link #parseHeader} the view's type and version are 0; after
 * {@link #open}, the type is the inner one. Writing uses 16-bit sequence numbers and includes the
 * length by default (a record without length must be the last of its datagram).
 *
 * <p>An instance serves one association (its connection IDs); the keys are the ciphers'. With a
 * non-empty {@code readCid} every record must carry exactly that CID (§4: "If a Connection ID is
 * negotiated, then it MUST be contained in all datagrams"): a record with another CID is marked
 * {@link RecordView#unknownCid} and takes the rest of the datagram with it (§4: the rest of the
 * datagram MUST be discarded), one without a CID is dropped as a bad record. With an empty
 * {@code readCid}, a header with C set cannot be parsed (the CID's length is unknown), so neither can
 * the rest of its datagram. Stateless otherwise; used by one thread at a time.
 */
public final class Dtls13RecordFormat implements RecordFormat {
    /** RFC 8446 §5.2: encrypted_record is at most 2^14 + 256 bytes. */
    public static final int MAX_CIPHERTEXT_LENGTH = 16384 + 256;
    /** RFC 8446 §5.4: the DTLSInnerPlaintext is at most 2^14 + 1 bytes (content, type and padding). */
    public static final int MAX_INNER_PLAINTEXT_LENGTH = 16384 + 1;
    /** RFC 9146 §3 (which RFC 9147 §9 uses): {@code opaque cid<0..2^8-1>}. */
    public static final int MAX_CID_LENGTH = 255;

    static final int FIXED_MASK = 0xE0;
    static final int FIXED_BITS = 0x20;
    static final int C_BIT = 0x10;
    static final int S_BIT = 0x08;
    static final int L_BIT = 0x04;
    static final int EPOCH_MASK = 0x03;

    private final byte[] writeCid;
    private final byte[] readCid;
    private final int writeSequenceBytes;
    private final boolean writeLength;
    private final RecordPadding padding;

    /** No connection IDs; 16-bit sequence numbers and the length in every record written. */
    public Dtls13RecordFormat() {
        this(new byte[0], new byte[0]);
    }

    /** Writes {@code writeCid} (the peer's; none when empty), reads {@code readCid} (ours); 16-bit sequence numbers, lengths. */
    public Dtls13RecordFormat(byte[] writeCid, byte[] readCid) {
        this(writeCid, readCid, 16, true, RecordPadding.NONE);
    }

    /**
     * @param writeSequenceBits 8 or 16: the sequence number bits each record written carries (S bit)
     * @param writeLength       whether records written carry their length (L bit); without it, a record
     *                          takes the rest of its datagram, so the caller writes it last
     */
    public Dtls13RecordFormat(byte[] writeCid, byte[] readCid, int writeSequenceBits, boolean writeLength,
                              RecordPadding padding) {
        if (writeCid.length > MAX_CID_LENGTH || readCid.length > MAX_CID_LENGTH) {
            throw new IllegalArgumentException("a connection ID is at most " + MAX_CID_LENGTH + " bytes");
        }
        if (writeSequenceBits != 8 && writeSequenceBits != 16) {
            throw new IllegalArgumentException("the unified header carries 8 or 16 sequence number bits, not " + writeSequenceBits);
        }
        this.writeCid = writeCid.clone();
        this.readCid = readCid.clone();
        this.writeSequenceBytes = writeSequenceBits / 8;
        this.writeLength = writeLength;
        this.padding = padding;
    }

    @Override
    public boolean firstByteMatches(int firstByte) {
        // RFC 9147 §4.1: a first byte 001xxxxx is a DTLSCiphertext
        return (firstByte & FIXED_MASK) == FIXED_BITS;
    }

    @Override
    public boolean parseHeader(byte[] b, int off, int end, RecordView view) {
        if (off >= end) {
            return false;
        }
        int first = b[off] & 0xFF;
        if (!firstByteMatches(first)) {
            return false;
        }
        view.clear(off);
        view.epoch = first & EPOCH_MASK;
        view.epochBits = 2;
        int pos = off + 1;
        if ((first & C_BIT) != 0) {
            int cidLength = readCid.length;
            if (cidLength == 0 || end - pos < cidLength) {
                return false; // we issued no CID, so its length, and where the record ends, are unknown
            }
            view.cidOffset = pos;
            view.cidLength = cidLength;
            pos += cidLength;
            if (!Arrays.equals(b, view.cidOffset, pos, readCid, 0, cidLength)) {
                view.unknownCid = true;
                view.headerLength = pos - off;
                view.fragmentOffset = pos;
                view.fragmentLength = end - pos;
                return true;
            }
        }
        int sequenceBytes = (first & S_BIT) != 0 ? 2 : 1;
        if (end - pos < sequenceBytes) {
            return false;
        }
        view.sequence = sequenceBytes == 2 ? ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF) : b[pos] & 0xFF;
        view.sequenceBits = 8 * sequenceBytes;
        pos += sequenceBytes;
        int length;
        if ((first & L_BIT) != 0) {
            if (end - pos < 2) {
                return false;
            }
            length = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            if (length > end - pos) {
                return false; // a record may not span datagrams (RFC 9147 §4.3)
            }
        } else {
            length = end - pos; // §4: without a length the record is the rest of the datagram
        }
        view.headerLength = pos - off;
        view.fragmentOffset = pos;
        view.fragmentLength = length;
        return true;
    }

    /**
     * RFC 9147 §4.2.3 then §4.2.2: decrypts the sequence number bits in place with {@code cipher}'s
     * sn_key and replaces {@code view.sequence} with the full sequence number closest to
     * {@code expectedNext}. False (the record is dropped) when there is no DTLS 1.3 cipher or the
     * ciphertext is shorter than the 16-byte sample.
     */
    @Override
    public boolean reconstructSequence(byte[] b, RecordView view, RecordCipher cipher, long expectedNext) {
        if (cipher == null || !cipher.isDtls13() || view.sequenceBits == 0
                || view.fragmentLength < SequenceNumberCipher.SAMPLE_LENGTH) {
            return false;
        }
        int sequenceBytes = view.sequenceBits / 8;
        int sequenceOff = view.offset + 1 + view.cidLength;
        cipher.maskSequenceNumber(b, view.fragmentOffset, sequenceOff, sequenceBytes);
        long low = sequenceBytes == 2 ? ((b[sequenceOff] & 0xFF) << 8) | (b[sequenceOff + 1] & 0xFF) : b[sequenceOff] & 0xFF;
        view.sequence = reconstruct(low, view.sequenceBits, expectedNext);
        return true;
    }

    /**
     * RFC 9147 §4.2.2: the sequence number whose low {@code bits} bits are {@code low} and which is
     * numerically closest to {@code expectedNext} (one plus the highest deprotected in the epoch, 0
     * when none was). Never negative. A tie (a distance of exactly half the field's range either way)
     * goes to the higher candidate, which is the later record.
     */
    public static long reconstruct(long low, int bits, long expectedNext) {
        long range = 1L << bits;
        long half = range >>> 1;
        long candidate = (expectedNext & -range) | (low & (range - 1));
        if (candidate <= expectedNext - half && candidate <= Long.MAX_VALUE - range) {
            return candidate + range;
        }
        if (candidate > expectedNext + half && candidate >= range) {
            return candidate - range;
        }
        return candidate;
    }

    @Override
    public int open(byte[] b, RecordView view, long epoch, RecordCipher cipher) {
        if (view.unknownCid) {
            return RecordLayer.DROP_UNKNOWN_CID;
        }
        if (cipher == null || !cipher.isDtls13() || view.sequenceBits == 0
                || (readCid.length > 0 && view.cidLength == 0)
                || view.fragmentLength > MAX_CIPHERTEXT_LENGTH) {
            return RecordLayer.DROP_BAD_RECORD;
        }
        int start = view.fragmentOffset;
        // additional data: the header in the datagram, whose sequence number reconstructSequence decrypted
        int length = cipher.open(view.sequence, b, view.offset, view.headerLength, b, start, view.fragmentLength, b, start);
        if (length < 0) {
            return RecordLayer.DROP_BAD_MAC;
        }
        if (length > MAX_INNER_PLAINTEXT_LENGTH) {
            return RecordLayer.DROP_BAD_RECORD;
        }
        int contentLength = InnerPlaintext.contentLength(b, start, length);
        if (contentLength < 0) {
            return RecordLayer.DROP_BAD_RECORD; // all zeros: no content type
        }
        view.contentType = b[start + contentLength] & 0xFF;
        view.fragmentLength = contentLength;
        return contentLength;
    }

    @Override
    public int expansion(RecordCipher cipher) {
        int protection = cipher == null ? 0 : cipher.expansion();
        return headerLength() + 1 + Math.max(padding.maxPadding(), SequenceNumberCipher.SAMPLE_LENGTH - 1 - protection)
                + protection;
    }

    private int headerLength() {
        return 1 + writeCid.length + writeSequenceBytes + (writeLength ? 2 : 0);
    }

    /**
     * Writes one DTLSCiphertext: the inner plaintext (padded, if need be, to give the 16-byte sample),
     * sealed with the header as additional data, then the sequence number bits encrypted.
     *
     * @throws IllegalStateException    when {@code cipher} is not a DTLS 1.3 cipher (this header is never unprotected)
     * @throws IllegalArgumentException when the DTLSInnerPlaintext would exceed 2^14 + 1 bytes
     */
    @Override
    public int write(int type, long epoch, long seq, byte[] in, int inOff, int inLen, RecordCipher cipher,
                     byte[] out, int outOff) {
        if (cipher == null || !cipher.isDtls13()) {
            throw new IllegalStateException("DTLS 1.3 records with the unified header are protected by a DTLS 1.3 cipher");
        }
        if (epoch < 0 || seq < 0) {
            throw new IllegalArgumentException("record header field out of range");
        }
        int protection = cipher.expansion();
        int pad = Math.max(padding.paddingLength(type, inLen),
                SequenceNumberCipher.SAMPLE_LENGTH - protection - inLen - 1); // §4.2.3: senders MUST pad short plaintexts
        int innerLength = inLen + 1 + pad;
        if (innerLength > MAX_INNER_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("a DTLSInnerPlaintext is at most " + MAX_INNER_PLAINTEXT_LENGTH + " bytes");
        }
        int headerLength = headerLength();
        int fragmentOff = outOff + headerLength;
        // the content first: it may lie where the header goes
        InnerPlaintext.write(type, in, inOff, inLen, pad, out, fragmentOff);
        int fragmentLength = innerLength + protection;
        int pos = outOff;
        out[pos++] = (byte) (FIXED_BITS | (writeCid.length > 0 ? C_BIT : 0) | (writeSequenceBytes == 2 ? S_BIT : 0)
                | (writeLength ? L_BIT : 0) | (int) (epoch & EPOCH_MASK));
        System.arraycopy(writeCid, 0, out, pos, writeCid.length);
        pos += writeCid.length;
        int sequenceOff = pos;
        if (writeSequenceBytes == 2) {
            out[pos++] = (byte) (seq >>> 8);
        }
        out[pos++] = (byte) seq;
        if (writeLength) {
            out[pos++] = (byte) (fragmentLength >>> 8);
            out[pos++] = (byte) fragmentLength;
        }
        int sealed = cipher.seal(seq, out, outOff, headerLength, out, fragmentOff, innerLength, out, fragmentOff);
        cipher.maskSequenceNumber(out, fragmentOff, sequenceOff, writeSequenceBytes);
        return headerLength + sealed;
    }

    /** The content type and the most padding; the padding for a sample only ever lengthens records far below any limit. */
    @Override
    public int innerPlaintextOverhead() {
        return 1 + padding.maxPadding();
    }
}
