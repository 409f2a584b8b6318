package io.dtls4j.auth;

import io.dtls4j.credentials.CertificateText;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import java.util.List;

/** Names of certificates and raw public keys for the messages of handshake failures: which one failed. */
public final class PeerDescriptions {
    /** Bytes of the key's SHA-256 shown: enough to tell keys apart in a log. */
    private static final int SHOWN_HASH_BYTES = 8;

    private PeerDescriptions() {
    }

    /** "certificate CN=…" for a chain's leaf, "raw public key (Ed25519, SPKI sha-256 …)" for a raw key. */
    public static String identity(List<X509Certificate> chain, PublicKey key) {
        if (!chain.isEmpty()) {
            return "certificate " + CertificateText.subject(chain.get(0));
        }
        return "raw public key (" + kind(key) + ", SPKI sha-256 " + shortHash(key) + ")";
    }

    /** The key's kind: "EC", "RSA 2048-bit", "Ed25519". */
    private static String kind(PublicKey key) {
        if (key instanceof EdECPublicKey ed) {
            return ed.getParams().getName();
        }
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + "-bit";
        }
        if (key instanceof ECPublicKey) {
            return "EC";
        }
        return key.getAlgorithm();
    }

    /** The first bytes of the SHA-256 of the key's SubjectPublicKeyInfo, in hex. */
    private static String shortHash(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return "(no encoding)";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(encoded);
            return HexFormat.of().formatHex(hash, 0, SHOWN_HASH_BYTES) + "…";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
