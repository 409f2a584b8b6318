package io.dtls4j.credentials;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Our identity as a bare key pair, sent as a SubjectPublicKeyInfo instead of a certificate chain
 * (raw public keys, RFC 7250): the constrained-device case.
 */
public record RawKeyPair(PublicKey publicKey, PrivateKey privateKey) {
    public RawKeyPair {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("public key (" + publicKey.getAlgorithm()
                    + ") and private key (" + privateKey.getAlgorithm() + ") are of different kinds");
        }
    }
}
