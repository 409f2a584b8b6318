package io.dtls4j.credentials;

import io.dtls4j.credentials.CertificateFingerprint.HashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CertificateFingerprintTest {
    private static final String HEX = "01:31:1B:A6:ED:67:07:08:A8:28:01:AC:A1:37:EE:00:"
            + "EC:EC:12:2C:EA:39:64:09:0F:C4:05:0D:2C:10:31:F1";
    private static final String SHA1_HEX = "01:31:1B:A6:ED:67:07:08:A8:28:01:AC:A1:37:EE:00:EC:EC:12:2C";
    private static final Map<HashFunction, String> JCA_NAMES = Map.of(HashFunction.SHA_1, "SHA-1",
            HashFunction.SHA_256, "SHA-256", HashFunction.SHA_384, "SHA-384", HashFunction.SHA_512, "SHA-512");

    @TempDir
    Path dir;

    private static X509Certificate generated() {
        return SelfSignedCertificate.generate("sdp", List.of(), Duration.ofDays(1), new SecureRandom(), 0L).leaf();
    }

    @ParameterizedTest
    @EnumSource(HashFunction.class)
    void equalsTheFingerprintOpensslPrints(HashFunction function) throws Exception {
        OpenSsl.assumeAvailable();
        new OpenSslPki(dir).key("fp", "EC");
        OpenSsl.run(dir, "req", "-x509", "-new", "-key", "fp.key", "-subj", "/CN=fingerprint", "-days", "1",
                "-out", "fp.pem");
        String opensslName = function.sdpName().replace("-", "");
        String printed = OpenSsl.run(dir, "x509", "-in", "fp.pem", "-noout", "-fingerprint", "-" + opensslName).strip();
        String prefix = opensslName + " Fingerprint=";
        assertThat(printed.toLowerCase()).startsWith(prefix.toLowerCase());

        X509Certificate cert = PemFiles.readCertificates(dir.resolve("fp.pem")).get(0);
        CertificateFingerprint ours = CertificateFingerprint.of(function, cert);
        assertThat(ours.toSdp()).isEqualTo(function.sdpName() + " " + printed.substring(prefix.length()));
        assertThat(CertificateFingerprint.parse(printed)).isEqualTo(ours);
        assertThat(ours.matches(cert)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(HashFunction.class)
    void formatsSdpAsUpperCaseColonSeparatedHex(HashFunction function) throws Exception {
        X509Certificate cert = generated();
        CertificateFingerprint fingerprint = CertificateFingerprint.of(function, cert);
        byte[] expected = MessageDigest.getInstance(JCA_NAMES.get(function)).digest(cert.getEncoded());
        String upperHex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(expected);

        assertThat(fingerprint.hashFunction()).isEqualTo(function);
        assertThat(fingerprint.bytes()).isEqualTo(expected).hasSize(function.length());
        assertThat(fingerprint.toSdp()).isEqualTo(function.sdpName() + " " + upperHex);
        assertThat(fingerprint.toSdpAttribute()).isEqualTo("a=fingerprint:" + function.sdpName() + " " + upperHex);
        assertThat(fingerprint.hex()).isEqualTo(upperHex);
        assertThat(fingerprint).hasToString(fingerprint.toSdp());
        assertThat(fingerprint.matches(cert)).isTrue();
        assertThat(fingerprint.matches(generated())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HashFunction.class)
    void readsBackWhatItWritesInEveryForm(HashFunction function) throws Exception {
        X509Certificate cert = generated();
        CertificateFingerprint fingerprint = CertificateFingerprint.of(function, cert);
        byte[] expected = MessageDigest.getInstance(JCA_NAMES.get(function)).digest(cert.getEncoded());
        String lowerHex = HexFormat.ofDelimiter(":").formatHex(expected);
        for (String text : List.of(fingerprint.toSdp(), fingerprint.toSdpAttribute(),
                "A=Fingerprint:" + function.sdpName().toUpperCase() + " " + lowerHex,
                function.sdpName() + " " + HexFormat.of().formatHex(expected),
                lowerHex)) {
            CertificateFingerprint parsed = CertificateFingerprint.parse(text);
            assertThat(parsed).as(text).isEqualTo(fingerprint).hasSameHashCodeAs(fingerprint);
            assertThat(parsed.hashFunction()).isEqualTo(function);
            assertThat(parsed.matches(cert)).isTrue();
        }
    }

    @Test
    void madeWithSha256ByDefault() {
        X509Certificate cert = generated();
        assertThat(CertificateFingerprint.sha256(cert).hashFunction()).isEqualTo(HashFunction.SHA_256);
        assertThat(CertificateFingerprint.sha256(cert).toSdp()).startsWith("sha-256 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sha-256 " + HEX,
            "SHA-256 " + HEX,
            "  sha-256   " + HEX + "  ",
            "a=fingerprint:sha-256 " + HEX,
            "A=FINGERPRINT:Sha-256 " + HEX,
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

    @Test
    void readsSha1() {
        CertificateFingerprint sha1 = CertificateFingerprint.parse("a=fingerprint:sha-1 " + SHA1_HEX);
        assertThat(sha1.hashFunction()).isEqualTo(HashFunction.SHA_1);
        assertThat(sha1.toSdp()).isEqualTo("sha-1 " + SHA1_HEX);
        assertThat(CertificateFingerprint.parse("SHA1 Fingerprint=" + SHA1_HEX)).isEqualTo(sha1);
        assertThat(CertificateFingerprint.parse(SHA1_HEX)).isEqualTo(sha1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''| not a fingerprint (no hash value): ''",
            "a=fingerprint:| not a fingerprint (no hash value): 'a=fingerprint:'",
            "sha-256| not a fingerprint (expected hex bytes): 'sha-256'",
            "sha-1 " + HEX + "| not a sha-1 fingerprint: 32 bytes where sha-1 has 20: 'sha-1 " + HEX + "'",
            "sha-384 " + HEX + "| not a sha-384 fingerprint: 32 bytes where sha-384 has 48: 'sha-384 " + HEX + "'",
            "sha-512 " + SHA1_HEX + "| not a sha-512 fingerprint: 20 bytes where sha-512 has 64: 'sha-512 " + SHA1_HEX + "'",
            "sha-256 " + HEX + ":00| not a sha-256 fingerprint: 33 bytes where sha-256 has 32: 'sha-256 " + HEX + ":00'",
            "01:31| not a fingerprint: 2 bytes is the length of no supported hash"
                    + " (sha-1 20, sha-256 32, sha-384 48, sha-512 64): '01:31'",
            "md5 01:31| fingerprint hash function 'md5' is not supported (RFC 8122 §5 forbids verifying with it);"
                    + " use sha-256, sha-384, sha-512 or sha-1",
            "sha-224 01:31| fingerprint hash function 'sha-224' is not supported; use sha-256, sha-384, sha-512 or sha-1",
            "sha-256 ZZ:31| not a fingerprint (not hexadecimal): 'sha-256 ZZ:31'",
            "0131:1B:A6:| not a fingerprint (misplaced colon): '0131:1B:A6:'",
            "0131:1B:A6| not a fingerprint (expected hex bytes joined by colons): '0131:1B:A6'",
            "01-31-1B| not a fingerprint (not hexadecimal): '01-31-1B'",
            "01311| not a fingerprint (expected hex bytes): '01311'",
    })
    void rejectsMalformedInputSayingWhatIsWrong(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> CertificateFingerprint.parse(text))
                .withMessage(message.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "01311ba6ed670708a82801aca137ee00ecec122cea3964090fc4050d2c1031",
            "01311ba6ed670708a82801aca137ee00ecec122cea3964090fc4050d2c1031f1f1",
            "0131:1B:A6:ED:67:07:08:A8:28:01:AC:A1:37:EE:00:EC:EC:12:2C:EA:39:64:09:0F:C4:05:0D:2C:10:31:F1:",
            "ZZ:31:1B:A6:ED:67:07:08:A8:28:01:AC:A1:37:EE:00:EC:EC:12:2C:EA:39:64:09:0F:C4:05:0D:2C:10:31:F1",
            "01-31-1B-A6-ED-67-07-08-A8-28-01-AC-A1-37-EE-00-EC-EC-12-2C-EA-39-64-09-0F-C4-05-0D-2C-10-31-F1",
            "sha-256 " + HEX + " trailing",
            "a=fingerprint: ",
    })
    void rejectsWhatIsNotAFingerprint(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> CertificateFingerprint.parse(text));
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
