package io.dtls4j.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SelfSignedCertificateTest {
    private static final long NOW = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
    private static final List<String> SANS = List.of("device.example", "*.devices.example", "192.0.2.7", "2001:db8::7");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void generatesCertificateThatVerifiesWithItsOwnKeyAndHasTheAskedNames(KeyAlgorithm algorithm) throws Exception {
        CertifiedKey generated = SelfSignedCertificate.generate(algorithm, "device " + algorithm, SANS,
                Duration.ofDays(365), new SecureRandom(), NOW);
        X509Certificate cert = generated.leaf();

        cert.verify(cert.getPublicKey());
        assertThat(cert.getSigAlgName()).isEqualToIgnoringCase(algorithm.signatureAlgorithm());
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(CertificateText.subject(cert)).isEqualTo("CN=device " + algorithm);
        assertThat(CertificateText.subjectAltNames(cert)).containsExactly("DNS:device.example",
                "DNS:*.devices.example", "IP:192.0.2.7", "IP:2001:db8:0:0:0:0:0:7");
        assertThat(cert.getNotBefore().getTime()).isEqualTo(NOW - SelfSignedCertificate.CLOCK_SKEW_ALLOWANCE.toMillis());
        assertThat(cert.getNotAfter().getTime()).isEqualTo(NOW + Duration.ofDays(365).toMillis());
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder(LeafCertificateUsage.SERVER_AUTH,
                LeafCertificateUsage.CLIENT_AUTH);
        assertThat(KeyPairCheck.matches(cert.getPublicKey(), generated.privateKey())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void writesCertificateThatOpensslParses(KeyAlgorithm algorithm) throws Exception {
        OpenSsl.assumeAvailable();
        CertifiedKey generated = SelfSignedCertificate.generate(algorithm, "openssl " + algorithm, SANS,
                Duration.ofDays(2), new SecureRandom(), System.currentTimeMillis());
        PemFiles.writeCertifiedKey(dir.resolve("cert.pem"), dir.resolve("key.pem"), generated);

        OpenSsl.Result text = OpenSsl.runAllowingFailure(dir, "x509", "-in", "cert.pem", "-noout", "-text");
        assertThat(text.exitCode()).as(text.output()).isZero();
        assertThat(text.output()).contains("Subject: CN = openssl " + algorithm)
                .contains("DNS:device.example").contains("DNS:*.devices.example")
                .contains("IP Address:192.0.2.7").contains("IP Address:2001:DB8:0:0:0:0:0:7");
        // openssl checks the self-signature too
        assertThat(OpenSsl.run(dir, "verify", "-CAfile", "cert.pem", "-purpose", "sslserver", "cert.pem"))
                .contains("cert.pem: OK");
    }

    @Test
    void drawsDifferentSerialsAndKeysFromTheRandom() {
        SecureRandom random = new SecureRandom();
        CertifiedKey a = SelfSignedCertificate.generate("a", List.of(), Duration.ofDays(1), random, NOW);
        CertifiedKey b = SelfSignedCertificate.generate("a", List.of(), Duration.ofDays(1), random, NOW);
        assertThat(a.leaf().getSerialNumber()).isNotEqualTo(b.leaf().getSerialNumber());
        assertThat(a.leaf().getPublicKey()).isNotEqualTo(b.leaf().getPublicKey());
        assertThat(a.leaf().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void omitsSanExtensionWhenNoNameIsAsked() throws Exception {
        X509Certificate cert = SelfSignedCertificate.generate("webrtc", List.of(), Duration.ofDays(30),
                new SecureRandom(), NOW).leaf();
        assertThat(cert.getSubjectAlternativeNames()).isNull();
    }

    @Test
    void convertsInternationalNamesToALabels() throws Exception {
        X509Certificate cert = SelfSignedCertificate.generate("idn", List.of("Bücher.Example"), Duration.ofDays(1),
                new SecureRandom(), NOW).leaf();
        assertThat(CertificateText.subjectAltNames(cert)).containsExactly("DNS:xn--bcher-kva.example");
    }

    @Test
    void verifiesUnderPkixWhenItIsItsOwnAnchor() throws Exception {
        CertifiedKey generated = SelfSignedCertificate.generate("self", List.of("self.test"), Duration.ofDays(1),
                new SecureRandom(), NOW);
        assertThatCode(() -> PeerVerifiers.pkix(generated.chain()).verify(generated.chain(),
                new PeerContext(true, "self.test", NOW))).doesNotThrowAnyException();
    }

    @Test
    void rejectsBadArguments() {
        SecureRandom random = new SecureRandom();
        Duration day = Duration.ofDays(1);
        assertThatIllegalArgumentException().isThrownBy(() ->
                SelfSignedCertificate.generate("", List.of(), day, random, NOW));
        assertThatIllegalArgumentException().isThrownBy(() ->
                SelfSignedCertificate.generate("x".repeat(65), List.of(), day, random, NOW));
        assertThatIllegalArgumentException().isThrownBy(() ->
                SelfSignedCertificate.generate("x", List.of(), Duration.ZERO, random, NOW));
        for (String bad : List.of("*.com", "a*.example.com", "foo..example", "-x.example", "with space.example",
                "1.2.3", "")) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() ->
                    SelfSignedCertificate.generate("x", List.of(bad), day, random, NOW));
        }
    }
}
