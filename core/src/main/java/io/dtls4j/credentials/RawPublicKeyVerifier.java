package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Decides whether a peer that authenticates with a raw public key (RFC 7250) is trusted. There is
 * no chain to validate: trust is a set of known keys, or the application's own decision.
 */
@FunctionalInterface
public interface RawPublicKeyVerifier {
    /**
     * @param key the peer's public key, decoded from its SubjectPublicKeyInfo
     * @throws PeerVerificationException naming the alert to send and what failed
     */
    void verify(PublicKey key, PeerContext context) throws PeerVerificationException;

    /** Trusts exactly these keys (compared by their DER SubjectPublicKeyInfo encoding). */
    static RawPublicKeyVerifier trusting(Collection<? extends PublicKey> trusted) {
        List<byte[]> encodings = trusted.stream().map(PublicKey::getEncoded).toList();
        return (key, context) -> {
            byte[] presented = key.getEncoded();
            for (byte[] known : encodings) {
                if (Arrays.equals(known, presented)) {
                    return;
                }
            }
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE,
                    "raw public key (" + key.getAlgorithm() + ") is not among the " + encodings.size() + " trusted keys");
        };
    }
}
