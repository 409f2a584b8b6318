package io.dtls4j.session;

import io.dtls4j.config.CipherSuite;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A session that a later handshake may resume with the abbreviated handshake (RFC 5246 §7.3,
 * Figure 2 of RFC 6347): its identifier, master secret and what the full handshake established.
 * A client gets it from {@code DtlsEngine.resumableSession()} after a handshake and offers it again
 * with {@code DtlsEngine.client(config, serverName, session)}; a server keeps its own in a
 * {@link SessionCache}.
 *
 * <p>It holds the master secret: whoever stores it must protect it like a private key. The secret
 * never appears in {@link #toString()}.
 */
public final class ResumableSession {
    private final byte[] id;
    private final byte[] masterSecret;
    private final SessionInfo info;
    private final String serverName;
    private final long createdAtMillis;

    /**
     * @param id              the session_id (RFC 5246 §7.4.1.2), 1 to 32 bytes
     * @param masterSecret    the 48-byte master secret (copied)
     * @param info            what the full handshake negotiated and who the peer was
     * @param serverName      the server name the client connected to (null for none): a client offers
     *                        the session to that name only
     * @param createdAtMillis when the full handshake completed, on the clock of the engine that ran it
     */
    public ResumableSession(byte[] id, byte[] masterSecret, SessionInfo info, String serverName, long createdAtMillis) {
        if (id == null || id.length == 0 || id.length > 32) {
            throw new IllegalArgumentException("a session ID has 1 to 32 bytes");
        }
        if (masterSecret == null || masterSecret.length != 48) {
            throw new IllegalArgumentException("a master secret has 48 bytes");
        }
        this.id = id.clone();
        this.masterSecret = masterSecret.clone();
        this.info = Objects.requireNonNull(info, "info");
        this.serverName = serverName;
        this.createdAtMillis = createdAtMillis;
    }

    /** The session_id (a copy). */
    public byte[] id() {
        return id.clone();
    }

    /** The master secret (a copy): a secret, never to be logged. */
    public byte[] masterSecret() {
        return masterSecret.clone();
    }

    /** What the full handshake negotiated (its {@link SessionInfo#resumed()} is false). */
    public SessionInfo info() {
        return info;
    }

    public CipherSuite cipherSuite() {
        return info.cipherSuite();
    }

    /** Whether the session's master secret is an extended one (RFC 7627). */
    public boolean extendedMasterSecret() {
        return info.extendedMasterSecret();
    }

    /** The server name the client connected to, or null. */
    public String serverName() {
        return serverName;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** Whether {@code sessionId} names this session. */
    public boolean hasId(byte[] sessionId) {
        return Arrays.equals(id, sessionId);
    }

    @Override
    public String toString() {
        return "ResumableSession[id=" + HexFormat.of().formatHex(id) + ", cipherSuite=" + info.cipherSuite()
                + ", extendedMasterSecret=" + info.extendedMasterSecret() + ", serverName=" + serverName
                + ", createdAtMillis=" + createdAtMillis + "]";
    }
}
