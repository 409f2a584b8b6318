package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import java.util.Objects;

/**
 * AEAD protection of DTLS records for one direction of one epoch. One JCA Cipher, key, nonce
 * buffer and additional-data buffer are reused for every record; the algorithm is looked up by name,
 * so whichever provider is preferred (the JDK's, or e.g. Amazon Corretto Crypto Provider) does the
 * work. Not thread-safe.
 *
 * <p>additional_data = seq_num(8: epoch and sequence) + type + version + length (RFC 5246 §6.2.3.3,
 * with the DTLS seq_num of RFC 6347 §4.1.2.1). AES-GCM nonce = 4-byte salt + 8-byte explicit nonce
 * carried in the record (RFC 5288 §3; we send the 64-bit seq_num, which never repeats in an epoch);
 * AES-CCM and AES-CCM_8 build theirs the same way (RFC 6655 §3, RFC 7251 §2).
 * ChaCha20-Poly1305 nonce = 12-byte IV XOR the left-padded seq_num, with no explicit part (RFC 7905 §2).
 *
 * <p>DTLS 1.3 ciphers ({@link #forDtls13}) use the TLS 1.3 per-record nonce for every AEAD: the
 * 12-byte write IV XOR the 64-bit record sequence number, left-padded (RFC 8446 §5.3; in DTLS 1.3 the
 * sequence number alone, without the epoch, RFC 9147 §4), no explicit nonce, and the caller's
 * additional data (the unified header). They also hold the epoch's record number encryption
 * ({@link SequenceNumberCipher}, RFC 9147 §4.2.3).
 */
public final class RecordCipher {
    private static final int AAD_LENGTH = 13;
    private static final int MAX_LENGTH = 0xFFFF;

    private final CipherSuite.Aead aead;
    private final AeadCipher cipher;
    private final byte[] fixedIv;
    /** Bytes of nonce carried in each record: 8 for AES-GCM (RFC 5288) and AES-CCM (RFC 6655) in DTLS 1.2, otherwise 0. */
    private final int explicitNonceLength;
    /** Null for DTLS 1.2 ciphers; the DTLS 1.3 nonce and record number encryption otherwise. */
    private final SequenceNumberCipher sequenceNumbers;

    /**
     * The nonce and additional-data buffers, filled and consumed within one seal or open call. They are
     * per thread rather than per cipher: an idle session keeps two ciphers per epoch, and 64 bytes of
     * scratch each were a sizeable part of its heap (issue #11); a thread reuses its pair for every
     * record, so the record path still allocates nothing.
     */
    private static final class Scratch {
        final byte[] nonce = new byte[AeadCipher.NONCE_LENGTH];
        final byte[] aad = new byte[AAD_LENGTH];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private RecordCipher(CipherSuite.Aead aead, byte[] key, byte[] fixedIv, boolean encrypt) {
        if (fixedIv.length != aead.fixedIvLength) {
            throw new IllegalArgumentException(aead + " needs a " + aead.fixedIvLength + "-byte IV, not " + fixedIv.length);
        }
        this.aead = aead;
        this.cipher = new AeadCipher(aead, key, encrypt);
        this.fixedIv = fixedIv.clone();
        this.explicitNonceLength = aead.recordIvLength;
        this.sequenceNumbers = null;
    }

    private RecordCipher(CipherSuite.Aead aead, byte[] key, byte[] iv, byte[] snKey, boolean encrypt) {
        if (iv.length != AeadCipher.NONCE_LENGTH) {
            // RFC 8446 §5.3: iv_length = max(8, N_MIN) = 12 for the AEADs of dtls4j
            throw new IllegalArgumentException("a DTLS 1.3 write IV is " + AeadCipher.NONCE_LENGTH + " bytes, not " + iv.length);
        }
        this.aead = aead;
        this.cipher = new AeadCipher(aead, key, encrypt);
        this.fixedIv = iv.clone();
        this.explicitNonceLength = 0;
        this.sequenceNumbers = SequenceNumberCipher.create(aead, snKey);
    }

    /** A cipher that seals records with {@code key} and the write IV {@code fixedIv} of the key block. */
    public static RecordCipher forEncryption(CipherSuite.Aead aead, byte[] key, byte[] fixedIv) {
        return new RecordCipher(aead, key, fixedIv, true);
    }

    /** A cipher that opens records sealed with {@code key} and the write IV {@code fixedIv} of the key block. */
    public static RecordCipher forDecryption(CipherSuite.Aead aead, byte[] key, byte[] fixedIv) {
        return new RecordCipher(aead, key, fixedIv, false);
    }

    /**
     * A DTLS 1.3 cipher (RFC 9147 §4) for one direction of one epoch: AEAD {@code key}, the 12-byte
     * write {@code iv} and the {@code snKey} of record number encryption (§4.2.3), all from the same
     * traffic secret ({@link #forDtls13(CipherSuite.PrfHash, CipherSuite.Aead, byte[], boolean)}).
     * {@code encrypt}: whether it seals (the write direction) or opens.
     */
    public static RecordCipher forDtls13(CipherSuite.Aead aead, byte[] key, byte[] iv, byte[] snKey, boolean encrypt) {
        return new RecordCipher(aead, key, iv, snKey, encrypt);
    }

    /**
     * A DTLS 1.3 cipher whose key, IV and sn_key are derived from the epoch's traffic secret
     * ({@code [sender]_application_traffic_secret_N} or a handshake traffic secret) with
     * HKDF-Expand-Label under the DTLS 1.3 label prefix: "key" and "iv" (RFC 8446 §7.3), "sn"
     * (RFC 9147 §4.2.3), each with an empty context; the key and sn_key are key_length bytes long.
     */
    public static RecordCipher forDtls13(CipherSuite.PrfHash hash, CipherSuite.Aead aead, byte[] trafficSecret, boolean encrypt) {
        String hmac = hash.hmacAlgorithm;
        byte[] none = new byte[0];
        return new RecordCipher(aead,
                Hkdf.expandLabel(hmac, trafficSecret, "key", none, aead.keyLength),
                Hkdf.expandLabel(hmac, trafficSecret, "iv", none, AeadCipher.NONCE_LENGTH),
                Hkdf.expandLabel(hmac, trafficSecret, "sn", none, aead.keyLength),
                encrypt);
    }

    public CipherSuite.Aead aead() {
        return aead;
    }

    /** Whether this is a DTLS 1.3 cipher ({@link #forDtls13}). */
    public boolean isDtls13() {
        return sequenceNumbers != null;
    }

    /** Bytes protection adds to a fragment: the explicit nonce (DTLS 1.2 AES-GCM only) and the tag. */
    public int expansion() {
        return explicitNonceLength + aead.tagLength;
    }

    /** Bytes of nonce carried before the ciphertext: 8 for AES-GCM in DTLS 1.2 (RFC 5288 §3), otherwise 0. */
    public int explicitNonceLength() {
        return explicitNonceLength;
    }

    /**
     * RFC 9147 §4.2.3: XORs the mask made from the 16 bytes of ciphertext at {@code b[sampleOff]}
     * into the {@code snLength}-byte sequence number at {@code b[snOff]}, encrypting or decrypting it.
     *
     * @throws IllegalStateException when this is not a DTLS 1.3 cipher
     */
    public void maskSequenceNumber(byte[] b, int sampleOff, int snOff, int snLength) {
        if (sequenceNumbers == null) {
            throw new IllegalStateException("DTLS 1.2 ciphers do not encrypt record numbers");
        }
        sequenceNumbers.apply(b, sampleOff, b, snOff, snLength);
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
        requireDtls12();
        byte[] aad = SCRATCH.get().aad;
        fillAad(aad, epochSeq, contentType, version, inLen);
        return seal(epochSeq, aad, 0, AAD_LENGTH, in, inOff, inLen, out, outOff);
    }

    /**
     * Protects {@code in[inOff, inOff+inLen)} with the nonce made from {@code nonceSeq} (the 64-bit
     * epoch and sequence of DTLS 1.2; the 64-bit sequence number alone in DTLS 1.3) and the caller's
     * additional data, writing [explicit nonce] + ciphertext + tag at {@code out[outOff]}; returns the
     * bytes written. The record formats whose additional data is not RFC 5246's (RFC 9146 §5, RFC 9147
     * §4) use this directly. The additional data must not lie in {@code out}'s written region.
     */
    public int seal(long nonceSeq, byte[] aadBytes, int aadOff, int aadLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        Objects.checkFromIndexSize(outOff, inLen + expansion(), out.length);
        if (inLen > MAX_LENGTH) {
            throw new IllegalArgumentException("a record fragment is at most " + MAX_LENGTH + " bytes");
        }
        int explicit = explicitNonceLength;
        int ciphertextOff = outOff + explicit;
        if (in == out && inOff != ciphertextOff && inOff < outOff + inLen + expansion() && outOff < inOff + inLen) {
            // the regions overlap: move the plaintext to where its ciphertext goes (memmove semantics),
            // so writing the explicit nonce below cannot overwrite plaintext and the cipher runs exactly in place
            System.arraycopy(in, inOff, out, ciphertextOff, inLen);
            inOff = ciphertextOff;
        }
        byte[] nonce = SCRATCH.get().nonce;
        fillNonce(nonce, nonceSeq);
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
        requireDtls12();
        int plaintextLength = inLen - expansion();
        if (plaintextLength < 0 || plaintextLength > MAX_LENGTH) {
            return -1;
        }
        byte[] aad = SCRATCH.get().aad;
        fillAad(aad, epochSeq, contentType, version, plaintextLength);
        return open(epochSeq, aad, 0, AAD_LENGTH, in, inOff, inLen, out, outOff);
    }

    /**
     * Opens a protected fragment with the caller's additional data (which may be computed from
     * {@link #plaintextLength(int)}); returns the plaintext length, or -1 when it does not authenticate.
     */
    public int open(long nonceSeq, byte[] aadBytes, int aadOff, int aadLen,
                    byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        int explicit = explicitNonceLength;
        int plaintextLength = plaintextLength(inLen);
        if (plaintextLength < 0) {
            return -1;
        }
        Objects.checkFromIndexSize(outOff, plaintextLength, out.length);
        byte[] nonce = SCRATCH.get().nonce;
        if (explicit > 0) {
            // RFC 5288 §3: the explicit part of the nonce is whatever the sender put in the record
            System.arraycopy(fixedIv, 0, nonce, 0, aead.fixedIvLength);
            System.arraycopy(in, inOff, nonce, aead.fixedIvLength, explicit);
        } else {
            fillNonce(nonce, nonceSeq);
        }
        return cipher.open(nonce, aadBytes, aadOff, aadLen, in, inOff + explicit, inLen - explicit, out, outOff);
    }

    /** The plaintext length of a protected fragment of {@code fragmentLength} bytes, or -1 when it cannot be one. */
    public int plaintextLength(int fragmentLength) {
        int plaintextLength = fragmentLength - expansion();
        return plaintextLength < 0 || plaintextLength > MAX_LENGTH ? -1 : plaintextLength;
    }

    /** The nonce for sealing (either AEAD) or opening (no explicit nonce) the record {@code epochSeq}. */
    private void fillNonce(byte[] nonce, long epochSeq) {
        if (explicitNonceLength == 0) {
            // RFC 7905 §2 (DTLS 1.2 ChaCha20-Poly1305) and RFC 8446 §5.3 (DTLS 1.3, every AEAD): the
            // 64-bit sequence number, left-padded with zeros to 12 bytes, XOR the write IV
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

    private void requireDtls12() {
        if (sequenceNumbers != null) {
            throw new IllegalStateException("a DTLS 1.3 cipher takes the record header as additional data");
        }
    }

    private static void fillAad(byte[] aad, long epochSeq, int contentType, int version, int length) {
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
