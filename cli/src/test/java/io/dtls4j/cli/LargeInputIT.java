package io.dtls4j.cli;

import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.PemIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input far larger than one record: {@code dtls client} splits it into records that fit, and every
 * byte comes back from {@code dtls server --echo} on loopback; the client's closing line says how
 * many records and bytes went each way.
 */
@Timeout(120)
class LargeInputIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** 266 KiB of numbered lines: a lost or reordered record shows in the comparison. */
    private static String input() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 266 * 1024; i++) {
            b.append(String.format("line %06d of the large input, echoed by the server%n", i));
        }
        b.setLength(266 * 1024);
        return b.toString();
    }

    @Test
    void everyByteOf266KiBPipedIntoTheClientComesBack() throws Exception {
        PemIdentity server = TestCredentials.writePem(dir, "server", KeyAlgorithm.EC_P256);
        String input = input();
        int bytes = input.getBytes(StandardCharsets.UTF_8).length;
        try (ExternalProcess s = ExternalProcess.dtls("server", "--port", "0", "--echo", "--naccept", "1",
                "--cert", server.cert().toString(), "--key", server.keyFile().toString())) {
            String port = s.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1);
            try (ExternalProcess c = ExternalProcess.dtls("client", "127.0.0.1:" + port,
                    "--fingerprint", server.fingerprint())) {
                c.awaitStderr("connected to 127.0.0.1:" + port, WAIT);
                c.write(input);
                c.closeStdin();
                assertThat(c.awaitExit(WAIT)).as(c.describe()).isZero();
                assertThat(c.stdout().length()).as(c.describe()).isEqualTo(bytes);
                assertThat(c.stdout()).isEqualTo(input);
                Matcher m = c.awaitStderrMatch("sent (\\d+) records, (\\d+) bytes; received (\\d+) records, (\\d+) bytes", WAIT);
                assertThat(Long.parseLong(m.group(2))).isEqualTo(bytes);
                assertThat(Long.parseLong(m.group(4))).isEqualTo(bytes);
                assertThat(Long.parseLong(m.group(1))).isGreaterThan(bytes / 16_384);
                assertThat(m.group(3)).isEqualTo(m.group(1));
            }
            assertThat(s.awaitExit(WAIT)).as(s.describe()).isZero();
        }
    }
}
