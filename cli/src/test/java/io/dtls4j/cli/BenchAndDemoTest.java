package io.dtls4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo and the benchmark, run in this JVM with small settings. */
@Timeout(60)
class BenchAndDemoTest {

    @Test
    void demoPrintsTheNegotiationAndEchoesEveryRecord() {
        InProcess.Outcome outcome = InProcess.run("demo", "--records", "50", "--groups", "P-256",
                "--ciphers", "ECDHE-ECDSA-CHACHA20-POLY1305");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("version        DTLSv1.2")
                .contains("cipher suite   ECDHE-ECDSA-CHACHA20-POLY1305 (TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256)")
                .contains("group          P-256")
                .containsPattern("server         sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2} \\(pinned by the client\\)")
                .containsPattern("handshake      \\d+\\.\\d ms")
                .containsPattern("echo           50 records of 1000 bytes in [0-9.]+ s")
                .contains("ok: every record came back intact");
    }

    @Test
    void demoWithX25519AloneStillUsesItsP256Certificate() {
        // the demo client lists the certificate's curve after --groups (RFC 8422 §5.3); ECDHE stays X25519
        InProcess.Outcome outcome = InProcess.run("demo", "--records", "5", "--groups", "X25519");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("group          X25519").contains("ok: every record came back intact");
    }

    @Test
    void demoWithAnRsaKeyNegotiatesAnRsaSuite() {
        InProcess.Outcome outcome = InProcess.run("demo", "--records", "5", "--key-type", "rsa");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("cipher suite   ECDHE-RSA-");
    }

    @Test
    void benchPrintsATableWithEveryMeasurement() {
        InProcess.Outcome outcome = InProcess.run("bench", "--duration", "200ms", "--warmup", "0");
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("dtls4j bench: ECDHE-ECDSA-AES128-GCM-SHA256 X25519, EC P-256 certificate, 1200-byte records, 200 ms per test")
                .containsPattern("full handshakes +in memory +[1-9]\\d*")
                .containsPattern("1200-byte records +in memory +[1-9]\\d* .* MB/s")
                .containsPattern("full handshakes +UDP loopback +[1-9]\\d*")
                .containsPattern("1200-byte records +UDP loopback +[1-9]\\d* .*% lost\\)")
                // a window of 64 echoed records fits the socket and peer buffers many times over: nothing is lost
                .containsPattern("UDP loopback .*\\(0\\.0% lost\\)");
        // without a terminal the progress bar writes each finished line once
        assertThat(outcome.err()).contains("in memory: handshakes", "UDP loopback: records", "[" + "#".repeat(30) + "] 100%");
    }

    @Test
    void benchTableColumnsLineUp() {
        String table = BenchResult.table(List.of(
                new BenchResult("full handshakes", "in memory", 12, Duration.ofSeconds(2), 0, ""),
                new BenchResult("1200-byte records", "UDP loopback", 1000, Duration.ofMillis(500), 1_200_000, "(0.5% lost)")));
        assertThat(table.split("\\R")).containsExactly(
                "test                 transport          count  seconds   per second  throughput",
                "full handshakes      in memory             12     2.00            6  ",
                "1200-byte records    UDP loopback        1000     0.50         2000  2.4 MB/s (0.5% lost)");
    }

    @Test
    void progressBarShowsTheFractionDone() {
        ProgressBar bar = new ProgressBar(null, false);
        bar.start("task");
        assertThat(bar.line(0.5)).endsWith("[###############...............]  50%");
        assertThat(bar.line(2)).endsWith("[" + "#".repeat(30) + "] 100%");
    }
}
