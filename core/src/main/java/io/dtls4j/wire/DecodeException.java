package io.dtls4j.wire;

import io.dtls4j.AlertDescription;

import java.util.Objects;

/**
 * Bytes from the peer do not decode. Names the alert to send: usually {@link AlertDescription#DECODE_ERROR}
 * for malformed structure, {@link AlertDescription#ILLEGAL_PARAMETER} for well-formed but out-of-range values.
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;

    public DecodeException(AlertDescription alert, String message) {
        super(message);
        this.alert = Objects.requireNonNull(alert, "alert");
    }

    /** The alert to send to the peer. */
    public AlertDescription alert() {
        return alert;
    }

    /** A {@link AlertDescription#DECODE_ERROR} with the given message. */
    public static DecodeException decodeError(String message) {
        return new DecodeException(AlertDescription.DECODE_ERROR, message);
    }

    /** An {@link AlertDescription#ILLEGAL_PARAMETER} with the given message. */
    public static DecodeException illegalParameter(String message) {
        return new DecodeException(AlertDescription.ILLEGAL_PARAMETER, message);
    }
}
