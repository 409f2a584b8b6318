package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.PemIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key log a {@code dtls client} writes decrypts the records captured between it and a
 * {@code dtls server}: the check Wireshark makes, done by {@link KeyLogDecryptor} from the RFCs.
 */
@Timeout(120)
class KeyLogIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINE = Pattern.compile("CLIENT_RANDOM ([0-9a-f]{64}) ([0-9a-f]{96})");

    @TempDir
    Path dir;

    @Test
    void keyLogOptionDecryptsTheCapturedRecords() throws Exception {
        Path keyLog = dir.resolve("keys.log");
        exchangeThroughRelay(Map.of(), "--keylog", keyLog.toString());
    }

    @Test
    void sslKeyLogFileVariableDecryptsTheCapturedRecords() throws Exception {
        Path keyLog = dir.resolve("env-keys.log");
        exchangeThroughRelay(Map.of("SSLKEYLOGFILE", keyLog.toString()));
    }

    private void exchangeThroughRelay(Map<String, String> env, String... keyLogOption) throws Exception {
        PemIdentity server = TestCredentials.writePem(dir, "server", KeyAlgorithm.EC_P256);
        Path keyLog = keyLogOption.length > 0 ? Path.of(keyLogOption[1]) : Path.of(env.get("SSLKEYLOGFILE"));
        try (ExternalProcess dtlsServer = ExternalProcess.dtls("server", "--bind", "127.0.0.1", "--port", "0", "--echo",
                "--naccept", "1", "--cert", server.cert().toString(), "--key", server.keyFile().toString())) {
            int port = Integer.parseInt(dtlsServer.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1));
            List<UdpRelay.Datagram> capture;
            try (UdpRelay relay = new UdpRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                String[] args = concat(new String[] {"client", "127.0.0.1:" + relay.port(), "--fingerprint", server.fingerprint(),
                        "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256", "--linger", "0ms"}, keyLogOption);
                try (ExternalProcess client = ExternalProcess.dtls(dir, env, args)) {
                    client.awaitStderr("connected to", WAIT);
                    client.write("the secret is 42\n");
                    client.awaitStdout("the secret is 42", WAIT);
                    client.closeStdin();
                    assertThat(client.awaitExit(WAIT)).as(client.describe()).isZero();
                }
                assertThat(dtlsServer.awaitExit(WAIT)).as(dtlsServer.describe()).isZero();
                capture = relay.captured();
            }

            List<String> lines = Files.readAllLines(keyLog);
            assertThat(lines).hasSize(1);
            Matcher m = LINE.matcher(lines.get(0));
            assertThat(m.matches()).as(lines.get(0)).isTrue();
            // the logged client random is the one on the wire
            assertThat(KeyLogDecryptor.hex(m.group(1))).isEqualTo(KeyLogDecryptor.clientRandom(capture));
            assertThat(KeyLogDecryptor.serverHelloSuite(capture))
                    .isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.id());

            KeyLogDecryptor.Decrypted plain = KeyLogDecryptor.decrypt(capture, KeyLogDecryptor.hex(m.group(2)));
            assertThat(plain.fromClient()).containsExactly("the secret is 42\n");
            assertThat(plain.fromServer()).containsExactly("the secret is 42\n");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
