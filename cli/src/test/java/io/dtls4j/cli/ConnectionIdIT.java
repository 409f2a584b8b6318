package io.dtls4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --cid} on {@code dtls server} and {@code dtls client}: both summary lines name the same CIDs, crosswise. */
@Timeout(120)
class ConnectionIdIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PSK = "00112233445566778899aabbccddeeff";

    @Test
    void bothSidesPrintTheNegotiatedConnectionIdsInHex() throws Exception {
        try (ExternalProcess s = ExternalProcess.dtls("server", "--port", "0", "--naccept", "1", "--echo",
                "--psk", PSK, "--ciphers", "PSK-AES128-CCM8", "--cid", "4")) {
            String port = s.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1);
            try (ExternalProcess c = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--psk", PSK,
                    "--ciphers", "PSK-AES128-CCM8", "--cid", "2", "--linger", "0ms")) {
                var client = c.awaitStderrMatch("connected to 127\\.0\\.0\\.1:" + port
                        + ": DTLSv1\\.2 PSK-AES128-CCM8.*, cid in ([0-9a-f]{4}) out ([0-9a-f]{8})", WAIT);
                var server = s.awaitStderrMatch("connected, DTLSv1\\.2 PSK-AES128-CCM8.*, cid in ([0-9a-f]{8}) out ([0-9a-f]{4})", WAIT);
                assertThat(server.group(1)).isEqualTo(client.group(2));
                assertThat(server.group(2)).isEqualTo(client.group(1));
                c.write("over tls12_cid records\n");
                c.awaitStdout("over tls12_cid records\n", WAIT);
                c.closeStdin();
                assertThat(c.awaitExit(WAIT)).as(c.describe()).isZero();
            }
            assertThat(s.awaitExit(WAIT)).as(s.describe()).isZero();
        }
    }
}
