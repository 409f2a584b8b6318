package io.dtls4j.wire;

import io.dtls4j.AlertDescription;

/** Bytes from the peer that do not decode; names the alert to answer with. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;

    public DecodeException(AlertDescription alert, String message) {
        super(message);
        this.alert = alert;
    }

    /** A DECODE_ERROR (RFC 5246 §7.2.2: a message could not be decoded). */
    public DecodeException(String message) {
        this(AlertDescription.DECODE_ERROR, message);
    }

    public AlertDescription alert() {
        return alert;
    }
}
