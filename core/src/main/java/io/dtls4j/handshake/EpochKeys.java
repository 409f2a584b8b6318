package io.dtls4j.handshake;

import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.record.RecordFormat;
import io.dtls4j.record.RecordLayer;

/**
 * Keys for one epoch as the handshake derived them, for the record layer: the epoch's number, the
 * wire format its records use (which depends on what was negotiated, e.g. a connection ID) and the
 * protection of each direction, with the record size limits of the handshake that made them
 * (RFC 8449 §4: "Records are subject to the limits that were set in the handshake that produces the
 * keys"): the largest plaintext we may write (the peer's limit) and the largest we accept (ours),
 * each {@link RecordLayer#MAX_PLAINTEXT_LENGTH} when record_size_limit was not negotiated.
 */
public record EpochKeys(long epoch, RecordFormat format, RecordCipher write, RecordCipher read,
                        int writeRecordSizeLimit, int readRecordSizeLimit) {

    /** Keys without a negotiated record size limit. */
    public EpochKeys(long epoch, RecordFormat format, RecordCipher write, RecordCipher read) {
        this(epoch, format, write, read, RecordLayer.MAX_PLAINTEXT_LENGTH, RecordLayer.MAX_PLAINTEXT_LENGTH);
    }

    /** These keys with the record size limits negotiated by record_size_limit (RFC 8449). */
    public EpochKeys withRecordSizeLimits(int writeLimit, int readLimit) {
        return new EpochKeys(epoch, format, write, read, writeLimit, readLimit);
    }
}
