package io.dtls4j.session;

import io.dtls4j.config.CipherSuite;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A session that a later handshake may resume with the abbreviated handshake (RFC 5246 §7.3,
 * Figure 2 of RFC 6347): its identifier, master secret and what the full handshake established,
 * and on a client the session ticket the server gave for it (RFC 5077 §3.3), if any.
 * A client gets it from {@code DtlsEngine.resumableSession()} after a handshake and offers it again
 * with {@code DtlsEngine.client(config, serverName, session)}; a server keeps its own in a
 * {@link SessionCache}, or in tickets that the client keeps for it.
 *
 * <p>A session is offered by its ticket when it has one (RFC 5077 §3.4), else by its session ID; the
 * ID may be empty when the server issued only a ticket.
 *
 * <p>{@link #toBytes()} and {@link #fromBytes(byte[])} store it across processes, in a versioned
 * binary form of at most {@link #MAX_ENCODED_LENGTH} bytes.
 *
 * <p>It holds the master secret, and so does its encoded form: whoever stores either must protect
 * it like a private key (a file readable by its owner only, never a log). The secret never appears in
 * {@link #toString()}.
 */
public final class ResumableSession {
    /** The longest input {@link #fromBytes(byte[])} reads: room for a long peer chain and a ticket. */
    public static final int MAX_ENCODED_LENGTH = 256 * 1024;

    private final byte[] id;
    private final byte[] masterSecret;
    private final SessionInfo info;
    private final String serverName;
    private final long createdAtMillis;
    /** RFC 5077 §3.3: the opaque ticket, or null when the server gave none. */
    private final byte[] ticket;
    private final long ticketLifetimeHintSeconds;
    private final long ticketReceivedAtMillis;

    /**
     * @param id              the session_id (RFC 5246 §7.4.1.2), 0 to 32 bytes (empty when the server named no
     *                        session, which then resumes only by a ticket)
     * @param masterSecret    the 48-byte master secret (copied)
     * @param info            what the full handshake negotiated and who the peer was
     * @param serverName      the server name the client connected to (null for none): a client offers
     *                        the session to that name only
     * @param createdAtMillis when the full handshake completed, on the clock of the engine that ran it
     */
    public ResumableSession(byte[] id, byte[] masterSecret, SessionInfo info, String serverName, long createdAtMillis) {
        this(id, masterSecret, info, serverName, createdAtMillis, null, 0, 0);
    }

    private ResumableSession(byte[] id, byte[] masterSecret, SessionInfo info, String serverName, long createdAtMillis,
                             byte[] ticket, long ticketLifetimeHintSeconds, long ticketReceivedAtMillis) {
        if (id == null || id.length > 32) {
            throw new IllegalArgumentException("a session ID has 0 to 32 bytes");
        }
        if (masterSecret == null || masterSecret.length != 48) {
            throw new IllegalArgumentException("a master secret has 48 bytes");
        }
        this.id = id.clone();
        this.masterSecret = masterSecret.clone();
        this.info = Objects.requireNonNull(info, "info");
        this.serverName = serverName;
        this.createdAtMillis = createdAtMillis;
        this.ticket = ticket == null ? null : ticket.clone();
        this.ticketLifetimeHintSeconds = ticketLifetimeHintSeconds;
        this.ticketReceivedAtMillis = ticketReceivedAtMillis;
    }

    /**
     * This session with the ticket a server sent in NewSessionTicket (RFC 5077 §3.3), replacing any
     * earlier one: a client offers the ticket in place of the session ID.
     *
     * @param ticket              the opaque ticket, 1 to 65535 bytes (copied)
     * @param lifetimeHintSeconds the server's ticket_lifetime_hint, 0 to 2^32-1 seconds (0: unspecified)
     * @param receivedAtMillis    when the ticket arrived, on the clock of the engine that received it
     */
    public ResumableSession withTicket(byte[] ticket, long lifetimeHintSeconds, long receivedAtMillis) {
        if (ticket == null || ticket.length == 0 || ticket.length > 0xFFFF) {
            throw new IllegalArgumentException("a session ticket has 1 to 65535 bytes (RFC 5077 §3.3)");
        }
        if (lifetimeHintSeconds < 0 || lifetimeHintSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a ticket lifetime hint is a uint32 of seconds, not " + lifetimeHintSeconds);
        }
        return new ResumableSession(id, masterSecret, info, serverName, createdAtMillis, ticket, lifetimeHintSeconds, receivedAtMillis);
    }

    /** This session under another session_id (RFC 5077 §3.4: the one the server echoed when it accepted a ticket). */
    public ResumableSession withId(byte[] sessionId) {
        return new ResumableSession(sessionId, masterSecret, info, serverName, createdAtMillis, ticket,
                ticketLifetimeHintSeconds, ticketReceivedAtMillis);
    }

    /**
     * The versioned binary form of this session, ticket included, for {@link #fromBytes(byte[])}. It
     * holds the master secret: store it like a private key, never log it.
     */
    public byte[] toBytes() {
        return SessionCodec.encode(this);
    }

    /**
     * The session {@link #toBytes()} wrote. The input is checked field by field: what is truncated, too
     * long (over {@link #MAX_ENCODED_LENGTH}), of an unknown format version, has bytes left over or names
     * an unknown suite, group, scheme, certificate or key is refused.
     *
     * @param bytes the encoded session (not modified)
     * @return the session, equal in every field to the one encoded
     * @throws SessionFormatException when {@code bytes} is not a session in a format this library reads
     */
    public static ResumableSession fromBytes(byte[] bytes) throws SessionFormatException {
        return SessionCodec.decode(bytes);
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

    /** Whether {@code sessionId} names this session (an empty ID never does). */
    public boolean hasId(byte[] sessionId) {
        return id.length > 0 && Arrays.equals(id, sessionId);
    }

    /** The session ticket (a copy), or null when the server issued none. */
    public byte[] ticket() {
        return ticket == null ? null : ticket.clone();
    }

    /** Whether the server issued a ticket for this session. */
    public boolean hasTicket() {
        return ticket != null;
    }

    /** The ticket_lifetime_hint in seconds (RFC 5077 §3.3: 0 means unspecified), 0 without a ticket. */
    public long ticketLifetimeHintSeconds() {
        return ticketLifetimeHintSeconds;
    }

    /** When the ticket arrived, on the receiving engine's clock; 0 without a ticket. */
    public long ticketReceivedAtMillis() {
        return ticketReceivedAtMillis;
    }

    /**
     * Whether the server's lifetime hint says the ticket is no longer worth offering at {@code nowMillis}
     * (RFC 5077 §3.3: the client may delete it then); false without a ticket or without a hint.
     */
    public boolean ticketExpired(long nowMillis) {
        return ticket != null && ticketLifetimeHintSeconds > 0
                && nowMillis - ticketReceivedAtMillis >= ticketLifetimeHintSeconds * 1000;
    }

    @Override
    public String toString() {
        return "ResumableSession[id=" + HexFormat.of().formatHex(id) + ", cipherSuite=" + info.cipherSuite()
                + ", extendedMasterSecret=" + info.extendedMasterSecret() + ", serverName=" + serverName
                + ", createdAtMillis=" + createdAtMillis
                + (ticket == null ? "" : ", ticket=" + ticket.length + " bytes, lifetimeHint=" + ticketLifetimeHintSeconds + "s")
                + "]";
    }
}
