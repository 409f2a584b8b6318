package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Accepts a peer whose end-entity certificate has one of a set of pinned SHA-256 fingerprints, the
 * WebRTC model (RFC 8827 §6.5, RFC 8122): the fingerprint came over an authenticated signalling
 * channel, so the chain, issuer, dates and names of the certificate are not checked.
 */
final class FingerprintPeerVerifier implements PeerVerifier {
    private final List<CertificateFingerprint> pinned;

    FingerprintPeerVerifier(Collection<CertificateFingerprint> fingerprints) {
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("no fingerprints: fingerprint verification would refuse every peer");
        }
        this.pinned = List.copyOf(new LinkedHashSet<>(fingerprints));
    }

    @Override
    public void verify(List<X509Certificate> chain, PeerContext context) throws PeerVerificationException {
        if (chain.isEmpty()) {
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "the peer sent no certificate");
        }
        X509Certificate leaf = chain.get(0);
        CertificateFingerprint actual;
        try {
            actual = CertificateFingerprint.sha256(leaf);
        } catch (IllegalArgumentException e) {
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, e.getMessage(), e);
        }
        boolean found = false;
        for (CertificateFingerprint candidate : pinned) {
            found |= candidate.equals(actual); // every candidate compared, each in constant time
        }
        if (!found) {
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "certificate "
                    + CertificateText.subject(leaf) + " has fingerprint " + actual.toSdp() + ", which is not "
                    + (pinned.size() == 1 ? "the pinned fingerprint" : "among the " + pinned.size() + " pinned fingerprints"));
        }
    }

    @Override
    public String toString() {
        return "fingerprint verifier with " + pinned.size() + " pinned fingerprints";
    }
}
