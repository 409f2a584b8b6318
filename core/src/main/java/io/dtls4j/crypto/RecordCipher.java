package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import java.util.Objects;

/**
 * AEAD protection of DTLS 1.2 records for one direction of one epoch. One JCA Cipher, key, nonce
 * buffer and additional-data buffer are reused for every record; the algorithm is looked up by name,
 * so whichever provider is preferred (the JDK's, or e.g. Amazon Corretto Crypto Provider) does the
 * work. Not thread-safe.
 *
 * <p>additional_data = seq_num(8: epoch and sequence) + type + version + length (RFC 5246 §6.2.3.3,
 * with the DTLS seq_num of RFC 6347 §4.1.2.1). AES-GCM nonce = 4-byte salt + 8-byte explicit nonce
 * carried in the record (RFC 5288 §3; we send the 64-bit seq_num, which never repeats in an epoch).
 * ChaCha20-Poly1305 nonce = 12-byte IV XOR the left-padded seq_num, with no explicit part (RFC 7905 §2).
 */
public final class RecordCipher {
    private static final int AAD_LENGTH = 13;
    private static final int MAX_LENGTH = 0xFFFF;

    private final CipherSuite.Aead aead;
    private final AeadCipher cipher;
    private final byte[] fixedIv;
    private final byte[] nonce = new byte[AeadCipher.NONCE_LENGTH];
    private final byte[] aad = new byte[AAD_LENGTH];

    private RecordCipher(CipherSuite.Aead aead, byte[] key, byte[] fixedIv, boolean encrypt) {
        if (fixedIv.length != aead.fixedIvLength) {
            throw new IllegalArgumentException(aead + " needs a " + aead.fixedIvLength + "-byte IV, not " + fixedIv.length);
        }
        this.aead = aead;
        this.cipher = new AeadCipher(aead, key, encrypt);
        this.fixedIv = fixedIv.clone();
    }

    /** A cipher that seals records with {@code key} and the write IV {@code fixedIv} of the key block. */
    public static RecordCipher forEncryption(CipherSuite.Aead aead, byte[] key, byte[] fixedIv) {
        return new RecordCipher(aead, key, fixedIv, true);
    }

    /** A cipher that opens records sealed with {@code key} and the write IV {@code fixedIv} of the key block. */
    public static RecordCipher forDecryption(CipherSuite.Aead aead, byte[] key, byte[] fixedIv) {
        return new RecordCipher(aead, key, fixedIv, false);
    }

    public CipherSuite.Aead aead() {
        return aead;
    }

    /**
     * Protects {@code in[inOff, inOff+inLen)} as the fragment of a record with this
     * {@code epochSeq} (epoch &lt;&lt; 48 | 48-bit sequence), content type and version, writing
     * [explicit nonce] + ciphertext + tag at {@code out[outOff]}; returns the bytes written,
     * {@code inLen + aead().expansion()}. {@code in} and {@code out} may be the same array, with
     * the regions overlapping in either direction.
     *
     * @throws IllegalStateException when this cipher decrypts, or the provider refuses (for GCM
     *                               a repeated epochSeq is a repeated nonce, which JCA may refuse)
     */
    public int seal(long epochSeq, int contentType, int version, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        fillAad(epochSeq, contentType, version, inLen);
        return seal(epochSeq, aad, 0, AAD_LENGTH, in, inOff, inLen, out, outOff);
    }

    /**
     * Protects {@code in[inOff, inOff+inLen)} with the nonce made from {@code nonceSeq} (the 64-bit
     * epoch and sequence of DTLS 1.2) and the caller's additional data, writing [explicit nonce] +
     * ciphertext + tag at {@code out[outOff]}; returns the bytes written. The record formats whose
     * additional data is not RFC 5246's (RFC 9146 §5) use this directly. The additional data must not
     * lie in {@code out}'s written region.
     */
    public int seal(long nonceSeq, byte[] aadBytes, int aadOff, int aadLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        Objects.checkFromIndexSize(outOff, inLen + aead.expansion(), out.length);
        if (inLen > MAX_LENGTH) {
            throw new IllegalArgumentException("a record fragment is at most " + MAX_LENGTH + " bytes");
        }
        int explicit = aead.recordIvLength;
        int ciphertextOff = outOff + explicit;
        if (in == out && inOff != ciphertextOff && inOff < outOff + inLen + aead.expansion() && outOff < inOff + inLen) {
            // the regions overlap: move the plaintext to where its ciphertext goes (memmove semantics),
            // so writing the explicit nonce below cannot overwrite plaintext and the cipher runs exactly in place
            System.arraycopy(in, inOff, out, ciphertextOff, inLen);
            inOff = ciphertextOff;
        }
        fillNonce(nonceSeq);
        int written = cipher.seal(nonce, aadBytes, aadOff, aadLen, in, inOff, inLen, out, ciphertextOff);
        if (explicit > 0) {
            System.arraycopy(nonce, aead.fixedIvLength, out, outOff, explicit);
        }
        return explicit + written;
    }

    /**
     * Opens a protected fragment {@code in[inOff, inOff+inLen)} (explicit nonce + ciphertext + tag)
     * of a record with this {@code epochSeq}, content type and version; returns the plaintext length
     * written at {@code out[outOff]}, or -1 when it is too short or does not authenticate. Never
     * throws on bad record bytes. {@code in} and {@code out} may be the same array.
     *
     * @throws IllegalStateException when this cipher encrypts
     */
    public int open(long epochSeq, int contentType, int version, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        int plaintextLength = inLen - aead.expansion();
        if (plaintextLength < 0 || plaintextLength > MAX_LENGTH) {
            return -1;
        }
        fillAad(epochSeq, contentType, version, plaintextLength);
        return open(epochSeq, aad, 0, AAD_LENGTH, in, inOff, inLen, out, outOff);
    }

    /**
     * Opens a protected fragment with the caller's additional data (which may be computed from
     * {@link #plaintextLength(int)}); returns the plaintext length, or -1 when it does not authenticate.
     */
    public int open(long nonceSeq, byte[] aadBytes, int aadOff, int aadLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        int explicit = aead.recordIvLength;
        int plaintextLength = plaintextLength(inLen);
        if (plaintextLength < 0) {
            return -1;
        }
        Objects.checkFromIndexSize(outOff, plaintextLength, out.length);
        if (explicit > 0) {
            // RFC 5288 §3: the explicit part of the nonce is whatever the sender put in the record
            System.arraycopy(fixedIv, 0, nonce, 0, aead.fixedIvLength);
            System.arraycopy(in, inOff, nonce, aead.fixedIvLength, explicit);
        } else {
            fillNonce(nonceSeq);
        }
        return cipher.open(nonce, aadBytes, aadOff, aadLen, in, inOff + explicit, inLen - explicit, out, outOff);
    }

    /** The plaintext length of a protected fragment of {@code fragmentLength} bytes, or -1 when it cannot be one. */
    public int plaintextLength(int fragmentLength) {
        int plaintextLength = fragmentLength - aead.expansion();
        return plaintextLength < 0 || plaintextLength > MAX_LENGTH ? -1 : plaintextLength;
    }

    /** The nonce for sealing (either AEAD) or opening (ChaCha20-Poly1305) the record {@code epochSeq}. */
    private void fillNonce(long epochSeq) {
        if (aead == CipherSuite.Aead.CHACHA20_POLY1305) {
            // RFC 7905 §2: the 64-bit seq_num, left-padded with zeros to 12 bytes, XOR the write IV
            System.arraycopy(fixedIv, 0, nonce, 0, AeadCipher.NONCE_LENGTH);
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= (byte) (epochSeq >>> (56 - 8 * i));
            }
        } else {
            // RFC 5288 §3: salt (the write IV) || nonce_explicit, for which we use the seq_num
            System.arraycopy(fixedIv, 0, nonce, 0, aead.fixedIvLength);
            writeLong(nonce, aead.fixedIvLength, epochSeq);
        }
    }

    private void fillAad(long epochSeq, int contentType, int version, int length) {
        writeLong(aad, 0, epochSeq);
        aad[8] = (byte) contentType;
        aad[9] = (byte) (version >>> 8);
        aad[10] = (byte) version;
        aad[11] = (byte) (length >>> 8);
        aad[12] = (byte) length;
    }

    private static void writeLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
