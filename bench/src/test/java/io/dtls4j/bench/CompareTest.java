package io.dtls4j.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareTest {
    @Test
    void thePlanHasEveryRowOfTheNamedPartsOnceDtls4jBeforeItsRival() {
        assertThat(Compare.plan("handshakes,memory,echo", false)).map(CompareRow::toString).containsExactly(
                "memory:dtls4j", "memory:scandium",
                "echo:udp", "echo:dtls4j", "echo:dtls4j-1loop", "echo:scandium", "echo:bc",
                "handshakes:dtls4j:SECP256R1:jca", "handshakes:scandium:SECP256R1:jca",
                "handshakes:dtls4j:X25519:jca", "handshakes:scandium:X25519:jca");
    }

    @Test
    void withAccpTheHandshakesRunTwiceMoreScandiumNotWithAccpsHmac() {
        assertThat(Compare.plan("handshakes", true)).map(CompareRow::toString).containsExactly(
                "handshakes:dtls4j:SECP256R1:jca", "handshakes:scandium:SECP256R1:jca",
                "handshakes:dtls4j:X25519:jca", "handshakes:scandium:X25519:jca",
                "handshakes:dtls4j:SECP256R1:accp-but-hmac", "handshakes:scandium:SECP256R1:accp-but-hmac",
                "handshakes:dtls4j:X25519:accp-but-hmac", "handshakes:scandium:X25519:accp-but-hmac",
                "handshakes:dtls4j:SECP256R1:accp", "handshakes:dtls4j:X25519:accp");
    }

    @Test
    void theRatiosByRoundPairTheRowsRoundByRound() {
        List<CompareRow.Measurement> ours = List.of(new CompareRow.Measurement(90, 0, 0, ""), new CompareRow.Measurement(60, 0, 0, ""),
                new CompareRow.Measurement(100, 0, 0, ""));
        List<CompareRow.Measurement> theirs = List.of(new CompareRow.Measurement(60, 0, 0, ""), new CompareRow.Measurement(80, 0, 0, ""),
                new CompareRow.Measurement(80, 0, 0, ""));

        assertThat(Compare.byRound(ours, theirs)).isEqualTo("1.50x 0.75x 1.25x");
    }

    @Test
    void anUnknownPartIsRefused() {
        assertThatThrownBy(() -> Compare.plan("echo,latency", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency");
    }

    @Test
    void childrenGetTheFlagsButAgentsDebuggersAndRecordings() {
        assertThat(ChildJvm.passedFlags(List.of("-Xmx2g", "-XX:+UseParallelGC", "-javaagent:/tmp/a.jar",
                "-agentlib:jdwp=transport=dt_socket", "-agentpath:/x/libasync.so", "-XX:StartFlightRecording=duration=30s",
                "-XX:FlightRecorderOptions=stackdepth=128", "-Dfoo=bar", "-Xlog:jfr=info")))
                .containsExactly("-Xmx2g", "-XX:+UseParallelGC", "-Dfoo=bar");
    }

    @Test
    void aChildRunsThisJavaWithThisClasspath() {
        List<String> command = ChildJvm.command("io.dtls4j.bench.Compare", List.of("--row", "echo:udp"));

        assertThat(command.get(0)).startsWith(System.getProperty("java.home")).endsWith("java");
        assertThat(command).containsSubsequence("-cp", System.getProperty("java.class.path"), "io.dtls4j.bench.Compare",
                "--row", "echo:udp");
    }
}
