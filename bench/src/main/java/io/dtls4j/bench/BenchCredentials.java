package io.dtls4j.bench;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.SelfSignedCertificate;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/** A self-signed EC P-256 certificate for the benchmarks (made once per run). */
final class BenchCredentials {
    private BenchCredentials() {
    }

    static CertifiedKey ecP256() throws Exception {
        return SelfSignedCertificate.generate(KeyAlgorithm.EC_P256, "bench.dtls4j.test", List.of(), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
    }
}
