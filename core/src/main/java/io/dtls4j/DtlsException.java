package io.dtls4j;

/**
 * A failure of a DTLS association. When the failure maps to a TLS alert (sent by us or received from
 * the peer), {@link #alert()} names it; otherwise it is null (for example a handshake timeout).
 */
public class DtlsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;
    private final boolean alertFromPeer;

    public DtlsException(AlertDescription alert, String message) {
        this(alert, false, message, null);
    }

    public DtlsException(AlertDescription alert, String message, Throwable cause) {
        this(alert, false, message, cause);
    }

    public DtlsException(AlertDescription alert, boolean alertFromPeer, String message, Throwable cause) {
        super(message, cause);
        this.alert = alert;
        this.alertFromPeer = alertFromPeer;
    }

    /** The alert that ended the association, or null when none applies. */
    public AlertDescription alert() {
        return alert;
    }

    /** True when the peer sent the alert, false when we sent it (or none was involved). */
    public boolean alertFromPeer() {
        return alertFromPeer;
    }
}
