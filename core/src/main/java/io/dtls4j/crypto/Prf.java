package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/** The TLS 1.2 PRF and what DTLS 1.2 derives with it (RFC 5246 §5, §6.3, §7.4.9, §8.1; RFC 7627 §4; RFC 5705 §4). */
public final class Prf {
    /** The most bytes one PRF call produces here: far above any key block or exporter use, and bounded. */
    public static final int MAX_OUTPUT = 1 << 16;

    /** Labels the handshake itself uses, which an exporter must not reproduce (RFC 5705 §4 on collisions). */
    private static final Set<String> HANDSHAKE_LABELS = Set.of(
            "master secret", "extended master secret", "key expansion", "client finished", "server finished");

    private Prf() {
    }

    /**
     * PRF(secret, label, seed) = P_hash(secret, label + seed) (RFC 5246 §5), where
     * P_hash = HMAC(secret, A(1) + seed') + HMAC(secret, A(2) + seed') + ..., A(0) = seed',
     * A(i) = HMAC(secret, A(i-1)), seed' = label + seed, cut to {@code length} bytes.
     */
    public static byte[] compute(CipherSuite.PrfHash hash, byte[] secret, String label, byte[] seed, int length) {
        if (length < 0 || length > MAX_OUTPUT) {
            throw new IllegalArgumentException("PRF output length " + length + " outside 0.." + MAX_OUTPUT);
        }
        byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        Mac mac = Hmac.keyed(hash.hmacAlgorithm, secret);
        byte[] out = new byte[length];
        byte[] a = labelSeed;
        int filled = 0;
        while (filled < length) {
            a = mac.doFinal(a);
            mac.update(a);
            mac.update(labelSeed);
            byte[] block = mac.doFinal();
            int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    /** RFC 5246 §8.1: master_secret = PRF(pre_master_secret, "master secret", client_random + server_random)[0..47]. */
    public static byte[] masterSecret(CipherSuite.PrfHash hash, byte[] preMasterSecret, byte[] clientRandom, byte[] serverRandom) {
        return compute(hash, preMasterSecret, "master secret", concat(clientRandom, serverRandom), 48);
    }

    /**
     * RFC 7627 §4: master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47],
     * session_hash being the transcript hash through ClientKeyExchange.
     */
    public static byte[] extendedMasterSecret(CipherSuite.PrfHash hash, byte[] preMasterSecret, byte[] sessionHash) {
        return compute(hash, preMasterSecret, "extended master secret", sessionHash, 48);
    }

    /** RFC 5246 §7.4.9: verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]. */
    public static byte[] verifyData(CipherSuite.PrfHash hash, byte[] masterSecret, boolean client, byte[] handshakeHash) {
        return compute(hash, masterSecret, client ? "client finished" : "server finished", handshakeHash, 12);
    }

    /**
     * RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random),
     * cut into client_write_key, server_write_key, client_write_IV, server_write_IV (AEAD suites have
     * no MAC keys: mac_key_length is 0).
     */
    public static KeyBlock keyBlock(CipherSuite suite, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom) {
        CipherSuite.Aead aead = suite.aead();
        int keyLength = aead.keyLength;
        int ivLength = aead.fixedIvLength;
        byte[] block = compute(suite.prfHash(), masterSecret, "key expansion", concat(serverRandom, clientRandom),
                2 * keyLength + 2 * ivLength);
        try {
            return new KeyBlock(
                    Arrays.copyOfRange(block, 0, keyLength),
                    Arrays.copyOfRange(block, keyLength, 2 * keyLength),
                    Arrays.copyOfRange(block, 2 * keyLength, 2 * keyLength + ivLength),
                    Arrays.copyOfRange(block, 2 * keyLength + ivLength, 2 * keyLength + 2 * ivLength));
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    /**
     * RFC 5705 §4: PRF(master_secret, label, client_random + server_random [+ context_value_length(2) +
     * context_value])[length]. {@code context} null means no context, which differs from an empty one.
     *
     * @throws IllegalArgumentException for a label the handshake itself uses, a context over 65535
     *                                  bytes, or a length outside 0..{@link #MAX_OUTPUT}
     */
    public static byte[] exportKeyingMaterial(CipherSuite.PrfHash hash, byte[] masterSecret, String label,
                                              byte[] clientRandom, byte[] serverRandom, byte[] context, int length) {
        if (HANDSHAKE_LABELS.contains(label)) {
            throw new IllegalArgumentException("\"" + label + "\" is a handshake label, not an exporter label");
        }
        byte[] seed = concat(clientRandom, serverRandom);
        if (context != null) {
            if (context.length > 0xFFFF) {
                throw new IllegalArgumentException("exporter context longer than 65535 bytes");
            }
            seed = concat(seed, new byte[] {(byte) (context.length >>> 8), (byte) context.length});
            seed = concat(seed, context);
        }
        return compute(hash, masterSecret, label, seed, length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
