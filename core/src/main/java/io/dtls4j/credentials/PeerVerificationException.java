package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The peer's credentials were not accepted; carries the alert the handshake ends with and, once the
 * handshake has recorded it, the certificate chain that was refused, so that an application can show
 * the user what it would take to trust that peer (its fingerprint, its issuer).
 */
public class PeerVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AlertDescription alert;
    // certificates are public data; transient only because a chain need not survive serialization
    private transient List<X509Certificate> peerChain;

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

    /**
     * The chain the peer presented and the verifier refused, leaf first; empty when not recorded
     * (a raw public key, or an exception not thrown through the handshake).
     */
    public List<X509Certificate> peerChain() {
        return peerChain == null ? List.of() : peerChain;
    }

    /**
     * Records the refused chain, once, as {@link Throwable#initCause} records a cause: verifiers
     * need not pass it, the handshake adds it when it turns this exception into its failure.
     *
     * @return this exception
     * @throws IllegalStateException when a chain was already recorded
     */
    public PeerVerificationException initPeerChain(List<X509Certificate> chain) {
        if (peerChain != null) {
            throw new IllegalStateException("the peer chain is already recorded");
        }
        peerChain = List.copyOf(chain);
        return this;
    }
}
