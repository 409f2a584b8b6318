package io.dtls4j.handshake;

import io.dtls4j.config.CipherSuite;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The handshake messages of one handshake, in the unfragmented form (RFC 6347 §4.2.6), kept as raw
 * bytes: TLS 1.2 CertificateVerify signs the messages themselves (RFC 5246 §7.4.8), and the Finished
 * and extended master secret computations hash them with the suite's hash, which is chosen only in
 * ServerHello. A handshake's transcript is a few kilobytes; it is released when the handshake ends.
 */
public final class HandshakeTranscript {
    private byte[] bytes = new byte[1024];
    private int length;

    public void append(byte[] message) {
        if (length + message.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + message.length));
        }
        System.arraycopy(message, 0, bytes, length, message.length);
        length += message.length;
    }

    /** Forgets everything (the client after HelloVerifyRequest: RFC 6347 §4.2.6 leaves the first hello pair out). */
    public void reset() {
        length = 0;
    }

    /** A copy of the messages so far. */
    public byte[] bytes() {
        return Arrays.copyOf(bytes, length);
    }

    public byte[] hash(CipherSuite.PrfHash hash) {
        try {
            MessageDigest digest = MessageDigest.getInstance(hash.digestAlgorithm);
            digest.update(bytes, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash.digestAlgorithm + " is not available", e);
        }
    }

    public void release() {
        bytes = new byte[0];
        length = 0;
    }
}
