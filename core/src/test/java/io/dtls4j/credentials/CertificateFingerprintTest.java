package io.dtls4j.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CertificateFingerprintTest {
    private static final String HEX = "01:31:1B:A6:ED:67:07:08:A8:28:01:AC:A1:37:EE:00:"
            + "EC:EC:12:2C:EA:39:64:09:0F:C4:05:0D:2C:10:31:F1";

    @TempDir
    Path dir;

    @Test
    void equalsTheFingerprintOpensslPrints() throws Exception {
        OpenSsl.assumeAvailable();
        new OpenSslPki(dir).key("fp", "EC");
        OpenSsl.run(dir, "req", "-x509", "-new", "-key", "fp.key", "-subj", "/CN=fingerprint", "-days", "1",
                "-out", "fp.pem");
        String printed = OpenSsl.run(dir, "x509", "-in", "fp.pem", "-noout", "-fingerprint", "-sha256").strip();
        assertThat(printed).startsWith("sha256 Fingerprint=");

        X509Certificate cert = PemFiles.readCertificates(dir.resolve("fp.pem")).get(0);
        CertificateFingerprint ours = CertificateFingerprint.sha256(cert);
        assertThat(ours.toSdp()).isEqualTo("sha-256 " + printed.substring("sha256 Fingerprint=".length()));
        assertThat(CertificateFingerprint.parse(printed)).isEqualTo(ours);
    }

    @Test
    void formatsSdpAsUpperCaseColonSeparatedHex() throws Exception {
        X509Certificate cert = SelfSignedCertificate.generate("sdp", List.of(), Duration.ofDays(1),
                new SecureRandom(), 0L).leaf();
        CertificateFingerprint fingerprint = CertificateFingerprint.sha256(cert);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());

        assertThat(fingerprint.bytes()).isEqualTo(expected);
        assertThat(fingerprint.toSdp()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(fingerprint.hex().replace(":", "")).isEqualTo(HexFormat.of().withUpperCase().formatHex(expected));
        assertThat(fingerprint).hasToString(fingerprint.toSdp());
        assertThat(fingerprint.matches(cert)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sha-256 " + HEX,
            "SHA-256 " + HEX,
            "  sha-256   " + HEX + "  ",
            HEX,
            "01311ba6ed670708a82801aca137ee00ecec122cea3964090fc4050d2c1031f1",
            "sha-256 01:31:1b:a6:ed:67:07:08:a8:28:01:ac:a1:37:ee:00:ec:ec:12:2c:ea:39:64:09:0f:c4:05:0d:2c:10:31:f1",
            "sha256 Fingerprint=" + HEX,
    })
    void parsesEveryAcceptedSpelling(String text) {
        CertificateFingerprint parsed = CertificateFingerprint.parse(text);
        assertThat(parsed.toSdp()).isEqualTo("sha-256 " + HEX);
        assertThat(parsed).isEqualTo(CertificateFingerprint.parse("sha-256 " + HEX))
                .hasSameHashCodeAs(CertificateFingerprint.parse("sha-256 " + HEX));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "sha-256",
            "sha-1 01:31:1B:A6:ED:67:07:08:A8:28:01:AC:A1:37:EE:00:EC:EC:12:2C",
            "sha-384 " + HEX,
            "01:31",
            HEX + ":00",
            "01311ba6ed670708a82801aca137ee00ecec122cea3964090fc4050d2c1031",
            "01311ba6ed670708a82801aca137ee00ecec122cea3964090fc4050d2c1031f1f1",
            "0131:1B:A6:ED:67:07:08:A8:28:01:AC:A1:37:EE:00:EC:EC:12:2C:EA:39:64:09:0F:C4:05:0D:2C:10:31:F1:",
            "ZZ:31:1B:A6:ED:67:07:08:A8:28:01:AC:A1:37:EE:00:EC:EC:12:2C:EA:39:64:09:0F:C4:05:0D:2C:10:31:F1",
            "01-31-1B-A6-ED-67-07-08-A8-28-01-AC-A1-37-EE-00-EC-EC-12-2C-EA-39-64-09-0F-C4-05-0D-2C-10-31-F1",
    })
    void rejectsWhatIsNotASha256Fingerprint(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> CertificateFingerprint.parse(text));
    }

    @Test
    void namesTheUnsupportedHashFunction() {
        assertThatIllegalArgumentException().isThrownBy(() -> CertificateFingerprint.parse("sha-1 " + HEX))
                .withMessage("fingerprint hash function 'sha-1' is not supported (only sha-256)");
    }

    @Test
    void differentHashesAreNotEqual() {
        CertificateFingerprint a = CertificateFingerprint.parse(HEX);
        CertificateFingerprint b = CertificateFingerprint.parse(HEX.substring(0, HEX.length() - 2) + "F2");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(HEX);
    }

    @Test
    void bytesAreACopy() {
        CertificateFingerprint a = CertificateFingerprint.parse(HEX);
        a.bytes()[0] = 0x7f;
        assertThat(a.toSdp()).isEqualTo("sha-256 " + HEX);
    }
}
