package io.dtls4j.cli;

import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.PemIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dtls server} resumes sessions by default, from its cache or its tickets, and not with
 * {@code --no-session-cache --no-tickets}; checked
 * with {@code dtls client --reconnect} in another process, both sides printing New or Reused.
 */
@Timeout(120)
class ResumptionIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theServerResumesByDefaultAndBothSidesSaySo() throws Exception {
        String[] sides = reconnect();
        assertThat(count(sides[0], "connected to 127.0.0.1:\\d+: DTLSv1\\.2 .*, New session, handshake")).as(sides[0]).isEqualTo(1);
        assertThat(count(sides[0], "connected to 127.0.0.1:\\d+: DTLSv1\\.2 .*, Reused session, handshake")).as(sides[0]).isEqualTo(5);
        assertThat(count(sides[1], "127.0.0.1:\\d+: connected, DTLSv1\\.2 .*, Reused session")).as(sides[1]).isEqualTo(5);
    }

    @Test
    void withoutSessionCacheTheTicketsResume() throws Exception {
        String[] sides = reconnect("--no-session-cache");
        assertThat(count(sides[0], ", Reused session, handshake")).as(sides[0]).isEqualTo(5);
    }

    @Test
    void withoutTicketsTheSessionCacheResumes() throws Exception {
        String[] sides = reconnect("--no-tickets");
        assertThat(count(sides[0], ", Reused session, handshake")).as(sides[0]).isEqualTo(5);
    }

    @Test
    void withoutSessionCacheAndTicketsEveryConnectionIsNew() throws Exception {
        String[] sides = reconnect("--no-session-cache", "--no-tickets");
        assertThat(count(sides[0], ", New session, handshake")).as(sides[0]).isEqualTo(6);
        assertThat(sides[0]).doesNotContain("Reused");
        assertThat(sides[1]).doesNotContain("Reused");
    }

    /** The client's and the server's stderr after a {@code --reconnect} run (six sessions). */
    private String[] reconnect(String... serverOptions) throws Exception {
        PemIdentity server = TestCredentials.writePem(dir, "server", KeyAlgorithm.EC_P256);
        List<String> args = new ArrayList<>(List.of("server", "--port", "0", "--naccept", "6",
                "--echo", "--cert", server.cert().toString(), "--key", server.keyFile().toString()));
        args.addAll(List.of(serverOptions));
        try (ExternalProcess s = ExternalProcess.dtls(args.toArray(String[]::new))) {
            String port = s.awaitStderrMatch("listening on 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1);
            try (ExternalProcess c = ExternalProcess.dtls("client", "127.0.0.1:" + port, "--fingerprint", server.fingerprint(),
                    "--reconnect", "--linger", "0ms")) {
                c.closeStdin();
                assertThat(c.awaitExit(WAIT)).as(c.describe()).isZero();
                assertThat(s.awaitExit(WAIT)).as(s.describe()).isZero();
                return new String[] {c.stderr(), s.stderr()};
            }
        }
    }

    /** How many times {@code regex} matches in {@code text}. */
    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
