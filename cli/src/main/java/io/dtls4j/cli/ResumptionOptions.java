package io.dtls4j.cli;

import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKeyRing;
import picocli.CommandLine.Option;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * The server's resumption options, on by default as in {@code openssl s_server}: a session cache
 * (RFC 5246 §7.3) with {@code --no-session-cache} and {@code --session-cache-size N}, and session
 * tickets (RFC 5077) with {@code --no-tickets} and {@code --ticket-key-rotation DURATION}.
 */
public final class ResumptionOptions {
    /** The largest cache the option allows: a few gigabytes at most, with long certificate chains. */
    static final int MAX_CACHE_SIZE = 1_000_000;

    @Option(names = "--no-session-cache",
            description = "Keep no sessions: every client makes a full handshake (like openssl s_server -no_cache).")
    boolean noSessionCache;

    @Option(names = "--session-cache-size", paramLabel = "N",
            description = "Sessions kept for resumption; the oldest goes first. Default: "
                    + SessionCache.DEFAULT_MAX_ENTRIES + ".")
    Integer sessionCacheSize;

    @Option(names = "--no-tickets",
            description = "Issue no session tickets (RFC 5077; like openssl s_server -no_ticket): clients resume "
                    + "from the session cache only.")
    boolean noTickets;

    @Option(names = "--ticket-key-rotation", paramLabel = "DURATION",
            description = "How often a new key starts sealing tickets; earlier keys still open theirs until the tickets "
                    + "expire (2h after the full handshake). Keys are generated at start and never leave the process. "
                    + "Default: 60m.")
    Duration ticketKeyRotation;

    /** The cache the options ask for, or null with {@code --no-session-cache}. */
    SessionCache sessionCache() throws CliException {
        if (noSessionCache && sessionCacheSize != null) {
            throw new CliException(ExitCode.USAGE, "--session-cache-size cannot be combined with --no-session-cache");
        }
        if (noSessionCache) {
            return null;
        }
        int size = sessionCacheSize == null ? SessionCache.DEFAULT_MAX_ENTRIES
                : OptionChecks.within("--session-cache-size", sessionCacheSize, 1, MAX_CACHE_SIZE,
                        " (each session holds a peer's certificate chain: a few kilobytes)");
        return new SessionCache(size, SessionCache.DEFAULT_LIFETIME);
    }

    /** The ticket key ring the options ask for, generating its keys with {@code random}; null with {@code --no-tickets}. */
    TicketKeyRing ticketKeyRing(SecureRandom random) throws CliException {
        if (noTickets && ticketKeyRotation != null) {
            throw new CliException(ExitCode.USAGE, "--ticket-key-rotation cannot be combined with --no-tickets");
        }
        if (noTickets) {
            return null;
        }
        Duration rotation = ticketKeyRotation == null ? TicketKeyRing.DEFAULT_ROTATION
                : OptionChecks.positive("--ticket-key-rotation", ticketKeyRotation);
        try {
            return TicketKeyRing.rotating(rotation, TicketKeyRing.DEFAULT_TICKET_LIFETIME, random);
        } catch (IllegalArgumentException e) {
            // a rotation so short that the ring would hold too many keys at once
            throw new CliException(ExitCode.USAGE, "--ticket-key-rotation: " + e.getMessage()
                    + ", got " + OptionChecks.shortForm(rotation));
        }
    }
}
