package io.dtls4j.cli;

import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertificateFingerprint.HashFunction;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerContext;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.credentials.PeerVerifier;
import io.dtls4j.credentials.SelfSignedCertificate;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustOptionsTest {
    private static final PeerContext SERVER = new PeerContext(true, null, System.currentTimeMillis());

    private static CertifiedKey generate(String name) {
        return SelfSignedCertificate.generate(name, List.of(), Duration.ofDays(1), new SecureRandom(), 0L);
    }

    private static PeerVerifier verifier(String... fingerprints) throws CliException {
        TrustOptions options = new TrustOptions();
        options.fingerprints.addAll(List.of(fingerprints));
        return options.verifier();
    }

    @Test
    void fingerprintTakesEverySdpFormAndHashFunction() throws Exception {
        CertifiedKey peer = generate("peer");
        for (HashFunction function : HashFunction.values()) {
            CertificateFingerprint fingerprint = CertificateFingerprint.of(function, peer.leaf());
            for (String text : List.of(fingerprint.toSdpAttribute(), fingerprint.toSdp().toUpperCase(), fingerprint.hex())) {
                PeerVerifier verifier = verifier(text);
                assertThatCode(() -> verifier.verify(peer.chain(), SERVER)).as(text).doesNotThrowAnyException();
                assertThatThrownBy(() -> verifier.verify(generate("other").chain(), SERVER)).as(text)
                        .isInstanceOf(PeerVerificationException.class);
            }
        }
    }

    @Test
    void aMalformedFingerprintIsAUsageErrorSayingWhatIsWrong() {
        assertThatThrownBy(() -> verifier("sha-384 AB:CD"))
                .isInstanceOf(CliException.class)
                .hasMessage("--fingerprint 'sha-384 AB:CD': not a sha-384 fingerprint: 2 bytes where sha-384 has 48:"
                        + " 'sha-384 AB:CD'");
        assertThatThrownBy(() -> verifier("a=fingerprint:md5 AB:CD"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("fingerprint hash function 'md5' is not supported");
    }
}
