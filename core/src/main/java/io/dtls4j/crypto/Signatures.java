package io.dtls4j.crypto;

import io.dtls4j.config.SignatureScheme;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/** Signing and verifying for ServerKeyExchange and CertificateVerify, by JCA algorithm name. */
public final class Signatures {
    private Signatures() {
    }

    public static byte[] sign(SignatureScheme scheme, PrivateKey key, byte[] message, SecureRandom random)
            throws GeneralSecurityException {
        Signature signature = instance(scheme);
        signature.initSign(key, random);
        signature.update(message);
        return signature.sign();
    }

    /** False on any failure (bad signature, bad encoding, wrong key type); never throws. */
    public static boolean verify(SignatureScheme scheme, PublicKey key, byte[] message, byte[] signatureBytes) {
        if (!canVerify(scheme, key)) {
            return false;
        }
        try {
            Signature signature = instance(scheme);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code key} makes signatures of {@code scheme}: key kind and, for ECDSA, the curve. */
    public static boolean canSign(SignatureScheme scheme, PrivateKey key) {
        return fits(scheme, key);
    }

    public static boolean canVerify(SignatureScheme scheme, PublicKey key) {
        return fits(scheme, key);
    }

    private static boolean fits(SignatureScheme scheme, Key key) {
        String algorithm = key.getAlgorithm();
        switch (scheme.keyType()) {
            case EC:
                return ("EC".equals(algorithm) || "ECDSA".equals(algorithm)) && key instanceof ECKey ec
                        && fieldBits(ec) == (scheme.curve().equals("secp256r1") ? 256 : 384);
            case RSA:
                return "RSA".equals(algorithm);
            case ED25519:
                return "Ed25519".equals(algorithm) || ("EdDSA".equals(algorithm) && isEd25519(key));
            default:
                return false;
        }
    }

    private static int fieldBits(ECKey key) {
        return key.getParams().getCurve().getField().getFieldSize();
    }

    private static boolean isEd25519(Key key) {
        if (key instanceof java.security.interfaces.EdECKey ed) {
            return "Ed25519".equalsIgnoreCase(ed.getParams().getName());
        }
        return false;
    }

    private static Signature instance(SignatureScheme scheme) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(scheme.jcaAlgorithm());
        if (scheme == SignatureScheme.RSA_PSS_RSAE_SHA256) {
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        } else if (scheme == SignatureScheme.RSA_PSS_RSAE_SHA384) {
            signature.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1));
        }
        return signature;
    }
}
