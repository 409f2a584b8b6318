package io.dtls4j.record;

import io.dtls4j.crypto.RecordCipher;

/**
 * One epoch of one association (RFC 6347 §4.1, RFC 9147 §4): its record format, the protection of
 * each direction (null in the unprotected epoch 0), the next sequence number to write and the
 * anti-replay window of what was read. Epochs are installed by the record layer's owner when the
 * handshake derives keys, and never change afterwards.
 */
final class Epoch {
    final long number;
    final RecordFormat format;
    final RecordCipher writeCipher;
    final RecordCipher readCipher;
    /** Null in epoch 0: nothing there authenticates, so nothing may move a window (see RecordLayer.open). */
    final ReplayWindow window;
    long nextWriteSequence;
    /** The largest content a record of this epoch may carry when we write it (RFC 8449: the peer's limit). */
    final int maxWriteContent;
    /** The largest content we accept in a record of this epoch (RFC 8449: the limit we advertised). */
    final int maxReadContent;

    Epoch(long number, RecordFormat format, RecordCipher writeCipher, RecordCipher readCipher, int replayWindowSize) {
        this(number, format, writeCipher, readCipher, replayWindowSize, RecordLayer.MAX_PLAINTEXT_LENGTH,
                RecordLayer.MAX_PLAINTEXT_LENGTH);
    }

    /**
     * @param writeLimit the largest plaintext (RFC 8449 §4: content and any inner type and padding) we may write
     * @param readLimit  the largest plaintext we accept
     */
    Epoch(long number, RecordFormat format, RecordCipher writeCipher, RecordCipher readCipher, int replayWindowSize,
          int writeLimit, int readLimit) {
        // the format's own maximum (RFC 9146 §5: a CID record's 2^14 include the inner content type),
        // within the peer's record_size_limit, which counts the inner plaintext too (RFC 8449 §4)
        this.maxWriteContent = writeLimit >= RecordLayer.MAX_PLAINTEXT_LENGTH ? format.maxContentLength()
                : Math.min(format.maxContentLength(), writeLimit - format.innerPlaintextOverhead());
        this.maxReadContent = Math.min(readLimit, RecordLayer.MAX_PLAINTEXT_LENGTH);
        this.number = number;
        this.format = format;
        this.writeCipher = writeCipher;
        this.readCipher = readCipher;
        this.window = readCipher == null ? null : new ReplayWindow(replayWindowSize);
    }

    boolean canRead() {
        return number == 0 || readCipher != null;
    }

    /** The sequence number a reader expects next in this epoch: one past the highest authenticated. */
    long expectedNextRead() {
        return window == null ? 0 : window.highest() + 1;
    }
}
