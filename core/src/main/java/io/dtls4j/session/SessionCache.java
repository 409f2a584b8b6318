package io.dtls4j.session;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A server's sessions by session_id, for the abbreviated handshake (RFC 5246 §7.3): bounded in
 * entries (the oldest goes first) and in lifetime (RFC 5246 §7.4.1.2 suggests at most 24 hours).
 * Thread-safe: one server shares one cache among the engines of all its event loops. Times are
 * those the engines are given ({@code now} of {@code DtlsEngine}), so one cache belongs to one clock.
 */
public final class SessionCache {
    /** The default number of sessions kept. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** The default lifetime of a session. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);

    private final int maxEntries;
    private final long lifetimeMillis;
    private final LinkedHashMap<String, ResumableSession> sessions = new LinkedHashMap<>();
    private long evictions;
    private long expirations;

    /** A cache of {@link #DEFAULT_MAX_ENTRIES} sessions that live {@link #DEFAULT_LIFETIME}. */
    public SessionCache() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_LIFETIME);
    }

    /**
     * @param maxEntries the most sessions kept; a new one beyond it evicts the oldest
     * @param lifetime   how long after its full handshake a session may be resumed
     */
    public SessionCache(int maxEntries, Duration lifetime) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a session cache holds at least one entry, not " + maxEntries);
        }
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a session lifetime is positive, not " + lifetime);
        }
        this.maxEntries = maxEntries;
        this.lifetimeMillis = lifetime.toMillis();
    }

    /**
     * Keeps {@code session}; the oldest session goes when the cache is full.
     *
     * @throws IllegalArgumentException when the session has no session ID (a ticket-only session)
     */
    public synchronized void put(ResumableSession session) {
        if (session.id().length == 0) {
            throw new IllegalArgumentException("a cached session needs a session ID to be found by");
        }
        sessions.remove(key(session.id()));
        sessions.put(key(session.id()), session);
        Iterator<ResumableSession> oldest = sessions.values().iterator();
        while (sessions.size() > maxEntries) {
            oldest.next();
            oldest.remove();
            evictions++;
        }
    }

    /** The session named {@code sessionId}, or null when unknown or expired at {@code nowMillis} (then it is forgotten). */
    public synchronized ResumableSession get(byte[] sessionId, long nowMillis) {
        String key = key(sessionId);
        ResumableSession session = sessions.get(key);
        if (session != null && expired(session, nowMillis)) {
            sessions.remove(key);
            expirations++;
            return null;
        }
        return session;
    }

    /** Forgets the session named {@code sessionId}, if known. */
    public synchronized void remove(byte[] sessionId) {
        sessions.remove(key(sessionId));
    }

    /** Forgets the sessions expired at {@code nowMillis}; returns how many. */
    public synchronized int removeExpired(long nowMillis) {
        int removed = 0;
        for (Iterator<Map.Entry<String, ResumableSession>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
            if (expired(it.next().getValue(), nowMillis)) {
                it.remove();
                removed++;
            }
        }
        expirations += removed;
        return removed;
    }

    private boolean expired(ResumableSession session, long nowMillis) {
        return nowMillis - session.createdAtMillis() >= lifetimeMillis;
    }

    public synchronized int size() {
        return sessions.size();
    }

    /** Sessions dropped because the cache was full. */
    public synchronized long evictions() {
        return evictions;
    }

    /** Sessions dropped because their lifetime was over. */
    public synchronized long expirations() {
        return expirations;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public Duration lifetime() {
        return Duration.ofMillis(lifetimeMillis);
    }

    private static String key(byte[] sessionId) {
        return HexFormat.of().formatHex(sessionId);
    }

    @Override
    public String toString() {
        return "SessionCache[maxEntries=" + maxEntries + ", lifetime=" + lifetime() + "]";
    }
}
