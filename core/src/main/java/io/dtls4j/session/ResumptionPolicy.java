package io.dtls4j.session;

/**
 * The application's last word before a server resumes a session, from its cache or from a ticket
 * (RFC 5246 §7.3): a resumed connection skips authentication, so whatever the application would
 * check about the peer of a full handshake (a revoked certificate, a withdrawn PSK identity, a
 * server name no longer served) it checks here on the session's stored identity
 * ({@link ResumableSession#info()}: peer certificates, public key, PSK identity; and
 * {@link ResumableSession#serverName()}). False makes the handshake a full one, never an alert.
 * Called on the engine's thread, for each resumption attempt; it must be quick and thread-safe.
 */
@FunctionalInterface
public interface ResumptionPolicy {
    /** Resumes every session the protocol allows. */
    ResumptionPolicy ALWAYS = session -> true;

    /**
     * Whether {@code session} may be resumed now.
     *
     * @param session the stored session the client asks to resume; on a server that resumed it from a
     *                ticket, the peer chain holds the leaf certificate only
     * @return true to resume, false for a full handshake
     */
    boolean mayResume(ResumableSession session);
}
