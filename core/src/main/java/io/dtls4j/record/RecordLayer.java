package io.dtls4j.record;

import io.dtls4j.crypto.RecordCipher;

/**
 * The DTLS 1.2 record layer state of one association (RFC 6347 §4.1): per-epoch write sequence
 * numbers and ciphers, per-epoch read ciphers and anti-replay windows. dtls4j does not renegotiate,
 * so only epochs 0 (no protection) and 1 (the negotiated AEAD) exist.
 *
 * <p>Writing: {@link #writeRecord} appends one record to a datagram buffer. Reading:
 * {@link #openRecord} checks one record in place and returns its plaintext length, or a negative
 * {@code DROP_*} code telling why it was dropped (RFC 6347 §4.1.2.7: invalid records are dropped
 * silently). The replay window is updated only after a record authenticates.
 */
public final class RecordLayer {
    /** Largest epoch this record layer handles. */
    public static final int MAX_EPOCH = 1;

    /** RFC 5246 §6.2.1: a plaintext fragment is at most 2^14 bytes. */
    public static final int MAX_PLAINTEXT_LENGTH = 16384;

    public static final int DROP_UNKNOWN_EPOCH = -1;
    public static final int DROP_REPLAY = -2;
    public static final int DROP_BAD_MAC = -3;
    public static final int DROP_BAD_RECORD = -4;

    private final RecordCipher[] writeCiphers = new RecordCipher[MAX_EPOCH + 1];
    private final long[] nextWriteSequence = new long[MAX_EPOCH + 1];
    private final RecordCipher[] readCiphers = new RecordCipher[MAX_EPOCH + 1];
    private final ReplayWindow[] replayWindows = new ReplayWindow[MAX_EPOCH + 1];
    private final int replayWindowSize;
    private int writeEpoch;

    public RecordLayer(int replayWindowSize) {
        this.replayWindowSize = replayWindowSize;
    }

    /** The epoch new records of the current write state go out in. */
    public int writeEpoch() {
        return writeEpoch;
    }

    /** Installs the epoch-1 write cipher; records are sent in epoch 1 once {@link #switchWriteEpoch()} is called. */
    public void installWriteCipher(RecordCipher cipher) {
        writeCiphers[1] = cipher;
    }

    /** Moves the current write epoch to 1 (after our ChangeCipherSpec). */
    public void switchWriteEpoch() {
        if (writeCiphers[1] == null) {
            throw new IllegalStateException("no epoch 1 write cipher installed");
        }
        writeEpoch = 1;
    }

    /** Installs the epoch-1 read cipher: records of epoch 1 can be opened from now on. */
    public void installReadCipher(RecordCipher cipher) {
        readCiphers[1] = cipher;
        replayWindows[1] = new ReplayWindow(replayWindowSize);
    }

    public boolean canRead(int epoch) {
        return epoch == 0 || (epoch <= MAX_EPOCH && readCiphers[epoch] != null);
    }

    /** Record expansion (explicit nonce + tag) in the given write epoch. */
    public int expansion(int epoch) {
        RecordCipher cipher = writeCiphers[epoch];
        return cipher == null ? 0 : cipher.aead().expansion();
    }

    /** Makes the next write sequence number of epoch 0 at least {@code seq} (server after a stateless cookie exchange). */
    public void advanceWriteSequence(int epoch, long seq) {
        if (seq > nextWriteSequence[epoch]) {
            nextWriteSequence[epoch] = seq;
        }
    }

    /**
     * Writes one record of {@code epoch} holding {@code data[off, off+len)} into {@code out} at
     * {@code outOff}. Returns the bytes written (header + protected fragment). The caller makes sure
     * {@code out} has room for {@code RecordHeader.LENGTH + len + expansion(epoch)} bytes.
     */
    public int writeRecord(int type, int version, int epoch, byte[] data, int off, int len, byte[] out, int outOff) {
        long seq = nextWriteSequence[epoch]++;
        if (seq > 0xFFFF_FFFF_FFFFL) {
            // RFC 6347 §4.1: sequence numbers must not wrap; we never renegotiate, so the association ends here.
            throw new IllegalStateException("record sequence number space exhausted");
        }
        int fragmentLength;
        RecordCipher cipher = writeCiphers[epoch];
        if (epoch == 0) {
            System.arraycopy(data, off, out, outOff + RecordHeader.LENGTH, len);
            fragmentLength = len;
        } else {
            fragmentLength = cipher.seal(((long) epoch << 48) | seq, type, version, data, off, len,
                    out, outOff + RecordHeader.LENGTH);
        }
        RecordHeader.write(out, outOff, type, version, epoch, seq, fragmentLength);
        return RecordHeader.LENGTH + fragmentLength;
    }

    /**
     * Authenticates and decrypts, in place, the record whose header starts at {@code off} in {@code b}
     * and whose fragment is the following {@code fragmentLength} bytes. On success the plaintext
     * starts at {@code off + RecordHeader.LENGTH} and its length is returned; otherwise a DROP code.
     */
    public int openRecord(byte[] b, int off, int fragmentLength) {
        int type = RecordHeader.type(b, off);
        int version = RecordHeader.version(b, off);
        int epoch = RecordHeader.epoch(b, off);
        long seq = RecordHeader.sequence(b, off);
        if (!canRead(epoch)) {
            return DROP_UNKNOWN_EPOCH;
        }
        if (epoch == 0) {
            // RFC 6347 §4.1.2.6 moves the window only for records that authenticate, and nothing in
            // epoch 0 does: a forged plaintext record with a high sequence number would otherwise push
            // the window past every genuine one. Repeated handshake records are caught by the
            // reassembler's message_seq instead.
            return fragmentLength <= MAX_PLAINTEXT_LENGTH ? fragmentLength : DROP_BAD_RECORD;
        }
        ReplayWindow window = replayWindows[epoch];
        if (!window.isFresh(seq)) {
            return DROP_REPLAY;
        }
        int start = off + RecordHeader.LENGTH;
        int plaintextLength = readCiphers[epoch].open(((long) epoch << 48) | seq, type, version,
                b, start, fragmentLength, b, start);
        if (plaintextLength < 0) {
            return DROP_BAD_MAC;
        }
        if (plaintextLength > MAX_PLAINTEXT_LENGTH) {
            return DROP_BAD_RECORD;
        }
        window.accept(seq);
        return plaintextLength;
    }
}
