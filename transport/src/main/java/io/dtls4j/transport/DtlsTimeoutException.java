package io.dtls4j.transport;

import io.dtls4j.DtlsException;

/**
 * A handshake that did not complete in time: the peer did not answer (or stopped answering) before
 * the handshake timeout, or the engine gave up after its retransmissions. Carries no alert.
 */
public class DtlsTimeoutException extends DtlsException {
    private static final long serialVersionUID = 1L;

    public DtlsTimeoutException(String message) {
        super(null, message);
    }

    public DtlsTimeoutException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
