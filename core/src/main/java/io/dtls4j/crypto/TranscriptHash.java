package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The running hash of the handshake messages (RFC 5246 §7.4.9, RFC 6347 §4.2.6: each message in its
 * unfragmented form). The hash is the suite's PRF hash, known only from ServerHello, so bytes are
 * buffered until {@link #selectHash} and digested as they come after it. At most
 * {@link #MAX_BUFFERED} bytes are buffered. Not thread-safe.
 */
public final class TranscriptHash {
    /** The most bytes kept before the hash is chosen (a ClientHello and ServerHello are far smaller). */
    public static final int MAX_BUFFERED = 1 << 20;

    private byte[] buffer = new byte[512];
    private int length;
    private MessageDigest digest;

    public TranscriptHash() {
    }

    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (digest != null) {
            digest.update(b, off, len);
            return;
        }
        if (len > MAX_BUFFERED - length) {
            throw new IllegalStateException("more than " + MAX_BUFFERED + " handshake bytes before the hash is chosen");
        }
        if (length + len > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(MAX_BUFFERED, Math.max(2 * buffer.length, length + len)));
        }
        System.arraycopy(b, off, buffer, length, len);
        length += len;
    }

    public void update(byte[] b) {
        update(b, 0, b.length);
    }

    /**
     * Chooses the hash; the buffered bytes are digested and released, later updates go straight to the
     * digest.
     *
     * @throws IllegalStateException when a hash was already chosen
     */
    public void selectHash(CipherSuite.PrfHash hash) {
        if (digest != null) {
            throw new IllegalStateException("the transcript hash is already chosen");
        }
        try {
            digest = MessageDigest.getInstance(hash.digestAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash.digestAlgorithm + " is not available from any JCA provider", e);
        }
        digest.update(buffer, 0, length);
        buffer = null;
        length = 0;
    }

    /** Whether {@link #selectHash} has been called. */
    public boolean hashSelected() {
        return digest != null;
    }

    /**
     * The hash of everything so far; the running digest goes on (it is cloned).
     *
     * @throws IllegalStateException before {@link #selectHash}, or when the provider's digest cannot be cloned
     */
    public byte[] current() {
        if (digest == null) {
            throw new IllegalStateException("no transcript hash chosen yet");
        }
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(digest.getAlgorithm() + " from " + digest.getProvider() + " cannot be cloned", e);
        }
    }

    /**
     * A copy of the bytes so far, available only while no hash is chosen (e.g. for a CertificateVerify
     * that must sign the messages themselves).
     *
     * @throws IllegalStateException after {@link #selectHash}
     */
    public byte[] bytes() {
        if (digest != null) {
            throw new IllegalStateException("the transcript bytes are released once the hash is chosen");
        }
        return Arrays.copyOf(buffer, length);
    }
}
