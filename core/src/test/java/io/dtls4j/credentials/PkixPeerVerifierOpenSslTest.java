package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PKIX verification of chains made by openssl: root → intermediate → leaf. */
class PkixPeerVerifierOpenSslTest {
    private static final long DAY = 24L * 3600 * 1000;

    @TempDir
    static Path dir;
    private static OpenSslPki pki;
    private static X509Certificate root;
    private static X509Certificate intermediate;

    @BeforeAll
    static void makePki() throws IOException {
        if (!OpenSsl.available()) {
            return;
        }
        pki = new OpenSslPki(dir).createCas();
        for (String type : List.of("EC", "RSA", "ED25519")) {
            pki.createLeaf("leaf-" + type, type, "dtls4j leaf " + type, OpenSslPki.INTERMEDIATE, null, 30);
        }
        pki.createLeaf("client-only", "EC", "client only", OpenSslPki.INTERMEDIATE,
                "keyUsage = critical,digitalSignature\nextendedKeyUsage = clientAuth\n"
                        + "subjectAltName = DNS:leaf.test\n", 30);
        pki.createLeaf("no-signing", "RSA", "no signing", OpenSslPki.INTERMEDIATE,
                "keyUsage = critical,keyEncipherment\nsubjectAltName = DNS:leaf.test\n", 30);
        pki.createLeaf("cn-only", "EC", "cn-only.test", OpenSslPki.INTERMEDIATE,
                "keyUsage = critical,digitalSignature\n", 30);
        pki.createRoot("other-root", "dtls4j Other Root");
        pki.createLeaf("foreign", "EC", "foreign leaf", "other-root", null, 30);
        // same subject name as the real root, different key
        pki.createRoot("impostor-root", "dtls4j Test Root");
        pki.createLeaf("impostor", "EC", "impostor leaf", "impostor-root", null, 30);
        // an intermediate with the real intermediate's name but another key, and a leaf it signed
        pki.createCa("twin-intermediate", "dtls4j Test Intermediate", "other-root");
        pki.createLeaf("twin-signed", "EC", "twin signed", "twin-intermediate", null, 30);
        root = cert(OpenSslPki.ROOT);
        intermediate = cert(OpenSslPki.INTERMEDIATE);
    }

    private static X509Certificate cert(String name) throws CredentialException {
        return PemFiles.readCertificates(pki.file(name + ".pem")).get(0);
    }

    private static List<X509Certificate> chain(String leafName) throws CredentialException {
        return List.of(cert(leafName), intermediate);
    }

    private static PeerContext server(String name) {
        return new PeerContext(true, name, System.currentTimeMillis());
    }

    private static PeerVerificationException refusal(PeerVerifier verifier, List<X509Certificate> chain,
                                                     PeerContext context) {
        PeerVerificationException e = catchThrowableOfType(() -> verifier.verify(chain, context),
                PeerVerificationException.class);
        assertThat(e).as("verification must fail").isNotNull();
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC", "RSA", "ED25519"})
    void acceptsOpensslChainOfEachLeafKeyTypeWithTheRootAsAnchor(String type) throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerifier verifier = PeerVerifiers.pkix(List.of(root));
        List<X509Certificate> chain = chain("leaf-" + type);
        assertThat(chain.get(0).getPublicKey().getAlgorithm()).isIn(type.equals("ED25519")
                ? List.of("EdDSA", "Ed25519") : List.of(type));

        assertThatCode(() -> verifier.verify(chain, server("leaf.test"))).doesNotThrowAnyException();
    }

    @Test
    void acceptsChainThatAlsoCarriesTheRoot() throws Exception {
        OpenSsl.assumeAvailable();
        List<X509Certificate> chain = List.of(cert("leaf-EC"), intermediate, root);
        assertThatCode(() -> PeerVerifiers.pkix(List.of(root)).verify(chain, server("leaf.test")))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsChainGoingPastAnIntermediateThatIsTheAnchor() throws Exception {
        OpenSsl.assumeAvailable();
        List<X509Certificate> chain = List.of(cert("leaf-EC"), intermediate, root);
        assertThatCode(() -> PeerVerifiers.pkix(List.of(intermediate)).verify(chain, server("leaf.test")))
                .doesNotThrowAnyException();
    }

    @Test
    void matchesWildcardSanForOneLabelOnly() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerifier verifier = PeerVerifiers.pkix(List.of(root));
        assertThatCode(() -> verifier.verify(chain("leaf-EC"), server("host.wild.test"))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(chain("leaf-EC"), server("HOST.Wild.Test."))).doesNotThrowAnyException();

        PeerVerificationException twoLabels = refusal(verifier, chain("leaf-EC"), server("a.b.wild.test"));
        assertThat(twoLabels.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
        PeerVerificationException bare = refusal(verifier, chain("leaf-EC"), server("wild.test"));
        assertThat(bare.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void refusesWrongHostNameNamingHostCertificateAndSans() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerificationException e = refusal(PeerVerifiers.pkix(List.of(root)), chain("leaf-EC"),
                server("example.com"));
        assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
        assertThat(e.getMessage()).isEqualTo("host name 'example.com' does not match certificate CN=dtls4j leaf EC "
                + "(SANs: [DNS:leaf.test, DNS:*.wild.test, IP:127.0.0.1, IP:0:0:0:0:0:0:0:1])");
    }

    @Test
    void matchesIpAddressesAgainstIpSansOnly() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerifier verifier = PeerVerifiers.pkix(List.of(root));
        assertThatCode(() -> verifier.verify(chain("leaf-RSA"), server("127.0.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(chain("leaf-RSA"), server("::1"))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(chain("leaf-RSA"), server("[0:0::1]"))).doesNotThrowAnyException();

        PeerVerificationException e = refusal(verifier, chain("leaf-RSA"), server("127.0.0.2"));
        assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
        assertThat(e.getMessage()).startsWith("IP address '127.0.0.2' does not match certificate CN=dtls4j leaf RSA");
    }

    @Test
    void usesCommonNameOnlyWhenThereIsNoDnsSan() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerifier verifier = PeerVerifiers.pkix(List.of(root));
        assertThatCode(() -> verifier.verify(chain("cn-only"), server("cn-only.test"))).doesNotThrowAnyException();
        // leaf-EC has DNS SANs, so its CN "dtls4j leaf EC" is never consulted
        assertThat(refusal(verifier, chain("cn-only"), server("other.test")).alert())
                .isEqualTo(AlertDescription.BAD_CERTIFICATE);
    }

    @Test
    void skipsNameCheckWhenVerifyingAClientOrWithoutServerName() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerifier verifier = PeerVerifiers.pkix(List.of(root));
        long now = System.currentTimeMillis();
        assertThatCode(() -> verifier.verify(chain("leaf-EC"), new PeerContext(false, null, now)))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(chain("leaf-EC"), new PeerContext(true, null, now)))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesExpiredLeafWithCertificateExpired() throws Exception {
        OpenSsl.assumeAvailable();
        X509Certificate leaf = cert("leaf-EC");
        long later = leaf.getNotAfter().getTime() + DAY;
        PeerVerificationException e = refusal(PeerVerifiers.pkix(List.of(root)), chain("leaf-EC"),
                new PeerContext(true, "leaf.test", later));
        assertThat(e.alert()).isEqualTo(AlertDescription.CERTIFICATE_EXPIRED);
        assertThat(e.getMessage()).isEqualTo("certificate CN=dtls4j leaf EC expired at "
                + leaf.getNotAfter().toInstant());
    }

    @Test
    void refusesChainBeforeItsValidityWithCertificateExpired() throws Exception {
        OpenSsl.assumeAvailable();
        long earlier = root.getNotBefore().getTime() - DAY;
        PeerVerificationException e = refusal(PeerVerifiers.pkix(List.of(root)), chain("leaf-EC"),
                new PeerContext(true, "leaf.test", earlier));
        assertThat(e.alert()).isEqualTo(AlertDescription.CERTIFICATE_EXPIRED);
        assertThat(e.getMessage()).startsWith("certificate CN=dtls4j Test ").contains(" is not valid before ");
    }

    @Test
    void refusesChainFromAnotherRootWithUnknownCa() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerificationException e = refusal(PeerVerifiers.pkix(List.of(root)), List.of(cert("foreign")),
                server("leaf.test"));
        assertThat(e.alert()).isEqualTo(AlertDescription.UNKNOWN_CA);
        assertThat(e.getMessage()).isEqualTo("certificate CN=foreign leaf is not issued by any of the 1 trust "
                + "anchors (its issuer is CN=dtls4j Other Root)");
    }

    @Test
    void refusesChainWithoutItsIntermediateWithUnknownCa() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerificationException e = refusal(PeerVerifiers.pkix(List.of(root)), List.of(cert("leaf-EC")),
                server("leaf.test"));
        assertThat(e.alert()).isEqualTo(AlertDescription.UNKNOWN_CA);
        assertThat(e.getMessage()).contains("CN=dtls4j leaf EC").contains("CN=dtls4j Test Intermediate");
    }

    @Test
    void refusesRootImpostorWithTheTrustedNameWithUnknownCa() throws Exception {
        OpenSsl.assumeAvailable();
        List<X509Certificate> chain = List.of(cert("impostor"), cert("impostor-root"));
        PeerVerificationException e = refusal(PeerVerifiers.pkix(List.of(root)), chain, server("leaf.test"));
        assertThat(e.alert()).isEqualTo(AlertDescription.UNKNOWN_CA);
        assertThat(e.getMessage()).contains("CN=dtls4j Test Root");
    }

    @Test
    void refusesLeafNotSignedByTheIntermediateItNamesWithBadCertificate() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerificationException e = refusal(PeerVerifiers.pkix(List.of(root)), chain("twin-signed"),
                server("leaf.test"));
        assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
        assertThat(e.getMessage()).isEqualTo("signature of certificate CN=twin signed does not verify with its "
                + "issuer's key");
    }

    @Test
    void refusesServerCertificateWhoseExtendedKeyUsageIsClientOnly() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerifier verifier = PeerVerifiers.pkix(List.of(root));
        PeerVerificationException e = refusal(verifier, chain("client-only"), server("leaf.test"));
        assertThat(e.alert()).isEqualTo(AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertThat(e.getMessage()).isEqualTo("certificate CN=client only is not for server authentication "
                + "(its extended key usage lacks serverAuth)");
        // the same certificate is fine for a client
        assertThatCode(() -> verifier.verify(chain("client-only"),
                new PeerContext(false, null, System.currentTimeMillis()))).doesNotThrowAnyException();
    }

    @Test
    void refusesLeafWhoseKeyUsageDoesNotAllowSigning() throws Exception {
        OpenSsl.assumeAvailable();
        PeerVerificationException e = refusal(PeerVerifiers.pkix(List.of(root)), chain("no-signing"),
                server("leaf.test"));
        assertThat(e.alert()).isEqualTo(AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertThat(e.getMessage()).contains("CN=no signing").contains("digitalSignature");
    }

    @Test
    void takesTrustAnchorsFromAKeyStore() throws Exception {
        OpenSsl.assumeAvailable();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("other", cert("other-root"));
        PeerVerifier withoutRoot = PeerVerifiers.pkix(store);
        assertThat(refusal(withoutRoot, chain("leaf-EC"), server("leaf.test")).alert())
                .isEqualTo(AlertDescription.UNKNOWN_CA);

        store.setCertificateEntry("root", root);
        PeerVerifier withRoot = PeerVerifiers.pkix(store);
        assertThatCode(() -> withRoot.verify(chain("leaf-EC"), server("leaf.test"))).doesNotThrowAnyException();
    }

    @Test
    void acceptsOneOfSeveralAnchors() throws Exception {
        OpenSsl.assumeAvailable();
        List<X509Certificate> anchors = new ArrayList<>(List.of(cert("other-root"), root));
        PeerVerifier verifier = PeerVerifiers.pkix(anchors);
        assertThatCode(() -> verifier.verify(chain("leaf-ED25519"), server("leaf.test"))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(List.of(cert("foreign")), server("leaf.test"))).doesNotThrowAnyException();
    }
}
