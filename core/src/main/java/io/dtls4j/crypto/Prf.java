package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** The TLS 1.2 PRF and what DTLS 1.2 derives with it (RFC 5246 §5, §6.3, §7.4.9, §8.1; RFC 7627; RFC 5705). */
public final class Prf {
    private Prf() {
    }

    /** PRF(secret, label, seed) = P_hash(secret, label + seed) (RFC 5246 §5). */
    public static byte[] compute(CipherSuite.PrfHash hash, byte[] secret, String label, byte[] seed, int length) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("empty PRF secret"); // never the case for ECDHE secrets
        }
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        byte[] labelSeed = new byte[labelBytes.length + seed.length];
        System.arraycopy(labelBytes, 0, labelSeed, 0, labelBytes.length);
        System.arraycopy(seed, 0, labelSeed, labelBytes.length, seed.length);
        try {
            Mac mac = Mac.getInstance(hash.hmacAlgorithm);
            mac.init(new SecretKeySpec(secret, hash.hmacAlgorithm));
            byte[] out = new byte[length];
            byte[] a = labelSeed; // A(0) = seed
            int filled = 0;
            while (filled < length) {
                a = mac.doFinal(a); // A(i) = HMAC(secret, A(i-1))
                mac.update(a);
                mac.update(labelSeed);
                byte[] block = mac.doFinal();
                int n = Math.min(block.length, length - filled);
                System.arraycopy(block, 0, out, filled, n);
                filled += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hash.hmacAlgorithm + " is not available", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** RFC 5246 §8.1: PRF(pre_master_secret, "master secret", client_random + server_random)[0..47]. */
    public static byte[] masterSecret(CipherSuite.PrfHash hash, byte[] preMasterSecret, byte[] clientRandom, byte[] serverRandom) {
        return compute(hash, preMasterSecret, "master secret", concat(clientRandom, serverRandom), 48);
    }

    /** RFC 7627 §4: PRF(pre_master_secret, "extended master secret", session_hash)[0..47]. */
    public static byte[] extendedMasterSecret(CipherSuite.PrfHash hash, byte[] preMasterSecret, byte[] sessionHash) {
        return compute(hash, preMasterSecret, "extended master secret", sessionHash, 48);
    }

    /** RFC 5246 §7.4.9: PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]. */
    public static byte[] verifyData(CipherSuite.PrfHash hash, byte[] masterSecret, boolean client, byte[] handshakeHash) {
        return compute(hash, masterSecret, client ? "client finished" : "server finished", handshakeHash, 12);
    }

    /** RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random). */
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
     * RFC 5705 §4: PRF(master_secret, label, client_random + server_random [+ context_length + context]).
     * {@code context} null means no context (which differs from an empty one).
     */
    public static byte[] exportKeyingMaterial(CipherSuite.PrfHash hash, byte[] masterSecret, String label,
                                              byte[] clientRandom, byte[] serverRandom, byte[] context, int length) {
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
}
