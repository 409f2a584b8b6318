package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;
import io.dtls4j.credentials.CertificateFingerprint.HashFunction;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Accepts a peer whose end-entity certificate has one of a set of pinned fingerprints, the WebRTC
 * model (RFC 8827 §6.5, RFC 8122): the fingerprint came over an authenticated signalling channel, so
 * the chain, issuer, dates and names of the certificate are not checked.
 *
 * <p>The pinned fingerprints may use different hash functions. As RFC 8122 §5.1 requires, only those
 * made with the strongest function among them are compared, each with the leaf hashed by that
 * function: a weaker fingerprint offered beside a stronger one never lets a certificate in.
 */
final class FingerprintPeerVerifier implements PeerVerifier {
    private final HashFunction function;
    private final List<CertificateFingerprint> pinned;
    private final int ignored;

    FingerprintPeerVerifier(Collection<CertificateFingerprint> fingerprints) {
        if (fingerprints.isEmpty()) {
            throw new IllegalArgumentException("no fingerprints: fingerprint verification would refuse every peer");
        }
        HashFunction strongest = null;
        for (CertificateFingerprint fingerprint : fingerprints) {
            HashFunction f = fingerprint.hashFunction();
            if (strongest == null || f.compareTo(strongest) > 0) {
                strongest = f;
            }
        }
        this.function = strongest;
        this.pinned = fingerprints.stream().filter(fp -> fp.hashFunction() == function).distinct().toList();
        this.ignored = new LinkedHashSet<>(fingerprints).size() - pinned.size();
    }

    @Override
    public void verify(List<X509Certificate> chain, PeerContext context) throws PeerVerificationException {
        if (chain.isEmpty()) {
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "the peer sent no certificate");
        }
        X509Certificate leaf = chain.get(0);
        CertificateFingerprint actual;
        try {
            actual = CertificateFingerprint.of(function, leaf);
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
                    + (pinned.size() == 1 ? "the pinned fingerprint" : "among the " + pinned.size() + " pinned fingerprints")
                    + (ignored == 0 ? "" : " (" + ignored + " pinned with weaker hash functions were not used:"
                    + " RFC 8122 §5.1 compares only those with the strongest one)"));
        }
    }

    @Override
    public String toString() {
        return "fingerprint verifier with " + pinned.size() + " pinned " + function + " fingerprints";
    }
}
