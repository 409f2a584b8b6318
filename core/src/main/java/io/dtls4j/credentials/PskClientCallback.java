package io.dtls4j.credentials;

/**
 * A client's choice of pre-shared key (RFC 4279 §2): given the server's psk_identity_hint (null when
 * the server sent none), the identity and key to use, or null when it has none for this server (the
 * handshake then fails with handshake_failure).
 */
@FunctionalInterface
public interface PskClientCallback {

    /** The identity and key for a server that sent {@code identityHint} (null: no hint). */
    PreSharedKey choose(String identityHint);

    /** Always {@code key}, whatever the hint; its {@code toString} names the identity only. */
    static PskClientCallback of(PreSharedKey key) {
        java.util.Objects.requireNonNull(key, "key");
        return new PskClientCallback() {
            @Override
            public PreSharedKey choose(String identityHint) {
                return key;
            }

            @Override
            public String toString() {
                return "PskClientCallback[" + key + "]";
            }
        };
    }
}
