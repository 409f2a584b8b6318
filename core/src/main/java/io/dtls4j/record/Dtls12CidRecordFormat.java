package io.dtls4j.record;

import io.dtls4j.crypto.RecordCipher;

import java.util.Arrays;

/**
 * DTLS 1.2 records with connection IDs (RFC 9146 §4–5), for the protected epochs of an association
 * that negotiated the "connection_id" extension:
 * <pre>
 *   tls12_cid(1) version(2) epoch(2) sequence_number(6) cid(cid_length) length(2) enc_content
 * </pre>
 * where enc_content protects a DTLSInnerPlaintext ({@code content || real_type || zeros}) under the
 * additional data of RFC 9146 §5 (the published construction, not the drafts'):
 * <pre>
 *   seq_num_placeholder(8 x 0xff) || tls12_cid || cid_length(1) || tls12_cid || version(2) ||
 *   epoch(2) || sequence_number(6) || cid || length_of_DTLSInnerPlaintext(2)
 * </pre>
 * and the DTLS 1.2 nonce of the cipher ({@code epoch << 48 | sequence_number}).
 *
 * <p>An instance serves one association and is direction-aware. It writes the CID the peer asked for
 * ({@code writeCid}) and reads the one we issued ({@code readCid}); the length of CIDs is not on the
 * wire, so the reader's own CID fixes it. RFC 9146 §3: when a zero-length CID was negotiated for a
 * direction, that direction uses the plain RFC 6347 record format and MAC; this instance then writes,
 * or reads, exactly as {@link Dtls12RecordFormat} does (an instance with both CIDs empty is
 * {@link Dtls12RecordFormat} in every respect, and {@link #of} returns that one instead).
 *
 * <p>A tls12_cid record whose CID is not {@code readCid} is not ours: {@link #parseHeader} marks it
 * {@link RecordView#unknownCid} (the record layer counts it as {@link RecordLayer#DROP_UNKNOWN_CID}
 * before any other check) and lets it take the rest of the datagram, which belongs to another
 * association too. A plain record in an epoch that reads CIDs is dropped by the record layer, as the
 * epoch's format is not the one that read it (RFC 9146 §3: "MUST be treated as invalid").
 *
 * <p>Holds a buffer for the additional data: one instance per association, used by one thread at a time.
 */
public final class Dtls12CidRecordFormat implements RecordFormat {
    /** RFC 9146 §3: {@code opaque cid<0..2^8-1>}. */
    public static final int MAX_CID_LENGTH = 255;
    /** RFC 9146 §5: length_of_DTLSInnerPlaintext MUST NOT exceed 2^14 (content, type and padding). */
    public static final int MAX_INNER_PLAINTEXT_LENGTH = 16384;

    /** type(1) version(2) epoch(2) sequence_number(6): where the CID starts. */
    private static final int CID_OFFSET = 11;
    /** seq_num_placeholder(8) tls12_cid(1) cid_length(1) tls12_cid(1) version(2) epoch(2) sequence_number(6). */
    private static final int AAD_CID_OFFSET = 21;
    private static final Dtls12RecordFormat PLAIN = Dtls12RecordFormat.INSTANCE;

    private final byte[] writeCid;
    private final byte[] readCid;
    private final RecordPadding padding;
    private final byte[] aad;

    /** Writes {@code writeCid} (the peer's), reads {@code readCid} (ours), without padding. */
    public Dtls12CidRecordFormat(byte[] writeCid, byte[] readCid) {
        this(writeCid, readCid, RecordPadding.NONE);
    }

    public Dtls12CidRecordFormat(byte[] writeCid, byte[] readCid, RecordPadding padding) {
        if (writeCid.length > MAX_CID_LENGTH || readCid.length > MAX_CID_LENGTH) {
            throw new IllegalArgumentException("a connection ID is at most " + MAX_CID_LENGTH + " bytes");
        }
        this.writeCid = writeCid.clone();
        this.readCid = readCid.clone();
        this.padding = padding;
        this.aad = new byte[AAD_CID_OFFSET + Math.max(writeCid.length, readCid.length) + 2];
    }

    /**
     * The format of an association's protected epochs once "connection_id" was negotiated with these
     * CIDs: the plain {@link Dtls12RecordFormat} when both are empty (RFC 9146 §3), otherwise a new
     * instance of this format.
     */
    public static RecordFormat of(byte[] writeCid, byte[] readCid) {
        return writeCid.length == 0 && readCid.length == 0 ? PLAIN : new Dtls12CidRecordFormat(writeCid, readCid);
    }

    /** The CID written in our records (the peer's). */
    public byte[] writeCid() {
        return writeCid.clone();
    }

    /** The CID the records we accept carry (ours). */
    public byte[] readCid() {
        return readCid.clone();
    }

    @Override
    public boolean firstByteMatches(int firstByte) {
        return readCid.length == 0 ? PLAIN.firstByteMatches(firstByte) : firstByte == ContentType.TLS12_CID;
    }

    @Override
    public boolean parseHeader(byte[] b, int off, int end, RecordView view) {
        if (readCid.length == 0) {
            return PLAIN.parseHeader(b, off, end, view);
        }
        int cidLength = readCid.length;
        int headerLength = CID_OFFSET + cidLength + 2;
        if (end - off < headerLength || (b[off] & 0xFF) != ContentType.TLS12_CID) {
            return false;
        }
        view.clear(off);
        view.headerLength = headerLength;
        view.contentType = ContentType.TLS12_CID;
        view.version = RecordHeader.version(b, off);
        view.epoch = RecordHeader.epoch(b, off);
        view.epochBits = 16;
        view.sequence = RecordHeader.sequence(b, off);
        view.sequenceBits = 48;
        view.cidOffset = off + CID_OFFSET;
        view.cidLength = cidLength;
        view.fragmentOffset = off + headerLength;
        if (!Arrays.equals(b, view.cidOffset, view.cidOffset + cidLength, readCid, 0, cidLength)) {
            view.unknownCid = true;
            view.fragmentLength = end - view.fragmentOffset;
            return true;
        }
        int length = ((b[off + headerLength - 2] & 0xFF) << 8) | (b[off + headerLength - 1] & 0xFF);
        if (length > end - view.fragmentOffset) {
            return false; // RFC 6347 §4.1.2.7: a record may not span datagrams
        }
        view.fragmentLength = length;
        return true;
    }

    @Override
    public int open(byte[] b, RecordView view, long epoch, RecordCipher cipher) {
        if (readCid.length == 0) {
            return PLAIN.open(b, view, epoch, cipher);
        }
        if (view.unknownCid) {
            return RecordLayer.DROP_UNKNOWN_CID;
        }
        // RFC 9146 §3: plaintext payloads never use this format; RFC 6347 §4.1: the version is DTLS 1.2
        if (cipher == null || view.version != ProtocolVersion.DTLS_1_2
                || view.fragmentLength > RecordHeader.MAX_CIPHERTEXT_LENGTH) {
            return RecordLayer.DROP_BAD_RECORD;
        }
        int innerLength = cipher.plaintextLength(view.fragmentLength);
        if (innerLength < 0) {
            return RecordLayer.DROP_BAD_MAC;
        }
        if (innerLength > MAX_INNER_PLAINTEXT_LENGTH) {
            return RecordLayer.DROP_BAD_RECORD;
        }
        int aadLength = fillAad(view.version, (int) epoch, view.sequence, b, view.cidOffset, view.cidLength, innerLength);
        int start = view.fragmentOffset;
        int length = cipher.open((epoch << 48) | view.sequence, aad, 0, aadLength, b, start, view.fragmentLength, b, start);
        if (length < 0) {
            return RecordLayer.DROP_BAD_MAC;
        }
        int contentLength = InnerPlaintext.contentLength(b, start, length);
        if (contentLength < 0) {
            return RecordLayer.DROP_BAD_RECORD; // all zeros: no real_type
        }
        view.contentType = b[start + contentLength] & 0xFF;
        view.fragmentLength = contentLength;
        return contentLength;
    }

    @Override
    public int maxContentLength() {
        // RFC 9146 §5: the 2^14 bytes include real_type and any padding
        return writeCid.length == 0 ? PLAIN.maxContentLength() : MAX_INNER_PLAINTEXT_LENGTH - 1 - padding.maxPadding();
    }

    @Override
    public int expansion(RecordCipher cipher) {
        if (writeCid.length == 0) {
            return PLAIN.expansion(cipher);
        }
        return RecordHeader.LENGTH + writeCid.length + 1 + padding.maxPadding() + (cipher == null ? 0 : cipher.expansion());
    }

    /**
     * Writes a tls12_cid record; with an empty write CID, a plain DTLS 1.2 record (RFC 9146 §3).
     *
     * @throws IllegalStateException    when {@code cipher} is null: plaintext records never carry a CID
     * @throws IllegalArgumentException when the DTLSInnerPlaintext would exceed 2^14 bytes (RFC 9146 §5)
     */
    @Override
    public int write(int type, long epoch, long seq, byte[] in, int inOff, int inLen, RecordCipher cipher,
                     byte[] out, int outOff) {
        if (writeCid.length == 0) {
            return PLAIN.write(type, epoch, seq, in, inOff, inLen, cipher, out, outOff);
        }
        if (cipher == null) {
            throw new IllegalStateException("RFC 9146 §3: plaintext records never use the tls12_cid format");
        }
        if ((epoch & ~0xFFFFL) != 0 || seq < 0 || seq > RecordHeader.MAX_SEQUENCE) {
            throw new IllegalArgumentException("record header field out of range");
        }
        int pad = padding.paddingLength(type, inLen);
        int innerLength = inLen + 1 + pad;
        if (innerLength > MAX_INNER_PLAINTEXT_LENGTH) {
            throw new IllegalArgumentException("a DTLSInnerPlaintext is at most " + MAX_INNER_PLAINTEXT_LENGTH + " bytes");
        }
        int headerLength = RecordHeader.LENGTH + writeCid.length;
        int fragmentOff = outOff + headerLength;
        // the inner plaintext goes where its ciphertext will, after any explicit nonce, so sealing runs in place
        int innerOff = fragmentOff + cipher.explicitNonceLength();
        InnerPlaintext.write(type, in, inOff, inLen, pad, out, innerOff);
        int aadLength = fillAad(ProtocolVersion.DTLS_1_2, (int) epoch, seq, writeCid, 0, writeCid.length, innerLength);
        int fragmentLength = cipher.seal((epoch << 48) | seq, aad, 0, aadLength, out, innerOff, innerLength, out, fragmentOff);
        out[outOff] = (byte) ContentType.TLS12_CID;
        out[outOff + 1] = (byte) (ProtocolVersion.DTLS_1_2 >>> 8);
        out[outOff + 2] = (byte) ProtocolVersion.DTLS_1_2;
        out[outOff + 3] = (byte) (epoch >>> 8);
        out[outOff + 4] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            out[outOff + 5 + i] = (byte) (seq >>> (40 - 8 * i));
        }
        System.arraycopy(writeCid, 0, out, outOff + CID_OFFSET, writeCid.length);
        out[fragmentOff - 2] = (byte) (fragmentLength >>> 8);
        out[fragmentOff - 1] = (byte) fragmentLength;
        return headerLength + fragmentLength;
    }

    /** RFC 9146 §5 (AEAD ciphers): the additional data of a record, into {@link #aad}; returns its length. */
    private int fillAad(int version, int epoch, long seq, byte[] cid, int cidOff, int cidLength, int innerLength) {
        Arrays.fill(aad, 0, 8, (byte) 0xFF); // seq_num_placeholder
        aad[8] = (byte) ContentType.TLS12_CID;
        aad[9] = (byte) cidLength;
        aad[10] = (byte) ContentType.TLS12_CID;
        aad[11] = (byte) (version >>> 8);
        aad[12] = (byte) version;
        aad[13] = (byte) (epoch >>> 8);
        aad[14] = (byte) epoch;
        for (int i = 0; i < 6; i++) {
            aad[15 + i] = (byte) (seq >>> (40 - 8 * i));
        }
        System.arraycopy(cid, cidOff, aad, AAD_CID_OFFSET, cidLength);
        aad[AAD_CID_OFFSET + cidLength] = (byte) (innerLength >>> 8);
        aad[AAD_CID_OFFSET + cidLength + 1] = (byte) innerLength;
        return AAD_CID_OFFSET + cidLength + 2;
    }

    @Override
    public int innerPlaintextOverhead() {
        return writeCid.length == 0 ? 0 : 1 + padding.maxPadding();
    }
}
