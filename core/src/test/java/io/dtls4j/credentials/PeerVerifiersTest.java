package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The verifier modes on certificates generated in Java. */
class PeerVerifiersTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final PeerContext SERVER = new PeerContext(true, "peer.test", NOW);
    private static final PeerContext CLIENT = new PeerContext(false, null, NOW);

    private static CertifiedKey generate(String name) {
        return SelfSignedCertificate.generate(name, List.of(name + ".test"), Duration.ofDays(30),
                new SecureRandom(), NOW);
    }

    private static PeerVerificationException refusal(PeerVerifier verifier, List<X509Certificate> chain,
                                                     PeerContext context) {
        PeerVerificationException e = catchThrowableOfType(() -> verifier.verify(chain, context),
                PeerVerificationException.class);
        assertThat(e).as("verification must fail").isNotNull();
        return e;
    }

    @Test
    void fingerprintModeAcceptsAnyPinnedFingerprintWithoutOtherChecks() {
        CertifiedKey peer = generate("peer");
        CertifiedKey other = generate("other");
        PeerVerifier verifier = PeerVerifiers.fingerprints(List.of(
                CertificateFingerprint.sha256(other.leaf()), CertificateFingerprint.sha256(peer.leaf())));

        assertThatCode(() -> verifier.verify(peer.chain(), SERVER)).doesNotThrowAnyException();
        // no name, date or chain check: a wrong name and a time long after expiry still pass
        long muchLater = NOW + Duration.ofDays(3650).toMillis();
        assertThatCode(() -> verifier.verify(peer.chain(), new PeerContext(true, "elsewhere.test", muchLater)))
                .doesNotThrowAnyException();
    }

    @Test
    void fingerprintModeRefusesOtherCertificatesNamingTheFingerprint() {
        CertifiedKey peer = generate("peer");
        CertifiedKey a = generate("a");
        CertifiedKey b = generate("b");
        PeerVerifier two = PeerVerifiers.fingerprints(CertificateFingerprint.sha256(a.leaf()),
                CertificateFingerprint.sha256(b.leaf()));
        PeerVerificationException e = refusal(two, peer.chain(), SERVER);
        assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
        assertThat(e.getMessage()).isEqualTo("certificate CN=peer has fingerprint "
                + CertificateFingerprint.sha256(peer.leaf()).toSdp() + ", which is not among the 2 pinned fingerprints");

        PeerVerifier one = PeerVerifiers.fingerprints(CertificateFingerprint.sha256(a.leaf()));
        assertThat(refusal(one, peer.chain(), CLIENT).getMessage()).endsWith("which is not the pinned fingerprint");
    }

    @Test
    void fingerprintModeComparesEachHashFunctionWithItsOwnHash() {
        CertifiedKey peer = generate("peer");
        CertifiedKey other = generate("other");
        for (CertificateFingerprint.HashFunction function : CertificateFingerprint.HashFunction.values()) {
            // parsed from SDP text, as a signalling channel delivers it
            PeerVerifier verifier = PeerVerifiers.fingerprints(List.of(
                    CertificateFingerprint.parse(CertificateFingerprint.of(function, other.leaf()).toSdpAttribute()),
                    CertificateFingerprint.parse(CertificateFingerprint.of(function, peer.leaf()).toSdpAttribute())));
            assertThatCode(() -> verifier.verify(peer.chain(), SERVER)).as(function.sdpName())
                    .doesNotThrowAnyException();
            assertThat(refusal(verifier, generate("stranger").chain(), SERVER).getMessage())
                    .contains("has fingerprint " + function.sdpName() + " ");
        }
    }

    @Test
    void fingerprintModeWithMixedHashFunctionsUsesOnlyTheStrongestAsRfc8122Requires() {
        CertifiedKey peer = generate("peer");
        CertifiedKey other = generate("other");
        // the same certificate by sha-256 and sha-512: accepted, compared by sha-512
        PeerVerifier both = PeerVerifiers.fingerprints(CertificateFingerprint.sha256(peer.leaf()),
                CertificateFingerprint.of(CertificateFingerprint.HashFunction.SHA_512, peer.leaf()));
        assertThatCode(() -> both.verify(peer.chain(), SERVER)).doesNotThrowAnyException();

        // a weaker fingerprint beside a stronger one for another certificate does not let its certificate in
        PeerVerifier mixed = PeerVerifiers.fingerprints(
                CertificateFingerprint.of(CertificateFingerprint.HashFunction.SHA_1, peer.leaf()),
                CertificateFingerprint.of(CertificateFingerprint.HashFunction.SHA_384, other.leaf()));
        PeerVerificationException e = refusal(mixed, peer.chain(), CLIENT);
        assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
        assertThat(e.getMessage()).isEqualTo("certificate CN=peer has fingerprint "
                + CertificateFingerprint.of(CertificateFingerprint.HashFunction.SHA_384, peer.leaf()).toSdp()
                + ", which is not the pinned fingerprint (1 pinned with weaker hash functions were not used:"
                + " RFC 8122 §5.1 compares only those with the strongest one)");
        assertThatCode(() -> mixed.verify(other.chain(), CLIENT)).doesNotThrowAnyException();
    }

    @Test
    void fingerprintModeChecksTheLeafNotTheRestOfTheChain() {
        CertifiedKey peer = generate("peer");
        CertifiedKey pinned = generate("pinned");
        PeerVerifier verifier = PeerVerifiers.fingerprints(CertificateFingerprint.sha256(pinned.leaf()));
        assertThat(refusal(verifier, List.of(peer.leaf(), pinned.leaf()), SERVER).alert())
                .isEqualTo(AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void modesWithNothingToTrustAreRefusedAtConstruction() throws Exception {
        assertThatIllegalArgumentException().isThrownBy(() -> PeerVerifiers.fingerprints(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> PeerVerifiers.pkix(List.<X509Certificate>of()));
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertThatIllegalArgumentException().isThrownBy(() -> PeerVerifiers.pkix(empty));
        assertThatIllegalArgumentException().isThrownBy(PeerVerifiers::allOf);
    }

    @Test
    void pkixTrustsAPinnedSelfSignedLeafWhileItIsValid() {
        CertifiedKey peer = generate("peer");
        PeerVerifier verifier = PeerVerifiers.pkix(peer.chain());
        assertThatCode(() -> verifier.verify(peer.chain(), SERVER)).doesNotThrowAnyException();

        long afterExpiry = peer.leaf().getNotAfter().getTime() + 1000;
        PeerVerificationException expired = refusal(verifier, peer.chain(),
                new PeerContext(true, "peer.test", afterExpiry));
        assertThat(expired.alert()).isEqualTo(AlertDescription.CERTIFICATE_EXPIRED);
        assertThat(expired.getMessage()).isEqualTo("certificate CN=peer expired at " + peer.leaf().getNotAfter().toInstant());

        long beforeStart = peer.leaf().getNotBefore().getTime() - 1000;
        PeerVerificationException early = refusal(verifier, peer.chain(), new PeerContext(true, "peer.test", beforeStart));
        assertThat(early.alert()).isEqualTo(AlertDescription.CERTIFICATE_EXPIRED);
        assertThat(early.getMessage()).isEqualTo("certificate CN=peer is not valid before "
                + peer.leaf().getNotBefore().toInstant());
    }

    @Test
    void pkixRefusesSelfSignedCertificateThatIsNoAnchorWithUnknownCa() {
        CertifiedKey peer = generate("peer");
        CertifiedKey anchor = generate("anchor");
        PeerVerificationException e = refusal(PeerVerifiers.pkix(anchor.chain()), peer.chain(), SERVER);
        assertThat(e.alert()).isEqualTo(AlertDescription.UNKNOWN_CA);
        assertThat(e.getMessage()).isEqualTo("certificate CN=peer is not issued by any of the 1 trust anchors "
                + "(its issuer is CN=peer)");
    }

    @Test
    void pkixRefusesOverlongChainBeforeCheckingIt() {
        CertifiedKey peer = generate("peer");
        List<X509Certificate> chain = new ArrayList<>(Collections.nCopies(11, peer.leaf()));
        PeerVerificationException e = refusal(PeerVerifiers.pkix(generate("anchor").chain()), chain, SERVER);
        assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
        assertThat(e.getMessage()).isEqualTo("certificate chain of 11 certificates is longer than the 10 allowed");
    }

    @Test
    void systemDefaultRefusesASelfSignedCertificate() {
        PeerVerifier verifier;
        try {
            verifier = PeerVerifiers.systemDefault();
        } catch (IllegalStateException e) {
            Assumptions.abort("the JDK default trust store is not available here: " + e.getMessage());
            return;
        }
        assertThat(verifier.toString()).startsWith("PKIX verifier with ");
        assertThat(refusal(verifier, generate("peer").chain(), SERVER).alert()).isEqualTo(AlertDescription.UNKNOWN_CA);
    }

    @Test
    void accessControlAfterTrustRefusesWithAccessDenied() {
        CertifiedKey allowed = generate("allowed");
        CertifiedKey denied = generate("denied");
        PeerVerifier verifier = PeerVerifiers.allOf(
                PeerVerifiers.pkix(List.of(allowed.leaf(), denied.leaf())),
                PeerVerifiers.accessControl(c -> c.getSubjectX500Principal().getName().equals("CN=allowed"),
                        "subject on the device allow list"));

        assertThatCode(() -> verifier.verify(allowed.chain(), CLIENT)).doesNotThrowAnyException();
        PeerVerificationException e = refusal(verifier, denied.chain(), CLIENT);
        assertThat(e.alert()).isEqualTo(AlertDescription.ACCESS_DENIED);
        assertThat(e.getMessage()).isEqualTo("certificate CN=denied is authenticated but not allowed: "
                + "subject on the device allow list");
    }

    @Test
    void allOfStopsAtTheFirstRefusal() {
        CertifiedKey peer = generate("peer");
        List<String> ran = new ArrayList<>();
        PeerVerifier verifier = PeerVerifiers.allOf(
                (chain, context) -> ran.add("first"),
                (chain, context) -> {
                    ran.add("second");
                    throw new PeerVerificationException(AlertDescription.ACCESS_DENIED, "callback says no");
                },
                (chain, context) -> ran.add("third"));
        assertThat(refusal(verifier, peer.chain(), SERVER).getMessage()).isEqualTo("callback says no");
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void applicationCallbackSeesTheChainAndTheContext() {
        CertifiedKey peer = generate("peer");
        List<Object> seen = new ArrayList<>();
        PeerVerifier callback = (chain, context) -> {
            seen.add(chain);
            seen.add(context);
        };
        assertThatCode(() -> callback.verify(peer.chain(), SERVER)).doesNotThrowAnyException();
        assertThat(seen).containsExactly(peer.chain(), SERVER);
    }

    @Test
    void insecureModeAcceptsAnythingAndSaysSo() {
        PeerVerifier verifier = PeerVerifiers.insecureAcceptAnyCertificate();
        long muchLater = NOW + Duration.ofDays(3650).toMillis();
        assertThatCode(() -> verifier.verify(generate("anyone").chain(), new PeerContext(true, "x.test", muchLater)))
                .doesNotThrowAnyException();
        assertThat(verifier.toString()).contains("INSECURE");
    }
}
