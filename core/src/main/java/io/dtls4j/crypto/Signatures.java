package io.dtls4j.crypto;

import io.dtls4j.config.SignatureScheme;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Signing and verifying for ServerKeyExchange and CertificateVerify (RFC 5246 §7.4.3, §7.4.8;
 * RFC 8422 §5.4; RFC 8446 §4.2.3 for the scheme codes), by JCA algorithm name. ECDSA signatures
 * are DER as TLS sends them; RSASSA-PSS "rsae" schemes use rsaEncryption keys with MGF1 over the
 * same hash and a salt as long as the hash (RFC 8446 §4.2.3).
 */
public final class Signatures {
    private static final PSSParameterSpec PSS_SHA256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    private static final PSSParameterSpec PSS_SHA384 = new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
    private static final PSSParameterSpec PSS_SHA512 = new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);

    private static final int ED25519_SIGNATURE_LENGTH = 64;

    private Signatures() {
    }

    /**
     * Signs {@code message} with {@code key} under {@code scheme}.
     *
     * @throws InvalidKeyException when {@link #canSign} says the key does not fit the scheme
     */
    public static byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws GeneralSecurityException {
        if (!canSign(scheme, key)) {
            throw new InvalidKeyException(key.getAlgorithm() + " key cannot sign " + scheme);
        }
        Signature signature = instance(scheme);
        signature.initSign(key, random);
        signature.update(message);
        return signature.sign();
    }

    /** False on any failure (bad signature, bad encoding, wrong key type); never throws. */
    public static boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signatureBytes) {
        try {
            if (!canVerify(scheme, key)) {
                return false;
            }
            if (scheme.keyType() == SignatureScheme.KeyType.EC
                    && !EcdsaDer.isStrict(signatureBytes, ((ECKey) key).getParams().getOrder())) {
                return false;
            }
            if (scheme.keyType() == SignatureScheme.KeyType.ED25519 && signatureBytes.length != ED25519_SIGNATURE_LENGTH) {
                // RFC 8032 §5.1.7: R || S, 64 bytes; the JDK 17 provider ignores bytes appended to it
                return false;
            }
            Signature signature = instance(scheme);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code key} can make signatures of {@code scheme} in DTLS 1.2: the key kind matches
     * (EC, RSA with rsaEncryption, Ed25519), and an EC key is on P-256, P-384 or P-521. In (D)TLS 1.2
     * an ECDSA code is a hash and a signature algorithm (RFC 5246 §7.4.1.4.1): 0x0403 is SHA-256
     * with ECDSA on whatever curve the certificate has, and OpenSSL signs so with P-384 and P-521
     * keys. The curve is bound to the scheme only from TLS 1.3 on; see {@link #matchesCurve}.
     */
    public static boolean canSign(SignatureScheme scheme, PrivateKey key) {
        return fits(scheme, key);
    }

    /**
     * Whether {@code scheme} is the one TLS 1.3 pairs with {@code key}: for ECDSA, the scheme's
     * curve is the key's; any scheme that does not name a curve matches. Preferred when we choose.
     */
    public static boolean matchesCurve(SignatureScheme scheme, Key key) {
        return scheme.curve() == null
                || key instanceof ECKey ec && scheme.curve().equals(NamedCurves.nameOf(ec.getParams()));
    }

    /** Whether {@code key} can check signatures of {@code scheme}; the same rule as {@link #canSign}. */
    public static boolean canVerify(SignatureScheme scheme, PublicKey key) {
        return fits(scheme, key);
    }

    private static boolean fits(SignatureScheme scheme, Key key) {
        if (key == null) {
            return false;
        }
        String algorithm = key.getAlgorithm();
        switch (scheme.keyType()) {
            case EC:
                // "EC" from the JDK, "ECDSA" from BouncyCastle
                return ("EC".equals(algorithm) || "ECDSA".equals(algorithm)) && key instanceof ECKey ec
                        && NamedCurves.nameOf(ec.getParams()) != null;
            case RSA:
                // rsaEncryption keys only: an RSASSA-PSS key ("rsa_pss_pss_*") is not an rsae key
                return "RSA".equals(algorithm) && key instanceof RSAKey;
            case ED25519:
                if (key instanceof EdECKey ed) {
                    return "Ed25519".equalsIgnoreCase(ed.getParams().getName());
                }
                return "Ed25519".equals(algorithm);
            default:
                return false;
        }
    }

    private static Signature instance(SignatureScheme scheme) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(scheme.jcaAlgorithm());
        if (scheme == SignatureScheme.RSA_PSS_RSAE_SHA256) {
            signature.setParameter(PSS_SHA256);
        } else if (scheme == SignatureScheme.RSA_PSS_RSAE_SHA384) {
            signature.setParameter(PSS_SHA384);
        } else if (scheme == SignatureScheme.RSA_PSS_RSAE_SHA512) {
            signature.setParameter(PSS_SHA512);
        }
        return signature;
    }
}
