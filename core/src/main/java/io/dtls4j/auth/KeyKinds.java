package io.dtls4j.auth;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.crypto.Signatures;

import java.security.Key;
import java.security.PrivateKey;
import java.util.List;

/** Matching keys to suites and signature schemes. */
public final class KeyKinds {
    /** ClientCertificateType ecdsa_sign (RFC 8422 §5.5; also covers EdDSA) and rsa_sign (RFC 5246 §7.4.4). */
    private static final int ECDSA_SIGN = 64;
    private static final int RSA_SIGN = 1;

    private KeyKinds() {
    }

    /** The key exchange whose authentication this key can provide, or null. */
    public static CipherSuite.KeyExchange keyExchangeFor(Key key) {
        switch (key.getAlgorithm()) {
            case "EC":
            case "ECDSA":
            case "Ed25519":
            case "EdDSA":
                // RFC 8422 §5.3: ECDSA suites are also used with EdDSA certificates
                return CipherSuite.KeyExchange.ECDHE_ECDSA;
            case "RSA":
                return CipherSuite.KeyExchange.ECDHE_RSA;
            default:
                return null;
        }
    }

    /**
     * The first of our schemes (our preference) that the peer offered and that {@code key} can sign
     * with, or null; a scheme that names the key's curve comes before one that names another
     * (both are valid in DTLS 1.2: {@link Signatures#canSign}). {@code certificateTypes}, when
     * given, must allow the key's kind.
     */
    public static SignatureScheme chooseScheme(List<SignatureScheme> ours, int[] peerOffered, PrivateKey key, byte[] certificateTypes) {
        if (certificateTypes != null) {
            CipherSuite.KeyExchange kind = keyExchangeFor(key);
            int needed = kind == CipherSuite.KeyExchange.ECDHE_RSA ? RSA_SIGN : ECDSA_SIGN;
            boolean allowed = false;
            for (byte type : certificateTypes) {
                allowed |= (type & 0xFF) == needed;
            }
            if (!allowed) {
                return null;
            }
        }
        SignatureScheme otherCurve = null;
        for (SignatureScheme scheme : ours) {
            if (contains(peerOffered, scheme.id()) && Signatures.canSign(scheme, key)) {
                if (Signatures.matchesCurve(scheme, key)) {
                    return scheme;
                }
                if (otherCurve == null) {
                    otherCurve = scheme;
                }
            }
        }
        return otherCurve;
    }

    public static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** Whether a list of one-byte code points (compression methods, certificate or point formats) holds {@code value}. */
    public static boolean contains(byte[] values, int value) {
        for (byte v : values) {
            if ((v & 0xFF) == value) {
                return true;
            }
        }
        return false;
    }
}
