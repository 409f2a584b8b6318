package io.dtls4j.record;

import io.dtls4j.crypto.RecordCipher;

import java.util.Arrays;

/**
 * The record layer state of one association: a table of epochs (RFC 6347 §4.1, RFC 9147 §4), each
 * with its own {@link RecordFormat}, protection, write sequence counter and replay window. Epoch 0
 * (no protection, DTLS 1.2 header) exists from the start; the handshake installs the later ones.
 * The table has no fixed size, but only the epochs in use are kept ({@link #MAX_EPOCHS}).
 *
 * <p>Reading: {@link #parse} reads one record's header, once, into a {@link RecordView};
 * {@link #open} checks and decrypts that record in place and returns its content length, or a
 * negative {@code DROP_*} code telling why it was dropped (RFC 6347 §4.1.2.7: invalid records are
 * dropped silently). The replay window moves only after a record authenticates. Writing:
 * {@link #writeRecord} appends one record of a given epoch to a datagram buffer.
 * Nothing here allocates per record.
 */
public final class RecordLayer {
    /** RFC 5246 §6.2.1: a plaintext fragment is at most 2^14 bytes. */
    public static final int MAX_PLAINTEXT_LENGTH = 16384;
    /**
     * Epochs kept at once: the current ones and those whose records may still arrive late. Installing
     * one more forgets the oldest protected epoch (RFC 9147 §4.2.1 keeps old keys only for a while).
     */
    public static final int MAX_EPOCHS = 4;

    public static final int DROP_UNKNOWN_EPOCH = -1;
    public static final int DROP_REPLAY = -2;
    public static final int DROP_BAD_MAC = -3;
    public static final int DROP_BAD_RECORD = -4;
    /**
     * The record carries a connection ID this association did not issue (RFC 9146 §4, RFC 9147 §4):
     * it, and the rest of its datagram, belong to another association.
     */
    public static final int DROP_UNKNOWN_CID = -5;

    private final int replayWindowSize;
    /** Installed epochs in ascending order of number; epoch 0 first. */
    private Epoch[] epochs = new Epoch[2];
    private int epochCount;
    private Epoch writeEpoch;

    public RecordLayer(int replayWindowSize) {
        this.replayWindowSize = replayWindowSize;
        writeEpoch = new Epoch(0, Dtls12RecordFormat.INSTANCE, null, null, replayWindowSize);
        epochs[epochCount++] = writeEpoch;
    }

    /**
     * Installs {@code number} (above every installed epoch) with its format and ciphers; either
     * cipher may come later through a second call only by re-installing, so pass both. Records of the
     * epoch can be read at once; writing in it starts with {@link #switchWriteEpoch}.
     */
    public void installEpoch(long number, RecordFormat format, RecordCipher write, RecordCipher read) {
        installEpoch(number, format, write, read, MAX_PLAINTEXT_LENGTH, MAX_PLAINTEXT_LENGTH);
    }

    /**
     * Installs an epoch whose records are limited by record_size_limit (RFC 8449 §4): we write
     * records of at most {@code writeLimit} bytes of plaintext (the peer's limit) and drop records of
     * more than {@code readLimit} bytes of content (ours; §4 lets DTLS discard them rather than fail).
     */
    public void installEpoch(long number, RecordFormat format, RecordCipher write, RecordCipher read,
                             int writeLimit, int readLimit) {
        if (writeLimit < 1 || readLimit < 1) {
            throw new IllegalArgumentException("record size limits must be positive: " + writeLimit + ", " + readLimit);
        }
        if (number <= epochs[epochCount - 1].number) {
            throw new IllegalStateException("epoch " + number + " is not above the installed epoch " + epochs[epochCount - 1].number);
        }
        if (epochCount == MAX_EPOCHS) {
            // forget the oldest protected epoch (never epoch 0: a peer restarting a handshake still writes in it)
            System.arraycopy(epochs, 2, epochs, 1, epochCount - 2);
            epochCount--;
        }
        if (epochCount == epochs.length) {
            epochs = Arrays.copyOf(epochs, epochs.length * 2);
        }
        epochs[epochCount++] = new Epoch(number, format, write, read, replayWindowSize, writeLimit, readLimit);
    }

    /** The epoch new records of the current write state go out in. */
    public long writeEpoch() {
        return writeEpoch.number;
    }

    /** The highest installed epoch. */
    public long highestEpoch() {
        return epochs[epochCount - 1].number;
    }

    /** From now on application data, alerts and flights without an epoch of their own go out in {@code number}. */
    public void switchWriteEpoch(long number) {
        Epoch epoch = find(number);
        if (epoch == null || (number != 0 && epoch.writeCipher == null)) {
            throw new IllegalStateException("no write protection installed for epoch " + number);
        }
        writeEpoch = epoch;
    }

    public boolean canRead(long epoch) {
        Epoch e = find(epoch);
        return e != null && e.canRead();
    }

    /** Bytes a record of {@code epoch} adds to its content: header, protection and any inner wrapping. */
    public int expansion(long epoch) {
        Epoch e = find(epoch);
        if (e == null) {
            throw new IllegalStateException("epoch " + epoch + " is not installed");
        }
        return e.format.expansion(e.writeCipher);
    }

    /**
     * The most content one record of {@code epoch} may carry when we write it: 2^14 (RFC 5246 §6.2.1),
     * or less under the peer's record_size_limit (RFC 8449 §4) in an epoch that negotiated one.
     */
    public int maxContentLength(long epoch) {
        Epoch e = find(epoch);
        if (e == null) {
            throw new IllegalStateException("epoch " + epoch + " is not installed");
        }
        return e.maxWriteContent;
    }

    /** Makes the next write sequence number of {@code epoch} at least {@code seq} (a server after a stateless cookie exchange). */
    public void advanceWriteSequence(long epoch, long seq) {
        Epoch e = find(epoch);
        if (e != null && seq > e.nextWriteSequence) {
            e.nextWriteSequence = seq;
        }
    }

    /**
     * Writes one record of {@code epoch} holding {@code data[off, off+len)} into {@code out} at
     * {@code outOff}. Returns the bytes written. The caller makes sure {@code out} has room for
     * {@code len + expansion(epoch)} bytes.
     */
    public int writeRecord(int type, long epoch, byte[] data, int off, int len, byte[] out, int outOff) {
        Epoch e = epoch == writeEpoch.number ? writeEpoch : find(epoch);
        if (e == null || (epoch != 0 && e.writeCipher == null)) {
            throw new IllegalStateException("no write protection installed for epoch " + epoch);
        }
        if (len > e.maxWriteContent) {
            throw new IllegalArgumentException("record content of " + len + " bytes exceeds the " + e.maxWriteContent
                    + " bytes epoch " + epoch + " allows");
        }
        long seq = e.nextWriteSequence;
        if (seq > RecordHeader.MAX_SEQUENCE) {
            // RFC 6347 §4.1: sequence numbers must not wrap; we never renegotiate, so the association ends here.
            throw new IllegalStateException("record sequence number space exhausted");
        }
        e.nextWriteSequence = seq + 1;
        return e.format.write(type, e.number, seq, data, off, len, e.writeCipher, out, outOff);
    }

    /**
     * Reads the header of the record at {@code b[off]} ({@code end}: the datagram's end) into
     * {@code view}. Returns false when no format can read it; the rest of the datagram is then
     * unusable, since its length is unknown.
     *
     * <p>The format is the one of the newest epoch whose format claims the first byte. When the
     * header then names another epoch whose own format instance also claims that byte (one instance per
     * epoch, e.g. DTLS 1.3 epochs written with different instances), the header is read again by that
     * instance, so that {@link #open} finds the record read by its epoch's format.
     */
    public boolean parse(byte[] b, int off, int end, RecordView view) {
        if (off >= end) {
            return false;
        }
        int first = b[off] & 0xFF;
        RecordFormat reader = null;
        for (int i = epochCount - 1; i >= 0 && reader == null; i--) {
            if (epochs[i].format.firstByteMatches(first)) {
                reader = epochs[i].format;
            }
        }
        if (reader == null || !reader.parseHeader(b, off, end, view)) {
            return false;
        }
        view.format = reader;
        if (!view.unknownCid) {
            Epoch e = findForRead(view);
            if (e != null && e.format != reader && e.format.firstByteMatches(first)) {
                if (!e.format.parseHeader(b, off, end, view)) {
                    return false;
                }
                view.format = e.format;
            }
        }
        return true;
    }

    /**
     * Authenticates and decrypts, in place, the record {@link #parse} read into {@code view}. On
     * success {@code view} gives the content's type and bounds, its full epoch and sequence number, and
     * its length is returned; otherwise a DROP code. A record must arrive in the format of its epoch.
     *
     * <p>Where the header carries the sequence number in clear (DTLS 1.2, with or without CID) the
     * replay window is checked before decrypting, which saves the AEAD on duplicates. Where it is
     * encrypted (the DTLS 1.3 unified header) it is checked after: RFC 9147 §4.5.1, the discard would
     * otherwise be a timing channel for the record number. Either way the window moves only for
     * records that authenticate.
     */
    public int open(byte[] b, RecordView view) {
        if (view.unknownCid) {
            return DROP_UNKNOWN_CID;
        }
        Epoch e = findForRead(view);
        if (e == null || !e.canRead()) {
            return DROP_UNKNOWN_EPOCH;
        }
        if (e.format != view.format) {
            // e.g. a plain DTLS 1.2 header in an epoch that negotiated connection IDs (RFC 9146 §3)
            return DROP_BAD_RECORD;
        }
        if (!e.format.reconstructSequence(b, view, e.readCipher, e.expectedNextRead())) {
            return DROP_BAD_RECORD;
        }
        if (e.window == null) {
            // RFC 6347 §4.1.2.6 moves the window only for records that authenticate, and nothing in
            // epoch 0 does: a forged plaintext record with a high sequence number would otherwise push
            // the window past every genuine one. Repeated handshake records are caught by the
            // reassembler's message_seq instead.
            view.epoch = e.number;
            view.epochBits = 64;
            return e.format.open(b, view, e.number, null);
        }
        boolean sequenceInClear = view.sequenceBits >= 48;
        if (sequenceInClear && !e.window.isFresh(view.sequence)) {
            return DROP_REPLAY;
        }
        int length = e.format.open(b, view, e.number, e.readCipher);
        if (length < 0) {
            return length;
        }
        if (length > e.maxReadContent) {
            // RFC 8449 §4: over the limit we advertised; "a DTLS endpoint ... MAY ... discard the record".
            // It authenticated, but is dropped before it moves the window, like any record we refuse.
            return DROP_BAD_RECORD;
        }
        if (!sequenceInClear && !e.window.isFresh(view.sequence)) {
            return DROP_REPLAY;
        }
        // RFC 9146 §6: only a record newer than any before, in the newest epoch, may move the peer
        view.newest = view.sequence > e.window.highest() && e == epochs[epochCount - 1];
        e.window.accept(view.sequence);
        view.epoch = e.number;
        view.epochBits = 64;
        return length;
    }

    /** The epoch a record belongs to: the newest installed one whose low bits match what its header carries. */
    private Epoch findForRead(RecordView view) {
        if (view.epochBits >= 64) {
            return find(view.epoch);
        }
        long mask = (1L << view.epochBits) - 1;
        for (int i = epochCount - 1; i >= 0; i--) {
            if ((epochs[i].number & mask) == view.epoch) {
                return epochs[i];
            }
        }
        return null;
    }

    private Epoch find(long number) {
        for (int i = epochCount - 1; i >= 0; i--) {
            if (epochs[i].number == number) {
                return epochs[i];
            }
        }
        return null;
    }
}
