package io.dtls4j.cli;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.credentials.SelfSignedCertificate;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The most likely cause of a failed client handshake, from what the client offered and what it
 * saw, as lines printed after the failure: what to check and which option to try. Only what the
 * evidence supports is said; an alert without a likely cause gets no hint.
 */
final class HandshakeHints {
    private HandshakeHints() {
    }

    /** Hint lines for the client's failure {@code e} under {@code config}; empty when there is no likely cause. */
    static List<String> forClient(DtlsException e, DtlsConfig config) {
        List<String> hints = new ArrayList<>();
        AlertDescription alert = e.alert();
        if (!e.alertFromPeer()) {
            return selfSignedServerHints(e);
        }
        if (alert == null) {
            return hints;
        }
        if (Failures.isCertificateAlert(alert) || alert == AlertDescription.ACCESS_DENIED) {
            if (config.certifiedKey() != null) {
                hints.add("the server refused our --cert certificate: it must chain to a CA the server trusts "
                        + "or be pinned there by fingerprint");
            }
        } else if ((alert == AlertDescription.HANDSHAKE_FAILURE || alert == AlertDescription.INSUFFICIENT_SECURITY)
                && offersOnlyPsk(config)) {
            // a server without PSK refuses a client that offers nothing else with handshake_failure
            hints.add("the server accepts none of the offered PSK cipher suites (offered: " + offered(config) + "): it may "
                    + "have no pre-shared key configured (dtls server needs --psk); try --ciphers with a PSK suite the server "
                    + "supports, or --ca-file/--fingerprint to offer certificate suites too");
        } else if (alert == AlertDescription.HANDSHAKE_FAILURE || alert == AlertDescription.INSUFFICIENT_SECURITY) {
            hints.add("the server accepts none of the offered cipher suites, groups or signature schemes "
                    + "(offered: " + offered(config) + "); try --ciphers or --groups with what the server supports"
                    + (config.certifiedKey() == null ? ", or --cert if it requires a client certificate" : ""));
        } else if (alert == AlertDescription.PROTOCOL_VERSION) {
            hints.add("the server does not accept DTLS 1.2, the version dtls offers");
        } else if (alert == AlertDescription.UNKNOWN_PSK_IDENTITY) {
            hints.add("the server knows no key for our --psk-identity");
        } else if ((alert == AlertDescription.DECRYPT_ERROR || alert == AlertDescription.BAD_RECORD_MAC)
                && config.pskClient() != null) {
            // RFC 4279 §2: a server may hide an unknown identity behind decrypt_error
            hints.add("the server holds a different --psk for this --psk-identity, or does not know "
                    + "the identity (a server need not say which)");
        }
        return hints;
    }

    /**
     * When our verification refused a self-signed server certificate: the pin that would trust it, and
     * when that is safe. No CA vouches for such a certificate, so the user's choice is a pin or nothing.
     */
    private static List<String> selfSignedServerHints(DtlsException e) {
        PeerVerificationException refusal = refusal(e);
        if (refusal == null || refusal.peerChain().isEmpty()
                || !SelfSignedCertificate.isSelfSigned(refusal.peerChain().get(0))) {
            return List.of();
        }
        String fingerprint = CertificateFingerprint.sha256(refusal.peerChain().get(0)).toSdp();
        return List.of("the server's certificate is self-signed; to trust exactly this certificate, add "
                        + "--fingerprint '" + fingerprint + "'",
                "that is safe only if you got this fingerprint from a trusted channel (the server's "
                        + "operator, its own output), not from this connection, which anyone on the path can fake");
    }

    /** Whether the client offered PSK suites only: it has a PSK and no verifier for certificates. */
    private static boolean offersOnlyPsk(DtlsConfig config) {
        return config.pskClient() != null && config.peerVerifier() == null && config.rawPublicKeyVerifier() == null;
    }

    /**
     * The suites and groups the client offered, under the engine's rule: PSK suites only with a PSK,
     * certificate suites only with a verifier (Dtls12Context.clientSuites).
     */
    private static String offered(DtlsConfig config) {
        boolean verifier = config.peerVerifier() != null || config.rawPublicKeyVerifier() != null;
        boolean psk = config.pskClient() != null;
        String suites = config.cipherSuites().stream()
                .filter(s -> s.keyExchange().psk() ? psk : verifier)
                .map(CipherSuite::openSslName)
                .collect(Collectors.joining(":"));
        String groups = config.namedGroups().stream().map(GroupNames::displayName).collect(Collectors.joining(":"));
        return "suites " + suites + "; groups " + groups;
    }

    private static PeerVerificationException refusal(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof PeerVerificationException p) {
                return p;
            }
        }
        return null;
    }
}
