package io.dtls4j.cli;

import io.dtls4j.session.SessionCache;
import picocli.CommandLine.Option;

/**
 * The server's resumption options: a session cache (RFC 5246 §7.3) on by default, as in
 * {@code openssl s_server}, with {@code --no-session-cache} and {@code --session-cache-size N}.
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
}
