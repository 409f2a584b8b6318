package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The ways to decide whether a peer's certificate is trusted.
 *
 * <ul>
 *   <li>{@link #pkix(Collection)}, {@link #pkix(KeyStore)}, {@link #systemDefault()}: PKIX chain
 *       validation to trust anchors, at the engine's time, with the leaf's key usage checked for the
 *       peer's role and, on a client with a server name configured, the server's certificate checked
 *       against that name (RFC 6125). Revocation is not checked (no CRL or OCSP fetches).</li>
 *   <li>{@link #fingerprints(Collection)}: the WebRTC model, the leaf's fingerprint must be one of
 *       those pinned (from the peer's SDP {@code a=fingerprint} lines, RFC 8122); nothing else about
 *       the certificate is checked.</li>
 *   <li>An application callback: any lambda is a {@link PeerVerifier}. It sees the chain, leaf first,
 *       and the {@link PeerContext}; it accepts by returning and refuses by throwing
 *       {@link PeerVerificationException} with the alert to send, for example
 *       <pre>{@code
 * PeerVerifier verifier = (chain, context) -> {
 *     if (!registry.isKnownDevice(chain.get(0).getPublicKey())) {
 *         throw new PeerVerificationException(AlertDescription.ACCESS_DENIED, "unknown device");
 *     }
 * };}</pre>
 *       Combine it with a trust check by {@link #allOf(PeerVerifier...)}.</li>
 *   <li>{@link #insecureAcceptAnyCertificate()}: accepts anything; for tests only, and the only
 *       verifier that does.</li>
 * </ul>
 *
 * Failures carry the alert for the handshake: certificate_expired (outside its validity), unknown_ca
 * (no path to an anchor), bad_certificate (name or fingerprint mismatch, unparsable or badly signed),
 * unsupported_certificate (key usage or algorithm not allowed), access_denied (refused by
 * {@link #accessControl}).
 */
public final class PeerVerifiers {
    private static final PeerVerifier INSECURE_ACCEPT_ANY = new PeerVerifier() {
        @Override
        public void verify(List<X509Certificate> chain, PeerContext context) {
            // accepts every chain: the caller asked for no authentication by name
        }

        @Override
        public String toString() {
            return "INSECURE verifier that accepts any certificate";
        }
    };

    private PeerVerifiers() {
    }

    /**
     * PKIX validation to the given trust anchors (for example the certificates of a PEM bundle read
     * with {@link PemFiles#readCertificates}).
     *
     * @throws IllegalArgumentException when there is no anchor
     */
    public static PeerVerifier pkix(Collection<X509Certificate> trustAnchors) {
        Objects.requireNonNull(trustAnchors, "trustAnchors");
        return new PkixPeerVerifier(trustAnchors);
    }

    /**
     * PKIX validation to the trusted certificate entries of a loaded key store.
     *
     * @throws IllegalArgumentException when the store holds no trusted certificate entry
     */
    public static PeerVerifier pkix(KeyStore trustStore) {
        Objects.requireNonNull(trustStore, "trustStore");
        List<X509Certificate> anchors;
        try {
            anchors = KeyStoreFiles.trustedCertificates(trustStore, "trust store");
        } catch (CredentialException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("trust store holds no trusted certificate entries");
        }
        return new PkixPeerVerifier(anchors);
    }

    /**
     * PKIX validation to the JDK's default trust anchors: the store named by the
     * {@code javax.net.ssl.trustStore} system property, else the JDK's {@code cacerts}.
     *
     * @throws IllegalStateException when the JDK has no default trust store or it is empty
     */
    public static PeerVerifier systemDefault() {
        List<X509Certificate> anchors = new ArrayList<>();
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    anchors.addAll(Arrays.asList(((X509TrustManager) manager).getAcceptedIssuers()));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK default trust store cannot be loaded: " + e.getMessage(), e);
        }
        if (anchors.isEmpty()) {
            throw new IllegalStateException("the JDK default trust store holds no certificates");
        }
        return new PkixPeerVerifier(anchors);
    }

    /**
     * Fingerprint pinning: the peer's leaf certificate must have one of these fingerprints. No chain,
     * issuer, validity or name check is made (the WebRTC model). The fingerprints may use different
     * hash functions (sha-1, sha-256, sha-384, sha-512); as RFC 8122 §5.1 requires, only those with
     * the strongest function among them are compared, each against the leaf hashed with that function,
     * so give every accepted certificate's fingerprint with the same function.
     *
     * @throws IllegalArgumentException when the collection is empty
     */
    public static PeerVerifier fingerprints(Collection<CertificateFingerprint> accepted) {
        Objects.requireNonNull(accepted, "accepted");
        return new FingerprintPeerVerifier(accepted);
    }

    /** Fingerprint pinning with one or more fingerprints. */
    public static PeerVerifier fingerprints(CertificateFingerprint first, CertificateFingerprint... more) {
        List<CertificateFingerprint> all = new ArrayList<>();
        all.add(Objects.requireNonNull(first, "first"));
        all.addAll(Arrays.asList(more));
        return new FingerprintPeerVerifier(all);
    }

    /**
     * Runs verifiers in order; the peer is accepted when all accept, and the first refusal ends it.
     * Typical: {@code allOf(pkix(anchors), accessControl(...))}.
     */
    public static PeerVerifier allOf(PeerVerifier... verifiers) {
        List<PeerVerifier> list = List.of(verifiers);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("allOf needs at least one verifier");
        }
        return (chain, context) -> {
            for (PeerVerifier verifier : list) {
                verifier.verify(chain, context);
            }
        };
    }

    /**
     * Access control after authentication: refuses with access_denied a peer whose leaf certificate
     * the predicate rejects. It does not establish trust by itself; use it inside
     * {@link #allOf(PeerVerifier...)} after a trust check.
     *
     * @param rule says what is allowed, for the refusal message ("subject on the device allow list")
     */
    public static PeerVerifier accessControl(Predicate<? super X509Certificate> leafAllowed, String rule) {
        Objects.requireNonNull(leafAllowed, "leafAllowed");
        Objects.requireNonNull(rule, "rule");
        return (chain, context) -> {
            X509Certificate leaf = chain.get(0);
            if (!leafAllowed.test(leaf)) {
                throw new PeerVerificationException(AlertDescription.ACCESS_DENIED, "certificate "
                        + CertificateText.subject(leaf) + " is authenticated but not allowed: " + rule);
            }
        };
    }

    /**
     * Accepts every certificate without any check. The peer is then not authenticated at all: anyone
     * can impersonate it. Only for tests and for experiments on a trusted network.
     */
    public static PeerVerifier insecureAcceptAnyCertificate() {
        return INSECURE_ACCEPT_ANY;
    }
}
