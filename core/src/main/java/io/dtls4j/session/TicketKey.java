package io.dtls4j.session;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One key that seals and opens session tickets (RFC 5077 §4): a 16-byte name, which the ticket
 * carries in the clear so that the server finds the key again, and a secret AES key of 16 or 32
 * bytes. Servers that share their keys (by {@link TicketKeyRing#of}) accept each other's tickets.
 * The secret never appears in {@link #toString()}; {@link #destroy()} wipes it.
 */
public final class TicketKey {
    /** The length of a key name (RFC 5077 §4: {@code opaque key_name[16]}). */
    public static final int NAME_LENGTH = 16;

    private final byte[] name;
    private final byte[] secret;
    private final long createdAtMillis;

    /**
     * @param name            the key name, {@value #NAME_LENGTH} bytes (copied); names must differ between keys
     *                        of one ring
     * @param secret          the AES key, 16 or 32 bytes (copied): a secret shared only by the servers that
     *                        must open each other's tickets
     * @param createdAtMillis when the key came into use, on the servers' engine clock
     */
    public TicketKey(byte[] name, byte[] secret, long createdAtMillis) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        if (name.length != NAME_LENGTH) {
            throw new IllegalArgumentException("a ticket key name has " + NAME_LENGTH + " bytes, not " + name.length);
        }
        if (secret.length != 16 && secret.length != 32) {
            throw new IllegalArgumentException("a ticket key is an AES key of 16 or 32 bytes, not " + secret.length);
        }
        this.name = name.clone();
        this.secret = secret.clone();
        this.createdAtMillis = createdAtMillis;
    }

    /** A fresh key with a random name and a random 16-byte AES key, in use from {@code nowMillis}. */
    public static TicketKey generate(SecureRandom random, long nowMillis) {
        byte[] name = new byte[NAME_LENGTH];
        byte[] secret = new byte[16];
        random.nextBytes(name);
        random.nextBytes(secret);
        try {
            return new TicketKey(name, secret, nowMillis);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The key name (a copy). */
    public byte[] name() {
        return name.clone();
    }

    /** Whether this key is called {@code keyName}. */
    public boolean hasName(byte[] keyName) {
        return MessageDigest.isEqual(name, keyName);
    }

    /** The AES key (a copy): a secret, never to be logged. */
    public byte[] secret() {
        return secret.clone();
    }

    /** When the key came into use. */
    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** Overwrites the secret with zeros; the key opens nothing afterwards. */
    public void destroy() {
        Arrays.fill(secret, (byte) 0);
    }

    /** The name only, never the secret. */
    @Override
    public String toString() {
        return "TicketKey[name=" + HexFormat.of().formatHex(name) + ", createdAtMillis=" + createdAtMillis + "]";
    }
}
