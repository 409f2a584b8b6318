package io.dtls4j.cli;

import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.session.SessionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Words for what a handshake negotiated, as the commands print them. */
public final class SessionSummary {
    private SessionSummary() {
    }

    /**
     * One line: {@code DTLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 X25519, peer sha-256 AB:..., New session, handshake 12 ms};
     * {@code Reused session} when the connection resumed an earlier one (the words of
     * {@code openssl s_client}, which prints {@code New} or {@code Reused} for each connection), and
     * {@code , cid in … out …} before the handshake time when connection IDs were negotiated.
     *
     * @param handshake how long the handshake took, or null when not measured
     */
    public static String oneLine(SessionInfo session, Duration handshake) {
        StringBuilder sb = new StringBuilder()
                .append(session.protocolVersion()).append(' ')
                .append(session.cipherSuite().openSslName())
                .append(session.namedGroup() == null ? "" : " " + GroupNames.displayName(session.namedGroup()))
                .append(", peer ").append(peerIdentity(session))
                .append(session.resumed() ? ", Reused session" : ", New session");
        if (session.connectionIdNegotiated()) {
            sb.append(", ").append(connectionIds(session));
        }
        if (handshake != null) {
            sb.append(", handshake ").append(millis(handshake)).append(" ms");
        }
        return sb.toString();
    }

    /**
     * The negotiated connection IDs (RFC 9146) in hex: {@code cid in 0a1b2c3d out (empty)}, "in" the one
     * the peer's records carry (ours), "out" the one ours carry (the peer's).
     */
    public static String connectionIds(SessionInfo session) {
        return "cid in " + hexOrEmpty(session.readConnectionId()) + " out " + hexOrEmpty(session.writeConnectionId());
    }

    private static String hexOrEmpty(byte[] cid) {
        return cid.length == 0 ? "(empty)" : java.util.HexFormat.of().formatHex(cid);
    }

    /**
     * What the application negotiated, one line each and only when negotiated:
     * {@code SRTP profile: SRTP_AES128_CM_SHA1_80} (OpenSSL's name), {@code SRTP MKI: 0A0B} when one is
     * used, and {@code ALPN protocol: webrtc}.
     */
    public static List<String> negotiated(SessionInfo session) {
        List<String> lines = new ArrayList<>(2);
        if (session.srtpProfile() != null) {
            lines.add("SRTP profile: " + session.srtpProfile().openSslName());
            if (session.srtpMki().length > 0) {
                lines.add("SRTP MKI: " + HexFormat.of().withUpperCase().formatHex(session.srtpMki()));
            }
        }
        if (session.applicationProtocol() != null) {
            lines.add("ALPN protocol: " + session.applicationProtocol());
        }
        return lines;
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
