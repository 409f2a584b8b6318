package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;

/**
 * One AEAD key in one direction over a reused JCA Cipher, looked up by name with no provider named:
 * "AES/GCM/NoPadding" with a 128-bit tag, or "ChaCha20-Poly1305"; both with 12-byte nonces.
 * The nonce and additional data are the caller's (RecordCipher builds the DTLS ones). Not thread-safe.
 */
final class AeadCipher {
    static final int NONCE_LENGTH = 12;

    private final CipherSuite.Aead aead;
    private final boolean encrypt;
    private final Cipher cipher;
    private final SecretKeySpec key;

    AeadCipher(CipherSuite.Aead aead, byte[] key, boolean encrypt) {
        if (key.length != aead.keyLength) {
            throw new IllegalArgumentException(aead + " needs a " + aead.keyLength + "-byte key, not " + key.length);
        }
        this.aead = aead;
        this.encrypt = encrypt;
        boolean chacha = aead == CipherSuite.Aead.CHACHA20_POLY1305;
        this.key = new SecretKeySpec(key, chacha ? "ChaCha20" : "AES");
        try {
            this.cipher = Cipher.getInstance(chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(aead + " is not available from any JCA provider", e);
        }
    }

    CipherSuite.Aead aead() {
        return aead;
    }

    /**
     * Encrypts {@code in[inOff, inOff+inLen)} and writes ciphertext + tag at {@code out[outOff]};
     * returns {@code inLen + tagLength}. The arrays may be the same (JCA doFinal is copy-safe).
     *
     * @throws IllegalStateException when the provider refuses, e.g. a repeated nonce under this key
     */
    int seal(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (!encrypt) {
            throw new IllegalStateException("this cipher decrypts");
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce));
            cipher.updateAAD(aad, aadOff, aadLen);
            return cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(aead + " encryption failed", e);
        }
    }

    /**
     * Decrypts and authenticates ciphertext + tag {@code in[inOff, inOff+inLen)}, writing the plaintext
     * at {@code out[outOff]}; returns its length, or -1 when the input is shorter than a tag or does
     * not authenticate (nothing is released then: providers buffer AEAD plaintext until the tag checks).
     */
    int open(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        if (encrypt) {
            throw new IllegalStateException("this cipher encrypts");
        }
        if (inLen < aead.tagLength) {
            return -1;
        }
        try {
            initForDecryption(nonce);
            cipher.updateAAD(aad, aadOff, aadLen);
            return cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            // AEADBadTagException is the usual case; a provider's refusal of odd input counts the same
            return -1;
        }
    }

    private void initForDecryption(byte[] nonce) throws GeneralSecurityException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
        } catch (InvalidKeyException e) {
            // The JDK's ChaCha20-Poly1305 refuses the key and nonce of its previous init even to decrypt;
            // a forged record followed by the genuine one with the same seq_num hits this. Pass through
            // another nonce (never used to decrypt anything) and init again.
            byte[] other = nonce.clone();
            other[0] ^= 1;
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(other));
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
        }
    }

    private AlgorithmParameterSpec parameters(byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AEAD nonces are " + NONCE_LENGTH + " bytes, not " + nonce.length);
        }
        // the only per-record allocation: JCA parameter specs copy the nonce
        return aead == CipherSuite.Aead.CHACHA20_POLY1305
                ? new IvParameterSpec(nonce)
                : new GCMParameterSpec(aead.tagLength * 8, nonce);
    }
}
