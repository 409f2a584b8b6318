package io.dtls4j.cli;

import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.PemIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code dtls} jar as a separate process against OpenSSL's DTLS 1.2 tools, both ways, on
 * 127.0.0.1. Skipped, with a message, when openssl is not installed.
 */
@Timeout(120)
class OpenSslInteropIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FINGERPRINT = "sha-256 (?:[0-9A-F]{2}:){31}[0-9A-F]{2}";

    @TempDir
    static Path dir;
    static PemIdentity server;
    static PemIdentity client;

    @BeforeAll
    static void requireOpenSsl() throws Exception {
        boolean present;
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            present = p.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS)
                    && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            present = false;
        }
        assumeTrue(present, "openssl is not installed: OpenSSL interop tests skipped (.ci/run installs it)");
        server = TestCredentials.writePem(dir, "server", KeyAlgorithm.EC_P256);
        client = TestCredentials.writePem(dir, "client", KeyAlgorithm.EC_P256);
    }

    @Test
    void dtlsClientExchangesDataWithOpenSslServer() throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        try (ExternalProcess openssl = ExternalProcess.start(List.of("openssl", "s_server", "-dtls1_2",
                "-accept", "127.0.0.1:" + port, "-cert", server.cert().toString(), "-key", server.keyFile().toString(),
                "-naccept", "1"), dir, Map.of())) {
            openssl.awaitStdout("ACCEPT", WAIT);
            try (ExternalProcess dtls = ExternalProcess.dtls("client", "127.0.0.1:" + port,
                    "--fingerprint", server.fingerprint(), "--linger", "200ms")) {
                dtls.awaitStderrMatch("connected to 127\\.0\\.0\\.1:" + port
                        + ": DTLSv1\\.2 ECDHE-ECDSA-AES128-GCM-SHA256 X25519, peer " + Pattern.quote(server.fingerprint())
                        + ", New session, handshake [0-9.]+ ms", WAIT);

                dtls.write("hello from dtls4j\n");
                openssl.awaitStdout("hello from dtls4j", WAIT);
                openssl.write("hello from openssl\n");
                dtls.awaitStdout("hello from openssl", WAIT);

                dtls.closeStdin();
                assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isZero();
                assertThat(dtls.stdout()).isEqualTo("hello from openssl\n");
            }
            // our close_notify ends openssl's only session
            assertThat(openssl.awaitExit(WAIT)).as(openssl.describe()).isZero();
            assertThat(openssl.stdout()).contains("CIPHER is ECDHE-ECDSA-AES128-GCM-SHA256");
        }
    }

    @Test
    void dtlsClientHonoursCiphersAndGroupsAgainstOpenSsl() throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        try (ExternalProcess openssl = ExternalProcess.start(List.of("openssl", "s_server", "-dtls1_2",
                "-accept", "127.0.0.1:" + port, "-cert", server.cert().toString(), "-key", server.keyFile().toString(),
                "-naccept", "1"), dir, Map.of())) {
            openssl.awaitStdout("ACCEPT", WAIT);
            try (ExternalProcess dtls = ExternalProcess.dtls("client", "127.0.0.1:" + port,
                    "--fingerprint", server.fingerprint(), "--linger", "0ms",
                    // OpenSSL also wants the curve of its P-256 certificate among the groups (RFC 4492 §5.1)
                    "--ciphers", "ECDHE-ECDSA-CHACHA20-POLY1305", "--groups", "P-384:P-256", "--mtu", "600")) {
                dtls.awaitStderrMatch("DTLSv1\\.2 ECDHE-ECDSA-CHACHA20-POLY1305 P-384, peer", WAIT);
                dtls.closeStdin();
                assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isZero();
            }
            assertThat(openssl.awaitExit(WAIT)).as(openssl.describe()).isZero();
            assertThat(openssl.stdout()).contains("CIPHER is ECDHE-ECDSA-CHACHA20-POLY1305");
        }
    }

    @Test
    void pskOnlyDtlsServerEchoesForAnOpenSslPskClient() throws Exception {
        String key = "00112233445566778899aabbccddeeff";
        try (ExternalProcess dtls = ExternalProcess.dtls("server", "--bind", "127.0.0.1", "--port", "0", "--echo",
                "--naccept", "1", "--psk", key, "--psk-identity", "sensor-42", "--psk-hint", "gw", "--ciphers", "PSK-AES128-CCM8")) {
            String port = dtls.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+), PSK only \\(identity sensor-42\\)", WAIT).group(1);
            try (ExternalProcess openssl = ExternalProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + port, "-psk", key, "-psk_identity", "sensor-42", "-cipher", "PSK-AES128-CCM8"),
                    dir, Map.of())) {
                openssl.awaitStdout("Cipher is PSK-AES128-CCM8", WAIT);
                openssl.write("coap over psk\n");
                openssl.awaitStdout("coap over psk", WAIT);
                openssl.closeStdin();
                openssl.awaitExit(WAIT);
            }
            assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isZero();
            assertThat(dtls.stderr()).containsPattern("127\\.0\\.0\\.1:\\d+: connected, DTLSv1\\.2 PSK-AES128-CCM8, peer psk identity sensor-42")
                    .doesNotContain(key);
        }
    }

    @Test
    void dtlsPskClientTalksToOpenSslServerWithoutCertificate() throws Exception {
        String key = "0f0e0d0c0b0a09080706050403020100";
        int port = LoopbackPorts.freeUdpPort();
        try (ExternalProcess openssl = ExternalProcess.start(List.of("openssl", "s_server", "-dtls1_2",
                "-accept", "127.0.0.1:" + port, "-nocert", "-psk", key, "-cipher", "ECDHE-PSK-CHACHA20-POLY1305",
                "-naccept", "1"), dir, Map.of())) {
            openssl.awaitStdout("ACCEPT", WAIT);
            // both sides use OpenSSL's default identity, Client_identity
            try (ExternalProcess dtls = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--psk", key, "--linger", "200ms")) {
                dtls.awaitStderrMatch("connected to 127\\.0\\.0\\.1:" + port
                        + ": DTLSv1\\.2 ECDHE-PSK-CHACHA20-POLY1305 X25519, peer psk identity Client_identity, New session, handshake [0-9.]+ ms", WAIT);
                dtls.write("hello psk\n");
                openssl.awaitStdout("hello psk", WAIT);
                dtls.closeStdin();
                assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isZero();
            }
            assertThat(openssl.awaitExit(WAIT)).as(openssl.describe()).isZero();
            assertThat(openssl.stdout()).contains("CIPHER is ECDHE-PSK-CHACHA20-POLY1305");
        }
    }

    @Test
    void openSslClientGetsItsDataEchoedByDtlsServer() throws Exception {
        try (ExternalProcess dtls = ExternalProcess.dtls("server", "--bind", "127.0.0.1", "--port", "0", "--echo",
                "--naccept", "1")) {
            Matcher listening = dtls.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+), generated self-signed EC P-256 certificate (" + FINGERPRINT + ")", WAIT);
            String port = listening.group(1);
            String printedFingerprint = listening.group(2);
            try (ExternalProcess openssl = ExternalProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + port), dir, Map.of())) {
                openssl.awaitStdout("Verify return code", WAIT);
                openssl.write("hello through dtls4j\n");
                openssl.awaitStdout("hello through dtls4j", WAIT);
                openssl.closeStdin(); // s_client sends close_notify on end of input
                openssl.awaitExit(WAIT);
                // the certificate openssl received is the one the server announced
                assertThat(CertificateFingerprint.sha256(firstCertificate(openssl.stdout())).toSdp()).isEqualTo(printedFingerprint);
            }
            assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isZero();
            assertThat(dtls.stderr())
                    .containsPattern("127\\.0\\.0\\.1:\\d+: connected, DTLSv1\\.2 ECDHE-ECDSA-AES128-GCM-SHA256 X25519, peer sent no certificate")
                    .containsPattern("127\\.0\\.0\\.1:\\d+: closed");
        }
    }

    @Test
    void dtlsServerAcceptsAnOpenSslClientWithThePinnedCertificate() throws Exception {
        try (ExternalProcess dtls = ExternalProcess.dtls("server", "--bind", "127.0.0.1", "--port", "0", "--echo",
                "--naccept", "1", "--cert", server.cert().toString(), "--key", server.keyFile().toString(),
                "--fingerprint", client.fingerprint())) {
            String port = dtls.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1);
            try (ExternalProcess openssl = ExternalProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + port, "-cert", client.cert().toString(), "-key", client.keyFile().toString()),
                    dir, Map.of())) {
                openssl.awaitStdout("Verify return code", WAIT);
                openssl.write("mutual\n");
                openssl.awaitStdout("mutual", WAIT);
                openssl.closeStdin();
                openssl.awaitExit(WAIT);
            }
            assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isZero();
            assertThat(dtls.stderr()).contains("connected, DTLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 X25519, peer " + client.fingerprint());
        }
    }

    @Test
    void dtlsServerRefusesAnOpenSslClientWithAnotherCertificate() throws Exception {
        try (ExternalProcess dtls = ExternalProcess.dtls("server", "--bind", "127.0.0.1", "--port", "0", "--echo",
                "--naccept", "1", "--cert", server.cert().toString(), "--key", server.keyFile().toString(),
                "--fingerprint", server.fingerprint())) {
            String port = dtls.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1);
            try (ExternalProcess openssl = ExternalProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + port, "-cert", client.cert().toString(), "-key", client.keyFile().toString()),
                    dir, Map.of())) {
                assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isEqualTo(ExitCode.CERTIFICATE.code());
                openssl.closeStdin();
                openssl.awaitExit(WAIT);
            }
            assertThat(dtls.stderr()).containsPattern("127\\.0\\.0\\.1:\\d+: client certificate CN=.* rejected: .*not the pinned fingerprint");
        }
    }

    @Test
    void dtlsClientReconnectResumesWithOpenSslServerAndSessionInResumesAgain() throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        Path sessionFile = dir.resolve("openssl-server.session");
        // -no_ticket: the session ID alone names the session; six connections of --reconnect, one more of --session-in
        try (ExternalProcess openssl = ExternalProcess.start(List.of("openssl", "s_server", "-dtls1_2", "-no_ticket",
                "-accept", "127.0.0.1:" + port, "-cert", server.cert().toString(), "-key", server.keyFile().toString(),
                "-naccept", "7"), dir, Map.of())) {
            openssl.awaitStdout("ACCEPT", WAIT);
            try (ExternalProcess dtls = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--fingerprint", server.fingerprint(),
                    "--reconnect", "--session-out", sessionFile.toString(), "--linger", "0ms")) {
                dtls.closeStdin();
                assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isZero();
                assertThat(count(dtls.stderr(), ", New session, handshake")).as(dtls.describe()).isEqualTo(1);
                assertThat(count(dtls.stderr(), ", Reused session, handshake")).as(dtls.describe()).isEqualTo(5);
            }
            try (ExternalProcess dtls = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--fingerprint", server.fingerprint(),
                    "--session-in", sessionFile.toString(), "--linger", "0ms")) {
                dtls.closeStdin();
                assertThat(dtls.awaitExit(WAIT)).as(dtls.describe()).isZero();
                assertThat(dtls.stderr()).contains(", Reused session, handshake");
            }
            assertThat(openssl.awaitExit(WAIT)).as(openssl.describe()).isZero();
            assertThat(count(openssl.stdout(), "Reused session-id")).as(openssl.describe()).isEqualTo(6);
        }
    }

    private static int count(String text, String what) {
        return ResumptionIT.count(text, Pattern.quote(what));
    }

    private static X509Certificate firstCertificate(String text) throws Exception {
        int begin = text.indexOf("-----BEGIN CERTIFICATE-----");
        int end = text.indexOf("-----END CERTIFICATE-----", begin);
        assertThat(begin).as("certificate in openssl output").isNotNegative();
        String pem = text.substring(begin, end + "-----END CERTIFICATE-----".length());
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
