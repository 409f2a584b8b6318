package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;

/**
 * One AEAD key in one direction over a reused JCA Cipher, looked up by name with no provider named:
 * "AES/GCM/NoPadding" with a 128-bit tag, "ChaCha20-Poly1305", or "AES/CCM/NoPadding" when a provider
 * offers it (the JDK's do not; {@link Ccm} over the JCA's AES then); all with 12-byte nonces.
 * The nonce and additional data are the caller's (RecordCipher builds the DTLS ones). Not thread-safe.
 *
 * <p>The GCM and ChaCha20-Poly1305 Ciphers are not this key's own: every record already needs an
 * init (a fresh nonce), so one Cipher per thread, algorithm and direction serves the keys of all
 * sessions. A session then holds its key bytes, not a provider's key schedule and buffers (some 600
 * bytes per direction with the JDK's AES-GCM), which is most of an idle session's heap. One
 * direction per Cipher keeps a session's read and write keys from evicting each other's schedule on a
 * busy connection; the provider keeps the last key's schedule (the JDK's AES does).
 */
final class AeadCipher {
    static final int NONCE_LENGTH = 12;

    private final CipherSuite.Aead aead;
    private final boolean encrypt;
    /** A provider's CCM Cipher of this key's own; null for GCM and ChaCha20-Poly1305 (shared) and our CCM. */
    private final Cipher own;
    /** The per-thread Cipher of this algorithm and direction, for GCM and ChaCha20-Poly1305; otherwise null. */
    private final ThreadLocal<Cipher> shared;
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
            this.own = providerCcm();
            this.ccm = own == null ? new Ccm(key, aead.tagLength) : null;
            this.shared = null;
            return;
        }
        this.ccm = null;
        this.own = null;
        this.shared = chacha ? (encrypt ? SharedCiphers.CHACHA_SEAL : SharedCiphers.CHACHA_OPEN)
                : (encrypt ? SharedCiphers.GCM_SEAL : SharedCiphers.GCM_OPEN);
        shared.get(); // fails now, not at the first record, when no provider has the algorithm
    }

    /** The per-thread Ciphers; made on a thread's first use, never dropped while the thread lives (four at most). */
    private static final class SharedCiphers {
        static final ThreadLocal<Cipher> GCM_SEAL = ThreadLocal.withInitial(() -> newCipher(CipherSuite.Aead.AES_128_GCM));
        static final ThreadLocal<Cipher> GCM_OPEN = ThreadLocal.withInitial(() -> newCipher(CipherSuite.Aead.AES_128_GCM));
        static final ThreadLocal<Cipher> CHACHA_SEAL = ThreadLocal.withInitial(() -> newCipher(CipherSuite.Aead.CHACHA20_POLY1305));
        static final ThreadLocal<Cipher> CHACHA_OPEN = ThreadLocal.withInitial(() -> newCipher(CipherSuite.Aead.CHACHA20_POLY1305));

        private static Cipher newCipher(CipherSuite.Aead aead) {
            try {
                return Cipher.getInstance(aead == CipherSuite.Aead.CHACHA20_POLY1305 ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(aead + " is not available from any JCA provider", e);
            }
        }
    }

    private Cipher cipher() {
        return own != null ? own : shared.get();
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
            Cipher cipher = cipher();
            initForEncryption(cipher, nonce);
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
            Cipher cipher = cipher();
            initForDecryption(cipher, nonce);
            cipher.updateAAD(aad, aadOff, aadLen);
            return cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            // AEADBadTagException is the usual case; a provider's refusal of odd input counts the same
            return -1;
        }
    }

    /**
     * The JDK's GCM and ChaCha20-Poly1305 refuse to encrypt under the key and nonce of their previous
     * encryption init. The record layer never repeats a nonce under a key (each record has its own
     * sequence number), but a shared Cipher's previous init may be another key's with equal bytes: a
     * test that runs the same seeded handshake twice on one thread makes exactly that. Another nonce
     * first (nothing is encrypted with it) clears the refusal.
     */
    private void initForEncryption(Cipher cipher, byte[] nonce) throws GeneralSecurityException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce));
        } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
            if (own != null) {
                throw e;
            }
            byte[] other = nonce.clone();
            other[0] ^= 1;
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(other));
            cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce));
        }
    }

    private void initForDecryption(Cipher cipher, byte[] nonce) throws GeneralSecurityException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
        } catch (InvalidKeyException e) {
            // The JDK's ChaCha20-Poly1305 refuses the key and nonce of its previous init even to decrypt;
            // a forged record followed by the genuine one with the same seq_num hits this (and, with the
            // Cipher shared, only this key's own previous init can match). Pass through
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
