package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * DTLS 1.3 record number encryption for one direction of one epoch (RFC 9147 §4.2.3): a mask made
 * from the first 16 bytes of a record's ciphertext (the sample) under the sn_key is XORed with the
 * sequence number as written in the unified header. The same operation decrypts.
 * <ul>
 *   <li>AES-based AEADs: {@code Mask = AES-ECB(sn_key, sample)}, one reused JCA
 *       "AES/ECB/NoPadding" cipher initialised once;</li>
 *   <li>ChaCha20-based: {@code Mask = ChaCha20(sn_key, counter = sample[0..3], nonce = sample[4..15])},
 *       the ChaCha20 block function of RFC 8439 §2.3 computed here (the JCA ChaCha20 cipher refuses to
 *       be initialised twice with one key and nonce, which a repeated or replayed sample would do).
 *       The 4 counter bytes are read as a little-endian 32-bit word, as the block function reads every
 *       word of its input (RFC 9001 §5.4.4 says the same for QUIC's identical construction).</li>
 * </ul>
 * Nothing is allocated per record. Not thread-safe.
 */
public final class SequenceNumberCipher {
    /** Bytes of ciphertext the mask is computed from; shorter records cannot be read (§4.2.3). */
    public static final int SAMPLE_LENGTH = 16;

    private final boolean chacha;
    private final Cipher aes;
    private final int[] keyWords;
    private final int[] state = new int[16];
    private final int[] working = new int[16];
    private final byte[] mask = new byte[SAMPLE_LENGTH];

    private SequenceNumberCipher(CipherSuite.Aead aead, byte[] snKey) {
        if (snKey.length != aead.keyLength) {
            throw new IllegalArgumentException(aead + " needs a " + aead.keyLength + "-byte sn_key, not " + snKey.length);
        }
        this.chacha = aead == CipherSuite.Aead.CHACHA20_POLY1305;
        if (chacha) {
            aes = null;
            keyWords = new int[8];
            for (int i = 0; i < 8; i++) {
                keyWords[i] = littleEndian(snKey, 4 * i);
            }
        } else {
            keyWords = null;
            try {
                aes = Cipher.getInstance("AES/ECB/NoPadding");
                aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(snKey, "AES"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/ECB is not available from any JCA provider", e);
            }
        }
    }

    /** The sequence number cipher of {@code aead}'s family under {@code snKey} ({@code key_length} bytes, §4.2.3). */
    public static SequenceNumberCipher create(CipherSuite.Aead aead, byte[] snKey) {
        return new SequenceNumberCipher(aead, snKey);
    }

    /**
     * XORs the first {@code length} bytes (at most 16) of the mask made from
     * {@code sample[sampleOff, sampleOff+16)} into {@code target[targetOff, targetOff+length)}.
     */
    public void apply(byte[] sample, int sampleOff, byte[] target, int targetOff, int length) {
        Objects.checkFromIndexSize(sampleOff, SAMPLE_LENGTH, sample.length);
        Objects.checkFromIndexSize(targetOff, length, target.length);
        if (length > SAMPLE_LENGTH) {
            throw new IllegalArgumentException("the mask is " + SAMPLE_LENGTH + " bytes");
        }
        if (chacha) {
            chachaMask(sample, sampleOff);
        } else {
            try {
                aes.doFinal(sample, sampleOff, SAMPLE_LENGTH, mask, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-ECB failed", e);
            }
        }
        for (int i = 0; i < length; i++) {
            target[targetOff + i] ^= mask[i];
        }
    }

    /** RFC 8439 §2.3: the first 16 bytes of the ChaCha20 block for the key, counter and nonce of the sample. */
    private void chachaMask(byte[] sample, int off) {
        // "expand 32-byte k"
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        System.arraycopy(keyWords, 0, state, 4, 8);
        state[12] = littleEndian(sample, off);      // block counter: Ciphertext[0..3]
        state[13] = littleEndian(sample, off + 4);  // nonce: Ciphertext[4..15]
        state[14] = littleEndian(sample, off + 8);
        state[15] = littleEndian(sample, off + 12);
        int[] x = working;
        System.arraycopy(state, 0, x, 0, 16);
        for (int round = 0; round < 10; round++) {
            // column rounds, then diagonal rounds (RFC 8439 §2.3)
            quarterRound(x, 0, 4, 8, 12);
            quarterRound(x, 1, 5, 9, 13);
            quarterRound(x, 2, 6, 10, 14);
            quarterRound(x, 3, 7, 11, 15);
            quarterRound(x, 0, 5, 10, 15);
            quarterRound(x, 1, 6, 11, 12);
            quarterRound(x, 2, 7, 8, 13);
            quarterRound(x, 3, 4, 9, 14);
        }
        for (int i = 0; i < SAMPLE_LENGTH / 4; i++) {
            int word = x[i] + state[i];
            mask[4 * i] = (byte) word;
            mask[4 * i + 1] = (byte) (word >>> 8);
            mask[4 * i + 2] = (byte) (word >>> 16);
            mask[4 * i + 3] = (byte) (word >>> 24);
        }
    }

    /** RFC 8439 §2.1. */
    private static void quarterRound(int[] x, int a, int b, int c, int d) {
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
    }

    private static int littleEndian(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
