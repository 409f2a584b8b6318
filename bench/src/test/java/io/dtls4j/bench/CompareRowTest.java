package io.dtls4j.bench;

import io.dtls4j.bench.CompareRow.Crypto;
import io.dtls4j.bench.CompareRow.Impl;
import io.dtls4j.bench.CompareRow.Measurement;
import io.dtls4j.bench.CompareRow.Part;
import io.dtls4j.bench.CompareRow.Settings;
import io.dtls4j.config.NamedGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompareRowTest {
    private static final CompareRow ECHO = CompareRow.of(Part.ECHO, Impl.SCANDIUM);
    private static final CompareRow HANDSHAKES = CompareRow.handshakes(Impl.DTLS4J, NamedGroup.X25519, Crypto.ACCP_BUT_HMAC);

    @Test
    void specsReadBackAsTheRowsTheyName() {
        assertThat(ECHO.toString()).isEqualTo("echo:scandium");
        assertThat(HANDSHAKES.toString()).isEqualTo("handshakes:dtls4j:X25519:accp-but-hmac");
        for (CompareRow row : Compare.plan("memory,echo,handshakes", true)) {
            assertThat(CompareRow.parse(row.toString())).isEqualTo(row);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "echo", "echo:", "echo:wolfssl", "latency:dtls4j", "echo:dtls4j:X25519:jca",
            "handshakes:dtls4j", "handshakes:dtls4j:X25519", "handshakes:dtls4j:P256:jca", "handshakes:dtls4j:X25519:boring",
            "memory:scandium:extra"})
    void whatNamesNoRowIsRefused(String spec) {
        assertThatThrownBy(() -> CompareRow.parse(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResultLineReadsBackAsTheMeasurementItCarries() {
        Measurement m = new Measurement(79_824.123456789, 399_183, 2, "");
        String line = m.line(ECHO);

        assertThat(line).isEqualTo("@compare-row\techo:scandium\t79824.123456789\t399183\t2\t\tNaN\tNaN");
        assertThat(Measurement.parse(List.of("a child's chatter", line, "more chatter"), ECHO)).isEqualTo(m);

        Measurement h = new Measurement(429.3, 0, 0, "ACCP 2.4.1 but HMAC", 4.25, 0.13);
        assertThat(Measurement.parse(List.of(h.line(HANDSHAKES)), HANDSHAKES)).isEqualTo(h);
    }

    @Test
    void noResultLineOrTwoAreRefused() {
        String line = new Measurement(1, 0, 0, "JCA").line(ECHO);

        assertThatThrownBy(() -> Measurement.parse(List.of("Exception in thread main"), ECHO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 result lines");
        assertThatThrownBy(() -> Measurement.parse(List.of(line, line), ECHO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 result lines");
    }

    @Test
    void aResultLineOfAnotherRowOrMalformedIsRefused() {
        String other = new Measurement(1, 0, 0, "").line(CompareRow.of(Part.ECHO, Impl.DTLS4J));

        assertThatThrownBy(() -> Measurement.parse(List.of(other), ECHO)).isInstanceOf(IllegalArgumentException.class);
        for (String bad : List.of("@compare-row\techo:scandium\tfast\t1\t0\t\tNaN\tNaN",
                "@compare-row\techo:scandium\t1.0\t1\t0\t\t0.02", "@compare-row\techo:scandium\t1.0\t1\t0\t\tslow\t0.1",
                "@compare-row\techo:scandium\t1.0\t1\t0\t\t0.02\t0.1\textra")) {
            assertThatThrownBy(() -> Measurement.parse(List.of(bad), ECHO)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theChildGetsTheSettingsItMeasuresWith() {
        assertThat(new Settings(1.5, 5, 200).args())
                .containsExactly("--warmup", "1.5", "--seconds", "5.0", "--sessions", "200");
    }

    @Test
    void aRowsTimeLimitCoversItsTimeGenerously() {
        Settings settings = new Settings(2, 5, 1000);

        assertThat(ECHO.timeLimit(settings)).isEqualTo(Duration.ofSeconds(60 + 21));
        assertThat(CompareRow.of(Part.MEMORY, Impl.DTLS4J).timeLimit(settings)).isEqualTo(Duration.ofSeconds(60 + 220));
    }

    @Test
    void onlyHandshakeRowsHaveAGroupAndProviders() {
        assertThatThrownBy(() -> new CompareRow(Part.ECHO, Impl.DTLS4J, NamedGroup.X25519, Crypto.JCA))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompareRow(Part.ECHO, Impl.DTLS4J, null, Crypto.ACCP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompareRow(Part.HANDSHAKES, Impl.DTLS4J, null, Crypto.JCA))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
