package io.dtls4j.dtls12;

import io.dtls4j.crypto.TicketCipher;
import io.dtls4j.handshake.message.NewSessionTicket;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionFormatException;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.TicketKey;
import io.dtls4j.session.TicketKeyRing;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * A server's session tickets (RFC 5077 §4): the session in its binary form
 * ({@link ResumableSession#toBytes()}: version, suite, master secret, extended master secret, server
 * name, the peer's identity, when the full handshake completed) sealed by {@link TicketCipher} under the
 * ring's current key. The client keeps the ticket and the server keeps nothing. A ticket that does not
 * open for any reason (unknown or expired key, tampered, malformed, too old) is simply not a session:
 * the handshake becomes a full one (RFC 5077 §3.2), never an alert.
 *
 * <p>Times here are calendar milliseconds ({@code DtlsConfig.wallClock()}), not the engine's
 * {@code now}: a ticket outlives the process that sealed it and may come back to another server of
 * the deployment, whose monotonic clocks share no origin with this one. So the session in a ticket
 * is dated on the calendar clock, and so is the ring's rotation.
 */
final class SessionTickets {
    private SessionTickets() {
    }

    /** What an opened ticket holds, and whether the server should issue a fresh one (its key is no longer the current one). */
    record Opened(ResumableSession session, boolean renew) {
    }

    /**
     * A NewSessionTicket for {@code session}. The ticket keeps the peer's leaf certificate only, which
     * identifies it and keeps the ticket (and the ClientHello that carries it back) small. Its lifetime
     * hint is what is left of the session's lifetime on this ring. A session too large for a ticket
     * gets the empty ticket of RFC 5077 §3.3.
     */
    static NewSessionTicket issue(TicketKeyRing ring, ResumableSession session, long wallMillis, SecureRandom random) {
        TicketKey key = ring.sealingKey(wallMillis);
        byte[] state = forTicket(session).toBytes();
        byte[] secret = key.secret();
        try {
            byte[] ticket = TicketCipher.seal(key.name(), secret, state, random);
            if (ticket.length > NewSessionTicket.MAX_TICKET_LENGTH) {
                return new NewSessionTicket(0, new byte[0]);
            }
            return new NewSessionTicket(lifetimeHintSeconds(ring, session, wallMillis), ticket);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(state, (byte) 0);
        }
    }

    /** The session in {@code ticket} if it opens under a key of {@code ring} and is still fresh at {@code wallMillis}, else null. */
    static Opened open(TicketKeyRing ring, byte[] ticket, long wallMillis) {
        byte[] name = TicketCipher.keyName(ticket);
        TicketKey key = name == null ? null : ring.openingKey(name, wallMillis);
        if (key == null) {
            return null;
        }
        byte[] secret = key.secret();
        byte[] state = TicketCipher.open(secret, ticket);
        Arrays.fill(secret, (byte) 0);
        if (state == null) {
            return null;
        }
        ResumableSession session;
        try {
            session = ResumableSession.fromBytes(state);
        } catch (SessionFormatException e) {
            return null; // sealed by a key we hold yet unreadable: another version's format; a full handshake
        } finally {
            Arrays.fill(state, (byte) 0);
        }
        if (wallMillis - session.createdAtMillis() >= ring.ticketLifetime().toMillis()) {
            return null;
        }
        return new Opened(session, !ring.sealingKey(wallMillis).hasName(name));
    }

    /** Seconds left of the session's lifetime, at least 1 (0 would mean "unspecified", RFC 5077 §3.3). */
    static long lifetimeHintSeconds(TicketKeyRing ring, ResumableSession session, long wallMillis) {
        long left = ring.ticketLifetime().toMillis() - (wallMillis - session.createdAtMillis());
        return Math.max(1, Math.min(0xFFFF_FFFFL, left / 1000));
    }

    private static ResumableSession forTicket(ResumableSession session) {
        SessionInfo info = session.info();
        List<java.security.cert.X509Certificate> chain = info.peerCertificates();
        if (chain.size() > 1) {
            info = new SessionInfo(info.protocolVersion(), info.cipherSuite(), info.namedGroup(), info.peerSignatureScheme(),
                    List.of(chain.get(0)), info.extendedMasterSecret(), info.peerPublicKey(), info.pskIdentity(),
                    info.srtpProfile(), info.srtpMki(), info.applicationProtocol());
        }
        byte[] secret = session.masterSecret();
        try {
            return new ResumableSession(session.id(), secret, info, session.serverName(), session.createdAtMillis());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
