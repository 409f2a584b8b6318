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

    Epoch(long number, RecordFormat format, RecordCipher writeCipher, RecordCipher readCipher, int replayWindowSize) {
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
