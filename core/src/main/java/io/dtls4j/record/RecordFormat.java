package io.dtls4j.record;

import io.dtls4j.crypto.RecordCipher;

/**
 * One wire format of DTLS records: how a header is laid out, what the AEAD additional data is and
 * how the content is wrapped inside the protection. An epoch is written and read in one format:
 * <ul>
 *   <li>{@link Dtls12RecordFormat}: the 13-byte DTLS 1.2 header (RFC 6347 §4.1);</li>
 *   <li>{@link Dtls12CidRecordFormat}, DTLS 1.2 with a connection ID (RFC 9146): content type
 *       {@code tls12_cid}, the CID in the header, an inner plaintext with the real content type and padding;</li>
 *   <li>{@link Dtls13RecordFormat}, the DTLS 1.3 unified header (RFC 9147 §4) with encrypted,
 *       shortened sequence numbers.</li>
 * </ul>
 * The record layer tells formats apart by the first byte of a record ({@link #firstByteMatches}),
 * so a datagram can carry records of several formats one after another.
 *
 * <p>Reading is split in three so that the replay check runs between the header and the AEAD:
 * {@link #parseHeader}, then {@link #reconstructSequence} (DTLS 1.3 decrypts and widens the
 * sequence number there), then {@link #open}. A format instance may hold per-epoch state (a
 * connection ID, a sequence number key); it is used by one engine thread at a time.
 */
public interface RecordFormat {

    /** Whether a record whose first byte is {@code firstByte} is written in this format. */
    boolean firstByteMatches(int firstByte);

    /**
     * Reads the header of the record that starts at {@code b[off]}, with {@code end} the end of the
     * datagram, into {@code view}: offsets, content type, epoch, sequence number (as carried) and
     * fragment bounds. Returns false when the bytes cannot be a record of this format (too short,
     * a length past {@code end}); the rest of the datagram is then unusable (RFC 6347 §4.1.2.7).
     * A header carrying a connection ID other than the one this format reads is not an error of
     * parsing: the format sets {@link RecordView#unknownCid}, lets the fragment run to {@code end}
     * and returns true, and the record layer drops it as {@link RecordLayer#DROP_UNKNOWN_CID}.
     */
    boolean parseHeader(byte[] b, int off, int end, RecordView view);

    /**
     * Turns the sequence number the header carried into the full one, given the next sequence
     * number expected in the epoch (RFC 9147 §4.2.2). Formats that carry it whole do nothing.
     * Returns false when the record cannot be read (e.g. too short to sample for §4.2.3).
     */
    default boolean reconstructSequence(byte[] b, RecordView view, RecordCipher cipher, long expectedNext) {
        return true;
    }

    /**
     * Authenticates and decrypts the parsed record in place with {@code cipher} (null in the
     * unprotected epoch 0), unwraps the content and updates {@code view}: the content type becomes the
     * real one and the fragment bounds those of the plaintext content. Returns the content length, or
     * a negative {@code RecordLayer.DROP_*} code: {@link RecordLayer#DROP_BAD_MAC} when the record does
     * not authenticate, {@link RecordLayer#DROP_BAD_RECORD} when its header or plaintext is malformed
     * (e.g. an inner plaintext of zeros only), {@link RecordLayer#DROP_UNKNOWN_CID} for a record
     * {@link #parseHeader} marked {@link RecordView#unknownCid}.
     * {@code epoch} is the full epoch the record belongs to.
     */
    int open(byte[] b, RecordView view, long epoch, RecordCipher cipher);

    /**
     * The most content one record of this format carries: 2^14 bytes (RFC 5246 §6.2.1), less what an
     * inner plaintext's content type byte takes where the 2^14 limit covers the whole inner plaintext
     * (RFC 9146 §5).
     */
    default int maxContentLength() {
        return RecordLayer.MAX_PLAINTEXT_LENGTH;
    }

    /** Bytes this format adds to {@code contentLength} bytes of content under {@code cipher} (null: no protection). */
    int expansion(RecordCipher cipher);

    /**
     * The most bytes this format adds to the content inside the protection (an inner plaintext's
     * content type and padding), which RFC 8449 §4 counts against a record size limit; 0 where the
     * content is encrypted as it is.
     */
    default int innerPlaintextOverhead() {
        return 0;
    }

    /**
     * Writes one record of content type {@code type} holding {@code in[inOff, inOff+inLen)} at
     * {@code out[outOff]}, protected with {@code cipher} (null: plaintext), as record {@code seq} of
     * {@code epoch}. Returns the bytes written; the caller leaves room for {@code inLen + expansion(cipher)}.
     */
    int write(int type, long epoch, long seq, byte[] in, int inOff, int inLen, RecordCipher cipher, byte[] out, int outOff);
}
