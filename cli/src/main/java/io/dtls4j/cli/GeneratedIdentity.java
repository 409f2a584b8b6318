package io.dtls4j.cli;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.SelfSignedCertificate;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/** A throw-away self-signed identity for endpoints started without {@code --cert}. */
final class GeneratedIdentity {
    /** Names a local test peer may use to reach us. */
    static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "::1");
    private static final Duration VALIDITY = Duration.ofDays(30);

    private GeneratedIdentity() {
    }

    /** A fresh key pair and self-signed certificate named {@code commonName}, valid for local names. */
    static CertifiedKey generate(KeyAlgorithm algorithm, String commonName, SecureRandom random) {
        return SelfSignedCertificate.generate(algorithm, commonName, LOCAL_NAMES, VALIDITY, random,
                System.currentTimeMillis());
    }
}
