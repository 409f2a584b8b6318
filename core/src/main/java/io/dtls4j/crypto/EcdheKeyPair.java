package io.dtls4j.crypto;

import io.dtls4j.config.EphemeralKeySource;
import io.dtls4j.config.NamedGroup;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

/**
 * An ephemeral ECDHE key pair (RFC 8422 §5.4, §5.11; RFC 7748 for X25519), with the wire encodings
 * of public values: the 32-byte little-endian u-coordinate for X25519, the uncompressed point
 * 0x04 || X || Y for the NIST curves. Keys come from the JCA ("XDH", "EC", "ECDH" by name).
 */
public final class EcdheKeyPair {
    private static final int X25519_LENGTH = 32;
    /** 2^255 - 19, the X25519 field prime. */
    private static final BigInteger X25519_P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private final NamedGroup group;
    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private EcdheKeyPair(NamedGroup group, PrivateKey privateKey, byte[] publicKey) {
        this.group = group;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh key pair on {@code group} drawn from {@code random}. */
    public static EcdheKeyPair generate(NamedGroup group, SecureRandom random) {
        return of(group, EphemeralKeySource.generate(group, random));
    }

    /**
     * {@code pair}, which an {@link EphemeralKeySource} made for {@code group}, with its public value
     * in the wire encoding. A pair of another kind or on another curve is a bug of the source and is
     * refused: the peer would be sent a point that does not match our private key.
     */
    public static EcdheKeyPair of(NamedGroup group, KeyPair pair) {
        PublicKey pub = pair.getPublic();
        if (group == NamedGroup.X25519) {
            if (pub instanceof XECPublicKey xec && xec.getParams() instanceof NamedParameterSpec spec
                    && spec.getName().equalsIgnoreCase(NamedParameterSpec.X25519.getName())) {
                return new EcdheKeyPair(group, pair.getPrivate(), encodeX25519(xec.getU()));
            }
        } else if (pub instanceof ECPublicKey ec && NamedGroup.ofCurve(ec.getParams()) == group) {
            return new EcdheKeyPair(group, pair.getPrivate(), encodePoint(ec.getW(), NamedCurves.fieldLength(ec.getParams())));
        }
        throw new IllegalArgumentException("the ephemeral key source gave a " + pub.getAlgorithm()
                + " key pair that is not on " + group);
    }

    public NamedGroup group() {
        return group;
    }

    /** Our public value as sent on the wire (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The premaster secret agreed with the peer's wire public value: for X25519 the 32-byte shared
     * secret, for the NIST curves the X coordinate of the shared point in full field length (RFC 8422
     * §5.10: leading zeros are kept). Rejects values of the wrong length or form (only uncompressed
     * points: RFC 8422 §5.1.2 as updated for TLS 1.2 use), points not on the curve (RFC 8422 §5.11),
     * and for X25519 an all-zero result (RFC 7748 §6.1, RFC 8422 §5.11).
     */
    public byte[] agree(byte[] peerPublicKey) throws InvalidKeyException {
        return agree(group, privateKey, peerPublicKey);
    }

    /** {@link #agree(byte[])} with any private key of {@code group} (the Wycheproof tests use it with given keys). */
    static byte[] agree(NamedGroup group, PrivateKey privateKey, byte[] peerPublicKey) throws InvalidKeyException {
        if (peerPublicKey.length != group.publicKeyLength()) {
            throw new InvalidKeyException("public value of " + peerPublicKey.length + " bytes; "
                    + group + " needs " + group.publicKeyLength());
        }
        byte[] secret;
        int secretLength;
        try {
            PublicKey peer;
            KeyAgreement agreement;
            if (group == NamedGroup.X25519) {
                peer = KeyFactory.getInstance("XDH").generatePublic(
                        new XECPublicKeySpec(NamedParameterSpec.X25519, decodeX25519(peerPublicKey)));
                agreement = KeyAgreement.getInstance("XDH");
                secretLength = X25519_LENGTH;
            } else {
                ECParameterSpec params = NamedCurves.parameters(curveName(group));
                peer = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(decodePoint(peerPublicKey, params), params));
                agreement = KeyAgreement.getInstance("ECDH");
                secretLength = NamedCurves.fieldLength(params);
            }
            agreement.init(privateKey);
            agreement.doPhase(peer, true);
            secret = agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            // e.g. a provider that reports a small-order X25519 input as IllegalStateException
            throw new InvalidKeyException("peer public value rejected: " + e.getMessage(), e);
        }
        if (secret.length > secretLength) {
            throw new InvalidKeyException("the provider returned a " + secret.length + "-byte secret");
        }
        if (secret.length < secretLength) {
            // a provider that strips leading zeros: put them back (RFC 8422 §5.10)
            byte[] padded = new byte[secretLength];
            System.arraycopy(secret, 0, padded, secretLength - secret.length, secret.length);
            secret = padded;
        }
        if (group == NamedGroup.X25519 && isAllZero(secret)) {
            // RFC 7748 §6.1, RFC 8422 §5.11; on the NIST curves X = 0 is a legitimate shared point
            throw new InvalidKeyException("the shared secret is zero (a small-order public value)");
        }
        return secret;
    }

    private static String curveName(NamedGroup group) {
        String name = NamedCurves.nameOf(group);
        if (name == null) {
            throw new IllegalArgumentException(group + " is not a NIST curve");
        }
        return name;
    }

    /**
     * RFC 7748 §5: the u-coordinate is 32 little-endian bytes whose top bit is masked; values of p
     * or more are accepted and reduced modulo p (so any provider takes them).
     */
    private static BigInteger decodeX25519(byte[] encoded) {
        byte[] bigEndian = new byte[X25519_LENGTH];
        for (int i = 0; i < X25519_LENGTH; i++) {
            bigEndian[i] = encoded[X25519_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        return new BigInteger(1, bigEndian).mod(X25519_P);
    }

    private static byte[] encodeX25519(BigInteger u) {
        byte[] bigEndian = toFixed(u, X25519_LENGTH);
        byte[] out = new byte[X25519_LENGTH];
        for (int i = 0; i < X25519_LENGTH; i++) {
            out[i] = bigEndian[X25519_LENGTH - 1 - i];
        }
        return out;
    }

    private static byte[] encodePoint(ECPoint w, int length) {
        byte[] out = new byte[1 + 2 * length];
        out[0] = 4;
        System.arraycopy(toFixed(w.getAffineX(), length), 0, out, 1, length);
        System.arraycopy(toFixed(w.getAffineY(), length), 0, out, 1 + length, length);
        return out;
    }

    /**
     * Decodes an uncompressed point 0x04 || X || Y and checks it lies on the curve (RFC 8422 §5.11).
     * The curves have cofactor 1, so a point on the curve other than infinity (which has no
     * uncompressed encoding) is in the prime-order group.
     */
    static ECPoint decodePoint(byte[] encoded, ECParameterSpec params) throws InvalidKeyException {
        int length = NamedCurves.fieldLength(params);
        if (encoded.length != 1 + 2 * length) {
            throw new InvalidKeyException("a point on this curve is " + (1 + 2 * length) + " bytes");
        }
        if (encoded[0] != 4) {
            throw new InvalidKeyException("not an uncompressed point (form 0x" + Integer.toHexString(encoded[0] & 0xFF) + ")");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + length));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 1 + length, encoded.length));
        EllipticCurve curve = params.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new InvalidKeyException("point coordinate out of range");
        }
        // y^2 = x^3 + a*x + b (mod p)
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.multiply(x).add(curve.getA()).multiply(x).add(curve.getB()).mod(p);
        if (!left.equals(right)) {
            throw new InvalidKeyException("point is not on the curve");
        }
        return new ECPoint(x, y);
    }

    private static byte[] toFixed(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        byte[] out = new byte[length];
        if (raw.length > length) {
            // only a sign byte can be extra: v < 2^(8*length)
            System.arraycopy(raw, raw.length - length, out, 0, length);
        } else {
            System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        }
        return out;
    }

    private static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
