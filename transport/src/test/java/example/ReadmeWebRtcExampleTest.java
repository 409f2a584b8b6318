package example;

import io.dtls4j.testing.ReadmeExamples;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's WebRTC-style example is this module's {@link WebRtcExample}, which the build compiles;
 * run, it prints the same SRTP keys on both sides.
 */
class ReadmeWebRtcExampleTest {
    private static final Pattern KEYS = Pattern.compile("(client|server) side: SRTP_AES128_CM_HMAC_SHA1_80"
            + " client key ([0-9a-f]{32}) salt ([0-9a-f]{28}), server key ([0-9a-f]{32}) salt ([0-9a-f]{28})");

    @Test
    void theReadmeShowsTheCompiledExample() throws Exception {
        ReadmeExamples.assertReadmeShows("## WebRTC-style DTLS-SRTP", "WebRtcExample");
    }

    @Test
    void bothSidesPrintTheSameSrtpKeys() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            WebRtcExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        original.println(String.join("\n", lines));

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).matches("server offers a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(lines.get(1)).matches("client answers a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        Matcher client = KEYS.matcher(lines.get(2));
        Matcher server = KEYS.matcher(lines.get(3));
        assertThat(client.matches()).as(lines.get(2)).isTrue();
        assertThat(server.matches()).as(lines.get(3)).isTrue();
        assertThat(client.group(1)).isEqualTo("client");
        assertThat(server.group(1)).isEqualTo("server");
        for (int group = 2; group <= 5; group++) {
            assertThat(server.group(group)).isEqualTo(client.group(group));
        }
        // four distinct values: the split into key and salt per side is not a copy of one slice
        assertThat(List.of(client.group(2), client.group(3), client.group(4), client.group(5))).doesNotHaveDuplicates();
    }
}
