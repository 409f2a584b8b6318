package io.dtls4j.handshake;

import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.record.RecordFormat;

/**
 * Keys for one epoch as the handshake derived them, for the record layer: the epoch's number, the
 * wire format its records use (which depends on what was negotiated, e.g. a connection ID) and the
 * protection of each direction.
 */
public record EpochKeys(long epoch, RecordFormat format, RecordCipher write, RecordCipher read) {
}
