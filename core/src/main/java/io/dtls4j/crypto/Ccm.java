package io.dtls4j.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * AES-CCM (RFC 3610, NIST SP 800-38C) written over the JCA's AES, for when no provider offers
 * "AES/CCM/NoPadding" (the JDK's do not). The CBC-MAC runs on a reused "AES/CBC/NoPadding" cipher with
 * a zero IV (the first block B0 is the MAC's real IV; doFinal resets the chaining for the next record),
 * and the CTR keystream on a reused "AES/ECB/NoPadding" cipher over counter blocks built here. Both
 * are initialised once; nothing is allocated per message. Nonces of 7 to 13 bytes and tags of 4, 6,
 * ..., 16 bytes (RFC 3610 §2: M in {4, 6, ..., 16}, L = 15 - nonce length in 2..8). Not thread-safe.
 */
final class Ccm {
    static final int MIN_NONCE = 7;
    static final int MAX_NONCE = 13;
    private static final int BLOCK = 16;
    /** Bytes the ciphers work on per JCA call; also the size of each scratch buffer. */
    private static final int CHUNK = 512;

    private final int tagLength;
    private final Cipher cbc;
    private final Cipher ecb;
    private final byte[] pending = new byte[BLOCK];
    private int pendingLength;
    private final byte[] macOut = new byte[CHUNK];
    private final byte[] mac = new byte[BLOCK];
    private final byte[] counters = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];
    private final byte[] receivedTag = new byte[BLOCK];
    private final byte[] header = new byte[BLOCK + 6];

    /**
     * @param key       a 16-, 24- or 32-byte AES key
     * @param tagLength M, the tag length in bytes: 4, 6, 8, 10, 12, 14 or 16
     * @throws IllegalArgumentException for any other key or tag length
     */
    Ccm(byte[] key, int tagLength) {
        if (tagLength < 4 || tagLength > 16 || tagLength % 2 != 0) {
            throw new IllegalArgumentException("CCM tags are 4, 6, ..., 16 bytes, not " + tagLength);
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES keys are 16, 24 or 32 bytes, not " + key.length);
        }
        this.tagLength = tagLength;
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        try {
            cbc = Cipher.getInstance("AES/CBC/NoPadding");
            cbc.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(new byte[BLOCK]));
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, k);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC or AES/ECB is not available from any JCA provider", e);
        }
    }

    int tagLength() {
        return tagLength;
    }

    /**
     * Encrypts {@code in[inOff, inOff+inLen)} and writes ciphertext + tag at {@code out[outOff]};
     * returns {@code inLen + tagLength}. The regions may overlap.
     *
     * @throws IllegalArgumentException when the nonce is not 7 to 13 bytes or the message is too long
     *                                  for its length field (15 - nonce length bytes)
     */
    int seal(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        Objects.checkFromIndexSize(outOff, inLen + tagLength, out.length);
        Objects.checkFromIndexSize(aadOff, aadLen, aad.length);
        checkLengths(nonce, inLen);
        cbcMac(nonce, aad, aadOff, aadLen, in, inOff, inLen);
        if (in == out && inOff != outOff) {
            System.arraycopy(in, inOff, out, outOff, inLen); // memmove; then the keystream is XORed in place
            inOff = outOff;
        }
        ctr(nonce, in, inOff, inLen, out, outOff);
        // U = T XOR first-M-bytes(S_0) (RFC 3610 §2.3)
        keystreamBlock(nonce, 0);
        for (int i = 0; i < tagLength; i++) {
            out[outOff + inLen + i] = (byte) (mac[i] ^ keystream[i]);
        }
        return inLen + tagLength;
    }

    /**
     * Decrypts and verifies ciphertext + tag {@code in[inOff, inOff+inLen)}, writing the plaintext at
     * {@code out[outOff]}; returns its length, or -1 when the input is shorter than a tag, the nonce
     * length is not one CCM allows, or the tag does not verify (the written plaintext is zeroed then).
     * The regions may overlap.
     */
    int open(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        Objects.checkFromIndexSize(aadOff, aadLen, aad.length);
        int length = inLen - tagLength;
        if (length < 0 || nonce.length < MIN_NONCE || nonce.length > MAX_NONCE || !fits(nonce.length, length)) {
            return -1;
        }
        Objects.checkFromIndexSize(outOff, length, out.length);
        System.arraycopy(in, inOff + length, receivedTag, 0, tagLength);
        if (in == out && inOff != outOff) {
            System.arraycopy(in, inOff, out, outOff, length);
            inOff = outOff;
        }
        ctr(nonce, in, inOff, length, out, outOff);
        cbcMac(nonce, aad, aadOff, aadLen, out, outOff, length);
        keystreamBlock(nonce, 0);
        for (int i = 0; i < tagLength; i++) {
            mac[i] ^= keystream[i];
        }
        if (!equalTag()) {
            Arrays.fill(out, outOff, outOff + length, (byte) 0);
            return -1;
        }
        return length;
    }

    /** Constant time: the comparison must not tell a forger how many tag bytes were right. */
    private boolean equalTag() {
        int diff = 0;
        for (int i = 0; i < tagLength; i++) {
            diff |= mac[i] ^ receivedTag[i];
        }
        return diff == 0;
    }

    private static void checkLengths(byte[] nonce, int length) {
        if (nonce.length < MIN_NONCE || nonce.length > MAX_NONCE) {
            throw new IllegalArgumentException("CCM nonces are " + MIN_NONCE + " to " + MAX_NONCE + " bytes, not " + nonce.length);
        }
        if (!fits(nonce.length, length)) {
            throw new IllegalArgumentException("a " + length + "-byte message does not fit the length field of a "
                    + nonce.length + "-byte CCM nonce");
        }
    }

    /** Whether {@code length} fits in L = 15 - nonce length bytes (RFC 3610 §2.1). */
    private static boolean fits(int nonceLength, int length) {
        int lBytes = 15 - nonceLength;
        return lBytes >= 4 || length < (1 << (8 * lBytes));
    }

    /** T = CBC-MAC of B0 || encoded aad || padded message (RFC 3610 §2.2), left in {@link #mac}. */
    private void cbcMac(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] msg, int msgOff, int msgLen) {
        int lBytes = 15 - nonce.length;
        pendingLength = 0;
        header[0] = (byte) ((aadLen > 0 ? 0x40 : 0) | ((tagLength - 2) / 2) << 3 | (lBytes - 1));
        System.arraycopy(nonce, 0, header, 1, nonce.length);
        writeLength(header, 1 + nonce.length, lBytes, msgLen);
        int headerLength = BLOCK;
        if (aadLen > 0) {
            if (aadLen < 0xFF00) {
                header[headerLength++] = (byte) (aadLen >>> 8);
                header[headerLength++] = (byte) aadLen;
            } else {
                header[headerLength++] = (byte) 0xFF;
                header[headerLength++] = (byte) 0xFE;
                for (int shift = 24; shift >= 0; shift -= 8) {
                    header[headerLength++] = (byte) (aadLen >>> shift);
                }
            }
        }
        absorb(header, 0, headerLength);
        if (aadLen > 0) {
            absorb(aad, aadOff, aadLen);
            padPending();
        }
        absorb(msg, msgOff, msgLen);
        padPending();
        try {
            cbc.doFinal(macOut, 0); // nothing is buffered: this only resets the chaining to the zero IV
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC failed", e);
        }
    }

    private void absorb(byte[] b, int off, int len) {
        if (pendingLength > 0) {
            int n = Math.min(len, BLOCK - pendingLength);
            System.arraycopy(b, off, pending, pendingLength, n);
            pendingLength += n;
            off += n;
            len -= n;
            if (pendingLength < BLOCK) {
                return;
            }
            cbcBlocks(pending, 0, BLOCK);
            pendingLength = 0;
        }
        int whole = len & ~(BLOCK - 1);
        for (int done = 0; done < whole; ) {
            int n = Math.min(CHUNK, whole - done);
            cbcBlocks(b, off + done, n);
            done += n;
        }
        System.arraycopy(b, off + whole, pending, 0, len - whole);
        pendingLength = len - whole;
    }

    private void padPending() {
        if (pendingLength > 0) {
            Arrays.fill(pending, pendingLength, BLOCK, (byte) 0);
            cbcBlocks(pending, 0, BLOCK);
            pendingLength = 0;
        }
    }

    private void cbcBlocks(byte[] b, int off, int len) {
        try {
            int n = cbc.update(b, off, len, macOut, 0);
            System.arraycopy(macOut, n - BLOCK, mac, 0, BLOCK);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC failed", e);
        }
    }

    /** XORs the keystream S_1, S_2, ... into in and writes out (RFC 3610 §2.3); in-place when the same. */
    private void ctr(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff) {
        long counter = 1;
        for (int done = 0; done < len; ) {
            int n = Math.min(CHUNK, len - done);
            int blocks = (n + BLOCK - 1) / BLOCK;
            for (int i = 0; i < blocks; i++) {
                counterBlock(nonce, counter++, counters, i * BLOCK);
            }
            encryptBlocks(blocks * BLOCK);
            for (int i = 0; i < n; i++) {
                out[outOff + done + i] = (byte) (in[inOff + done + i] ^ keystream[i]);
            }
            done += n;
        }
    }

    private void keystreamBlock(byte[] nonce, long counter) {
        counterBlock(nonce, counter, counters, 0);
        encryptBlocks(BLOCK);
    }

    /** A_i = flags(L - 1) || nonce || i in L bytes. */
    private static void counterBlock(byte[] nonce, long counter, byte[] b, int off) {
        int lBytes = 15 - nonce.length;
        b[off] = (byte) (lBytes - 1);
        System.arraycopy(nonce, 0, b, off + 1, nonce.length);
        writeLength(b, off + 1 + nonce.length, lBytes, counter);
    }

    private void encryptBlocks(int len) {
        try {
            ecb.update(counters, 0, len, keystream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB failed", e);
        }
    }

    private static void writeLength(byte[] b, int off, int lBytes, long value) {
        for (int i = 0; i < lBytes; i++) {
            b[off + i] = (byte) (value >>> (8 * (lBytes - 1 - i)));
        }
    }
}
