package io.dtls4j.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/** Keyed JCA Mac instances for the PRF, HKDF and cookies; accepts the empty key HMAC allows. */
final class Hmac {
    private Hmac() {
    }

    /**
     * A Mac of {@code algorithm} (e.g. "HmacSHA256") keyed with {@code key}. SecretKeySpec refuses an
     * empty key, but HMAC pads every key shorter than the hash block with zeros (RFC 2104 §2), so the
     * empty key is the same key as a single zero byte, which is what is used then.
     */
    static Mac keyed(String algorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available from any JCA provider", e);
        }
    }
}
