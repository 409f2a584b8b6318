package io.dtls4j.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A pre-shared key and the identity it is known by (RFC 4279 §2, §5). The identity is text, sent in
 * UTF-8 (§5.1); the key is secret: it never appears in {@link #toString()}, and {@link #key()} returns
 * a copy. Identities of up to 65535 UTF-8 bytes and keys of 1 to 65535 bytes fit the wire format;
 * RFC 4279 §5.3 asks every implementation to take identities up to 128 bytes and keys up to 64.
 */
public final class PreSharedKey {
    private final String identity;
    private final byte[] identityBytes;
    private final byte[] key;

    private PreSharedKey(String identity, byte[] key) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.identityBytes = identity.getBytes(StandardCharsets.UTF_8);
        if (identityBytes.length == 0 || identityBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("a PSK identity is 1 to 65535 UTF-8 bytes, not " + identityBytes.length);
        }
        Objects.requireNonNull(key, "key");
        if (key.length == 0 || key.length > 0xFFFF) {
            // the message says how long, never what: the key must not reach logs through exceptions
            throw new IllegalArgumentException("a pre-shared key is 1 to 65535 bytes, not " + key.length);
        }
        this.key = key.clone();
    }

    /** The key {@code key} (copied) known by {@code identity}. */
    public static PreSharedKey of(String identity, byte[] key) {
        return new PreSharedKey(identity, key);
    }

    /** The identity, as sent in ClientKeyExchange. */
    public String identity() {
        return identity;
    }

    /** The identity's UTF-8 bytes (a copy). */
    public byte[] identityBytes() {
        return identityBytes.clone();
    }

    /** A copy of the key. */
    public byte[] key() {
        return key.clone();
    }

    public int keyLength() {
        return key.length;
    }

    /** Overwrites the key with zeros; the object is useless afterwards. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    /** The identity and the key's length; never the key. */
    @Override
    public String toString() {
        return "PreSharedKey[identity=" + identity + ", key=" + key.length + " bytes]";
    }
}
