package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;

/**
 * AEAD protection of DTLS 1.2 records for one direction of one epoch. One JCA Cipher and key are
 * reused for every record; the algorithm is looked up by name, so whichever provider is preferred
 * (the JDK's, or e.g. Amazon Corretto Crypto Provider) does the work. Not thread-safe.
 *
 * <p>additional_data = seq_num(8: epoch and sequence) + type + version + length (RFC 5246 §6.2.3.3,
 * RFC 6347 §4.1.2.1). AES-GCM nonce = 4-byte salt + 8-byte explicit nonce carried in the record
 * (RFC 5288 §3; we send the 64-bit seq_num). ChaCha20-Poly1305 nonce = 12-byte IV XOR the padded
 * seq_num, with no explicit part (RFC 7905 §2).
 */
public final class RecordCipher {
    private static final int AAD_LENGTH = 13;

    private final CipherSuite.Aead aead;
    private final boolean encrypt;
    private final Cipher cipher;
    private final SecretKeySpec key;
    private final byte[] fixedIv;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[AAD_LENGTH];

    private RecordCipher(CipherSuite.Aead aead, byte[] key, byte[] fixedIv, boolean encrypt) {
        if (key.length != aead.keyLength || fixedIv.length != aead.fixedIvLength) {
            throw new IllegalArgumentException("key/IV lengths " + key.length + "/" + fixedIv.length + " do not fit " + aead);
        }
        this.aead = aead;
        this.encrypt = encrypt;
        boolean gcm = aead != CipherSuite.Aead.CHACHA20_POLY1305;
        this.key = new SecretKeySpec(key, gcm ? "AES" : "ChaCha20");
        this.fixedIv = fixedIv.clone();
        try {
            this.cipher = Cipher.getInstance(gcm ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(aead + " is not available from any JCA provider", e);
        }
    }

    public static RecordCipher forEncryption(CipherSuite.Aead aead, byte[] key, byte[] fixedIv) {
        return new RecordCipher(aead, key, fixedIv, true);
    }

    public static RecordCipher forDecryption(CipherSuite.Aead aead, byte[] key, byte[] fixedIv) {
        return new RecordCipher(aead, key, fixedIv, false);
    }

    public CipherSuite.Aead aead() {
        return aead;
    }

    /**
     * Protects {@code in[inOff, inOff+inLen)} and writes [explicit nonce] + ciphertext + tag at
     * {@code out[outOff]}; returns the bytes written. {@code in} and {@code out} may be the same array.
     */
    public int seal(long epochSeq, int contentType, int version, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (!encrypt) {
            throw new IllegalStateException("this RecordCipher decrypts");
        }
        int explicit = aead.recordIvLength;
        if (explicit > 0) {
            // the explicit part of the GCM nonce: the record's own 64-bit seq_num, never repeated in an epoch
            writeLong(out, outOff, epochSeq);
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(epochSeq, out, outOff));
            fillAad(epochSeq, contentType, version, inLen);
            cipher.updateAAD(aad);
            return explicit + cipher.doFinal(in, inOff, inLen, out, outOff + explicit);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("record encryption failed", e);
        }
    }

    /**
     * Opens a protected fragment {@code in[inOff, inOff+inLen)}; returns the plaintext length
     * written at {@code out[outOff]}, or -1 when it is too short or does not authenticate.
     */
    public int open(long epochSeq, int contentType, int version, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (encrypt) {
            throw new IllegalStateException("this RecordCipher encrypts");
        }
        int explicit = aead.recordIvLength;
        int plaintextLength = inLen - explicit - aead.tagLength;
        if (plaintextLength < 0) {
            return -1;
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(epochSeq, in, inOff));
            fillAad(epochSeq, contentType, version, plaintextLength);
            cipher.updateAAD(aad);
            return cipher.doFinal(in, inOff + explicit, inLen - explicit, out, outOff);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return -1;
        }
    }

    private AlgorithmParameterSpec parameters(long epochSeq, byte[] explicitSource, int explicitOff) {
        if (aead == CipherSuite.Aead.CHACHA20_POLY1305) {
            System.arraycopy(fixedIv, 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= (byte) (epochSeq >>> (56 - 8 * i));
            }
            return new IvParameterSpec(nonce);
        }
        System.arraycopy(fixedIv, 0, nonce, 0, 4);
        System.arraycopy(explicitSource, explicitOff, nonce, 4, 8);
        return new GCMParameterSpec(128, nonce);
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
