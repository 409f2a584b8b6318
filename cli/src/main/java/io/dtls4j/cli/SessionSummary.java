package io.dtls4j.cli;

import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.session.SessionInfo;

import java.time.Duration;

/** Words for what a handshake negotiated, as the commands print them. */
public final class SessionSummary {
    private SessionSummary() {
    }

    /**
     * One line: {@code DTLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 X25519, peer sha-256 AB:..., handshake 12 ms}.
     *
     * @param handshake how long the handshake took, or null when not measured
     */
    public static String oneLine(SessionInfo session, Duration handshake) {
        StringBuilder sb = new StringBuilder()
                .append(session.protocolVersion()).append(' ')
                .append(session.cipherSuite().openSslName())
                .append(session.namedGroup() == null ? "" : " " + GroupNames.displayName(session.namedGroup()))
                .append(", peer ").append(peerIdentity(session));
        if (handshake != null) {
            sb.append(", handshake ").append(millis(handshake)).append(" ms");
        }
        return sb.toString();
    }

    /** The PSK identity, the peer's certificate fingerprint in SDP form, or what else identifies it. */
    public static String peerIdentity(SessionInfo session) {
        if (session.pskIdentity() != null) {
            return "psk identity " + session.pskIdentity();
        }
        if (!session.peerCertificates().isEmpty()) {
            return CertificateFingerprint.sha256(session.peerCertificates().get(0)).toSdp();
        }
        if (session.peerPublicKey() != null) {
            return "raw " + session.peerPublicKey().getAlgorithm() + " public key";
        }
        return "sent no certificate";
    }

    /** Milliseconds with one decimal: {@code 12.3}. */
    public static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d.toNanos() / 1e6);
    }
}
