package io.dtls4j.credentials;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server's pre-shared keys (RFC 4279 §2): the key for the identity a client names, or null to decline
 * it. What happens to a declined identity is {@code DtlsConfig.Builder.rejectUnknownPskIdentity}'s choice.
 * Implementations may be called from several engines' threads at once; they must not log keys.
 */
@FunctionalInterface
public interface PskKeyStore {

    /** The key known by {@code identity}, or null when there is none (or it is refused). */
    PreSharedKey lookup(String identity);

    /** A fixed store of these keys, by identity; its {@code toString} names the identities only. */
    static PskKeyStore of(PreSharedKey... keys) {
        Map<String, PreSharedKey> byIdentity = new LinkedHashMap<>();
        for (PreSharedKey key : keys) {
            if (byIdentity.put(key.identity(), key) != null) {
                throw new IllegalArgumentException("two keys for the PSK identity " + key.identity());
            }
        }
        return new PskKeyStore() {
            @Override
            public PreSharedKey lookup(String identity) {
                return byIdentity.get(identity);
            }

            @Override
            public String toString() {
                return "PskKeyStore" + byIdentity.keySet();
            }
        };
    }
}
