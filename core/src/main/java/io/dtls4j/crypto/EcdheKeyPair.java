package io.dtls4j.crypto;

import io.dtls4j.config.NamedGroup;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
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
 * 0x04 || X || Y for the NIST curves.
 */
public final class EcdheKeyPair {
    private final NamedGroup group;
    private final KeyPair keyPair;
    private final byte[] publicKey;

    private EcdheKeyPair(NamedGroup group, KeyPair keyPair, byte[] publicKey) {
        this.group = group;
        this.keyPair = keyPair;
        this.publicKey = publicKey;
    }

    public static EcdheKeyPair generate(NamedGroup group, SecureRandom random) {
        try {
            if (group == NamedGroup.X25519) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
                generator.initialize(NamedParameterSpec.X25519, random);
                KeyPair pair = generator.generateKeyPair();
                return new EcdheKeyPair(group, pair, encodeX25519(((XECPublicKey) pair.getPublic()).getU()));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curveName(group)), random);
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey pub = (ECPublicKey) pair.getPublic();
            return new EcdheKeyPair(group, pair, encodePoint(pub.getW(), fieldLength(pub.getParams())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(group + " is not available from any JCA provider", e);
        }
    }

    public NamedGroup group() {
        return group;
    }

    /** Our public value as sent on the wire. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The premaster secret agreed with the peer's wire public value. Rejects values of the wrong
     * length or form (only uncompressed points), points not on the curve, and (X25519) an all-zero
     * result (RFC 7748 §6.1, RFC 8422 §5.11).
     */
    public byte[] agree(byte[] peerPublicKey) throws InvalidKeyException {
        if (peerPublicKey.length != group.publicKeyLength()) {
            throw new InvalidKeyException("public value of " + peerPublicKey.length + " bytes; "
                    + group + " needs " + group.publicKeyLength());
        }
        try {
            PublicKey peer;
            KeyAgreement agreement;
            if (group == NamedGroup.X25519) {
                byte[] u = peerPublicKey.clone();
                u[31] &= 0x7F; // RFC 7748 §5: mask the most significant bit
                reverse(u);
                peer = KeyFactory.getInstance("XDH").generatePublic(
                        new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, u)));
                agreement = KeyAgreement.getInstance("XDH");
            } else {
                ECParameterSpec params = ((ECPublicKey) keyPair.getPublic()).getParams();
                peer = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(decodePoint(peerPublicKey, params), params));
                agreement = KeyAgreement.getInstance("ECDH");
            }
            agreement.init(keyPair.getPrivate());
            agreement.doPhase(peer, true);
            byte[] secret = agreement.generateSecret();
            if (isAllZero(secret)) {
                throw new InvalidKeyException("the shared secret is zero (a small-order public value)");
            }
            return secret;
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException("peer public value rejected: " + e.getMessage(), e);
        }
    }

    private static String curveName(NamedGroup group) {
        return group == NamedGroup.SECP256R1 ? "secp256r1" : "secp384r1";
    }

    private static int fieldLength(ECParameterSpec params) {
        return (params.getCurve().getField().getFieldSize() + 7) / 8;
    }

    private static byte[] encodeX25519(BigInteger u) {
        byte[] big = toFixed(u, 32);
        reverse(big);
        return big;
    }

    private static byte[] encodePoint(ECPoint w, int length) {
        byte[] out = new byte[1 + 2 * length];
        out[0] = 4;
        System.arraycopy(toFixed(w.getAffineX(), length), 0, out, 1, length);
        System.arraycopy(toFixed(w.getAffineY(), length), 0, out, 1 + length, length);
        return out;
    }

    /** Decodes an uncompressed point and checks that it lies on the curve (RFC 8422 §5.11). */
    static ECPoint decodePoint(byte[] encoded, ECParameterSpec params) throws InvalidKeyException {
        int length = fieldLength(params);
        if (encoded.length != 1 + 2 * length || encoded[0] != 4) {
            throw new InvalidKeyException("not an uncompressed point");
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
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
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
            System.arraycopy(raw, raw.length - length, out, 0, length);
        } else {
            System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        }
        return out;
    }

    private static void reverse(byte[] b) {
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }

    private static boolean isAllZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
