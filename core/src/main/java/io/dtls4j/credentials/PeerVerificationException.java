package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;

/** The peer's credentials were not accepted; carries the alert the handshake ends with. */
public class PeerVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;

    public PeerVerificationException(AlertDescription alert, String message) {
        this(alert, message, null);
    }

    public PeerVerificationException(AlertDescription alert, String message, Throwable cause) {
        super(message, cause);
        this.alert = alert;
    }

    public AlertDescription alert() {
        return alert;
    }
}
