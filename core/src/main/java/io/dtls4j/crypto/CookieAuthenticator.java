package io.dtls4j.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Stateless HelloVerifyRequest cookies (RFC 6347 §4.2.1): HMAC-SHA256 over the client's transport
 * address and ClientHello parameters under a secret that changes every {@code rotationMillis}; a
 * cookie made under the current or the previous secret is accepted. Time comes from the caller.
 * Thread-safe.
 */
public final class CookieAuthenticator {
    private static final String HMAC = "HmacSHA256";

    private final SecureRandom random;
    private final long rotationMillis;
    private long currentPeriod = Long.MIN_VALUE;
    private byte[] currentSecret;
    private byte[] previousSecret;

    public CookieAuthenticator(SecureRandom random, long rotationMillis) {
        if (rotationMillis <= 0) {
            throw new IllegalArgumentException("rotationMillis must be positive");
        }
        this.random = random;
        this.rotationMillis = rotationMillis;
    }

    public byte[] create(byte[] peerAddress, byte[] helloParameters, long nowMillis) {
        return mac(secrets(nowMillis)[0], peerAddress, helloParameters);
    }

    public boolean verify(byte[] cookie, byte[] peerAddress, byte[] helloParameters, long nowMillis) {
        byte[][] secrets = secrets(nowMillis);
        boolean ok = MessageDigest.isEqual(cookie, mac(secrets[0], peerAddress, helloParameters));
        if (secrets[1] != null) {
            ok |= MessageDigest.isEqual(cookie, mac(secrets[1], peerAddress, helloParameters));
        }
        return ok;
    }

    /** The current and previous secrets for this time, rotating as periods pass. */
    private synchronized byte[][] secrets(long nowMillis) {
        long period = Math.floorDiv(nowMillis, rotationMillis);
        if (currentSecret == null) {
            currentSecret = newSecret();
            currentPeriod = period;
        } else if (period > currentPeriod) {
            previousSecret = period == currentPeriod + 1 ? currentSecret : null;
            currentSecret = newSecret();
            currentPeriod = period;
        }
        return new byte[][] {currentSecret, previousSecret};
    }

    private byte[] newSecret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return secret;
    }

    private static byte[] mac(byte[] secret, byte[] peerAddress, byte[] helloParameters) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            mac.update((byte) peerAddress.length);
            mac.update(peerAddress);
            mac.update(helloParameters);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is not available", e);
        }
    }
}
