package io.dtls4j.cli;

import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.PemIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dtls server} without --echo bridges stdin and stdout like {@code openssl s_server}, and
 * requires a client certificate trusted by --ca-file under --verify; checked with a {@code dtls client}
 * in another process.
 */
@Timeout(120)
class BridgeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void serverAndClientBridgeTheirStdinAndStdoutWithMutualCertificates() throws Exception {
        PemIdentity server = TestCredentials.writePem(dir, "server", KeyAlgorithm.EC_P256);
        PemIdentity client = TestCredentials.writePem(dir, "client", KeyAlgorithm.ED25519);
        try (ExternalProcess s = ExternalProcess.dtls("server", "--port", "0", "--naccept", "1",
                "--cert", server.cert().toString(), "--key", server.keyFile().toString(),
                "--verify", "--ca-file", client.cert().toString())) {
            String port = s.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+), certificate", WAIT).group(1);
            try (ExternalProcess c = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--ca-file", server.cert().toString(),
                    "--cert", client.cert().toString(), "--key", client.keyFile().toString(), "--linger", "0ms")) {
                c.awaitStderr("connected to 127.0.0.1:" + port + ": DTLSv1.2", WAIT);
                s.awaitStderr("connected, DTLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256 X25519, peer " + client.fingerprint(), WAIT);

                c.write("ping from the client\n");
                s.awaitStdout("ping from the client\n", WAIT);
                s.write("pong from the server\n");
                c.awaitStdout("pong from the server\n", WAIT);

                c.closeStdin();
                assertThat(c.awaitExit(WAIT)).as(c.describe()).isZero();
                assertThat(c.stdout()).isEqualTo("pong from the server\n");
            }
            assertThat(s.awaitExit(WAIT)).as(s.describe()).isZero();
            assertThat(s.stdout()).isEqualTo("ping from the client\n");
            assertThat(s.stderr()).containsPattern("127\\.0\\.0\\.1:\\d+: closed");
        }
    }

    @Test
    void serverUnderVerifyRefusesAClientWithoutCertificate() throws Exception {
        PemIdentity server = TestCredentials.writePem(dir, "server", KeyAlgorithm.EC_P256);
        PemIdentity client = TestCredentials.writePem(dir, "client", KeyAlgorithm.EC_P256);
        try (ExternalProcess s = ExternalProcess.dtls("server", "--port", "0", "--naccept", "1", "--echo",
                "--cert", server.cert().toString(), "--key", server.keyFile().toString(),
                "--verify", "--ca-file", client.cert().toString())) {
            String port = s.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1);
            try (ExternalProcess c = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--fingerprint", server.fingerprint())) {
                assertThat(c.awaitExit(WAIT)).as(c.describe()).isEqualTo(ExitCode.HANDSHAKE.code());
                assertThat(c.stderr()).contains("peer sent fatal alert");
            }
            assertThat(s.awaitExit(WAIT)).as(s.describe()).isEqualTo(ExitCode.HANDSHAKE.code());
        }
    }

    @Test
    void stoppingTheServerClosesItsSessionsCleanly() throws Exception {
        PemIdentity server = TestCredentials.writePem(dir, "server", KeyAlgorithm.EC_P256);
        try (ExternalProcess s = ExternalProcess.dtls("server", "--port", "0", "--echo",
                "--cert", server.cert().toString(), "--key", server.keyFile().toString())) {
            String port = s.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1);
            try (ExternalProcess c = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--fingerprint", server.fingerprint())) {
                s.awaitStderr("connected, DTLSv1.2", WAIT);
                s.terminate();
                // the server's shutdown sends close_notify: the client ends without an error
                assertThat(c.awaitExit(WAIT)).as(c.describe()).isZero();
                assertThat(c.stderr()).contains("server closed the session");
            }
            s.awaitExit(WAIT);
        }
    }
}
