package io.dtls4j.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;

/** Tells whether a private key belongs to a public key. */
final class KeyPairCheck {
    private static final byte[] PROBE = "dtls4j key pair check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairCheck() {
    }

    /**
     * RSA keys are compared by modulus (and public exponent when the private key has it). Other keys
     * sign a fixed message with the private key and verify it with the public key; ECDSA draws its
     * nonce from the provider's default randomness, which has no effect on the answer.
     */
    static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        if (publicKey instanceof RSAKey || privateKey instanceof RSAKey) {
            if (!(publicKey instanceof RSAPublicKey) || !(privateKey instanceof RSAKey)) {
                return false;
            }
            RSAPublicKey rsaPublic = (RSAPublicKey) publicKey;
            if (!rsaPublic.getModulus().equals(((RSAKey) privateKey).getModulus())) {
                return false;
            }
            return !(privateKey instanceof RSAPrivateCrtKey)
                    || rsaPublic.getPublicExponent().equals(((RSAPrivateCrtKey) privateKey).getPublicExponent());
        }
        if (publicKey instanceof ECKey && privateKey instanceof ECKey) {
            if (!((ECKey) publicKey).getParams().getCurve().equals(((ECKey) privateKey).getParams().getCurve())) {
                return false;
            }
            return signsAndVerifies("SHA256withECDSA", publicKey, privateKey);
        }
        String algorithm = publicKey.getAlgorithm();
        if (!algorithm.equalsIgnoreCase(privateKey.getAlgorithm())) {
            return false;
        }
        switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "ED25519":
            case "ED448":
            case "EDDSA":
                return signsAndVerifies(privateKey.getAlgorithm(), publicKey, privateKey);
            case "DSA":
                return signsAndVerifies("SHA256withDSA", publicKey, privateKey);
            default:
                return false;
        }
    }

    private static boolean signsAndVerifies(String algorithm, PublicKey publicKey, PrivateKey privateKey) {
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
