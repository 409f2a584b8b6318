package io.dtls4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ./dtls} launcher at the repository root runs the jar the build just made. */
@Timeout(120)
class LauncherIT {

    @Test
    void launcherRunsTheBuiltJar() throws Exception {
        // the jar is newer than every source here, so the launcher runs it without building
        try (ExternalProcess dtls = ExternalProcess.start(List.of(ReadmeIT.repo().resolve("dtls").toString(), "--version"),
                ReadmeIT.repo(), Map.of())) {
            assertThat(dtls.awaitExit(Duration.ofSeconds(60))).as(dtls.describe()).isZero();
            assertThat(dtls.stdout()).isEqualTo("dtls4j 0.1.0-SNAPSHOT\n");
            assertThat(dtls.stderr()).isEmpty();
        }
    }
}
