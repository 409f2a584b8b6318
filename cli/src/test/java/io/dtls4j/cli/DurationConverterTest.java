package io.dtls4j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsMillisecondsSecondsAndMinutes() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aBareNumberIsSeconds() {
        assertThat(converter.convert("7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void rejectsOtherForms() {
        for (String bad : new String[] {"", "5h", "-1s", "1.5s", "s", "99999999999s"}) {
            assertThatThrownBy(() -> converter.convert(bad))
                    .as(bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("is not a duration");
        }
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertThat(DurationConverter.format(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(DurationConverter.format(Duration.ofSeconds(2))).isEqualTo("2 s");
        assertThat(DurationConverter.format(Duration.ofMinutes(3))).isEqualTo("3 min");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0 s");
    }
}
