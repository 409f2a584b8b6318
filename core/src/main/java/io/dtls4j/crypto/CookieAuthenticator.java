package io.dtls4j.crypto;

import javax.crypto.Mac;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Stateless HelloVerifyRequest cookies (RFC 6347 §4.2.1): Cookie = HMAC-SHA256(Secret, client
 * address, ClientHello parameters), 32 bytes. The secret is 32 random bytes and is replaced every
 * {@code rotationMillis}; a cookie made under the current or the previous secret is accepted, so
 * a client that got its cookie just before a change still gets through (§4.2.1 "try verifying with
 * both secrets"), and a cookie lives at most two periods. Time comes from the caller. Thread-safe.
 */
public final class CookieAuthenticator {
    /** Length of every cookie made here. */
    public static final int COOKIE_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";
    private static final int SECRET_LENGTH = 32;

    private final SecureRandom random;
    private final long rotationMillis;
    private Secrets secrets;

    /** The secret of period {@code period} and the one of the period before it, if that one is still valid. */
    private record Secrets(long period, byte[] current, byte[] previous) {
    }

    public CookieAuthenticator(SecureRandom random, long rotationMillis) {
        if (rotationMillis <= 0) {
            throw new IllegalArgumentException("rotationMillis must be positive");
        }
        this.random = random;
        this.rotationMillis = rotationMillis;
    }

    /** The cookie for this client address and ClientHello parameters (everything but the cookie). */
    public byte[] create(byte[] peerAddress, byte[] helloParameters, long nowMillis) {
        return mac(secretsAt(nowMillis).current(), peerAddress, helloParameters);
    }

    /**
     * Whether {@code cookie} was made here, under the current or the previous secret, for this address
     * and these parameters. Compares in constant time.
     */
    public boolean verify(byte[] cookie, byte[] peerAddress, byte[] helloParameters, long nowMillis) {
        if (cookie == null || cookie.length != COOKIE_LENGTH) {
            return false;
        }
        Secrets s = secretsAt(nowMillis);
        boolean ok = MessageDigest.isEqual(cookie, mac(s.current(), peerAddress, helloParameters));
        if (s.previous() != null) {
            ok |= MessageDigest.isEqual(cookie, mac(s.previous(), peerAddress, helloParameters));
        }
        return ok;
    }

    /**
     * The secrets for this time, rotating as periods pass: one period on, the current secret becomes
     * the previous one; more than one, both are replaced. A time earlier than the current period
     * (a clock stepping back) keeps the secrets as they are.
     */
    private synchronized Secrets secretsAt(long nowMillis) {
        long period = Math.floorDiv(nowMillis, rotationMillis);
        if (secrets == null) {
            secrets = new Secrets(period, newSecret(), null);
        } else if (period > secrets.period()) {
            byte[] previous = period == secrets.period() + 1 ? secrets.current() : null;
            secrets = new Secrets(period, newSecret(), previous);
        }
        return secrets;
    }

    private byte[] newSecret() {
        byte[] secret = new byte[SECRET_LENGTH];
        random.nextBytes(secret);
        return secret;
    }

    /** HMAC over length-prefixed address and parameters, so no two (address, parameters) pairs share an input. */
    private static byte[] mac(byte[] secret, byte[] peerAddress, byte[] helloParameters) {
        Mac mac = Hmac.keyed(HMAC, secret);
        updateLength(mac, peerAddress.length);
        mac.update(peerAddress);
        updateLength(mac, helloParameters.length);
        mac.update(helloParameters);
        return mac.doFinal();
    }

    private static void updateLength(Mac mac, int length) {
        mac.update((byte) (length >>> 24));
        mac.update((byte) (length >>> 16));
        mac.update((byte) (length >>> 8));
        mac.update((byte) length);
    }
}
