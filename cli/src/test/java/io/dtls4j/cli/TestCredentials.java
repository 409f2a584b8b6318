package io.dtls4j.cli;

import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.PemFiles;
import io.dtls4j.credentials.SelfSignedCertificate;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/** A self-signed identity written as PEM files, for the process tests. */
record TestCredentials(CertifiedKey key, Path cert, Path keyFile) {

    static TestCredentials write(Path dir, String name, KeyAlgorithm algorithm) throws IOException {
        CertifiedKey key = SelfSignedCertificate.generate(algorithm, name, List.of("localhost", "127.0.0.1"),
                Duration.ofDays(1), new SecureRandom(), System.currentTimeMillis());
        Path cert = dir.resolve(name + ".pem");
        Path keyFile = dir.resolve(name + ".key");
        PemFiles.writeCertifiedKey(cert, keyFile, key);
        return new TestCredentials(key, cert, keyFile);
    }

    /** {@code sha-256 AB:CD:...} */
    String fingerprint() {
        return CertificateFingerprint.sha256(key.leaf()).toSdp();
    }

    /** A UDP port on 127.0.0.1 that was free a moment ago, for peers that cannot pick their own. */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
