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
 * "AES/GCM/NoPadding" with a 128-bit tag, "ChaCha20-Poly1305", or "AES/CCM/NoPadding" when a provider
 * offers it (the JDK's do not; {@link Ccm} over the JCA's AES then); all with 12-byte nonces.
 * The nonce and additional data are the caller's (RecordCipher builds the DTLS ones). Not thread-safe.
 */
final class AeadCipher {
    static final int NONCE_LENGTH = 12;

    private final CipherSuite.Aead aead;
    private final boolean encrypt;
    /** Null when {@link #ccm} does the work. */
    private final Cipher cipher;
    /** Our CCM, when the suite is CCM and no provider has "AES/CCM/NoPadding"; otherwise null. */
    private final Ccm ccm;
    private final SecretKeySpec key;

    AeadCipher(CipherSuite.Aead aead, byte[] key, boolean encrypt) {
        if (key.length != aead.keyLength) {
            throw new IllegalArgumentException(aead + " needs a " + aead.keyLength + "-byte key, not " + key.length);
        }
        this.aead = aead;
        this.encrypt = encrypt;
        boolean chacha = aead == CipherSuite.Aead.CHACHA20_POLY1305;
        this.key = new SecretKeySpec(key, chacha ? "ChaCha20" : "AES");
        if (aead.isCcm()) {
            this.cipher = providerCcm();
            this.ccm = cipher == null ? new Ccm(key, aead.tagLength) : null;
            return;
        }
        this.ccm = null;
        try {
            this.cipher = Cipher.getInstance(chacha ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(aead + " is not available from any JCA provider", e);
        }
    }

    /** A provider's "AES/CCM/NoPadding" (e.g. Bouncy Castle's, when registered), or null when none has it. */
    private static Cipher providerCcm() {
        try {
            return Cipher.getInstance("AES/CCM/NoPadding");
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** Whether a JCA provider's CCM is used rather than {@link Ccm} (false for the other AEADs' JCA ciphers too). */
    boolean usesOwnCcm() {
        return ccm != null;
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
        if (ccm != null) {
            requireNonceLength(nonce);
            return ccm.seal(nonce, aad, aadOff, aadLen, in, inOff, inLen, out, outOff);
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
        if (ccm != null) {
            requireNonceLength(nonce);
            return ccm.open(nonce, aad, aadOff, aadLen, in, inOff, inLen, out, outOff);
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
        requireNonceLength(nonce);
        // the only per-record allocation: JCA parameter specs copy the nonce. Providers' CCM (e.g.
        // Bouncy Castle's) takes its nonce and tag length in a GCMParameterSpec too.
        return aead == CipherSuite.Aead.CHACHA20_POLY1305
                ? new IvParameterSpec(nonce)
                : new GCMParameterSpec(aead.tagLength * 8, nonce);
    }

    private static void requireNonceLength(byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("AEAD nonces are " + NONCE_LENGTH + " bytes, not " + nonce.length);
        }
    }
}
