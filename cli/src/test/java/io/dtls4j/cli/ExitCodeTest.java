package io.dtls4j.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExitCodeTest {

    @Test
    void everyKindOfFailureHasItsOwnStatus() {
        assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code)).doesNotHaveDuplicates();
        assertThat(ExitCode.OK.code()).isZero();
        assertThat(ExitCode.USAGE.code()).isEqualTo(picocli.CommandLine.ExitCode.USAGE);
    }

    @Test
    void theHelpFooterListsEveryStatus() {
        String help = Main.commandLine().getUsageMessage();
        for (ExitCode code : ExitCode.values()) {
            assertThat(help).contains("  " + code.code() + "  " + code.meaning());
        }
    }

    @Test
    void aFailureCannotClaimSuccess() {
        assertThatThrownBy(() -> new CliException(ExitCode.OK, "fine")).isInstanceOf(IllegalArgumentException.class);
    }
}
