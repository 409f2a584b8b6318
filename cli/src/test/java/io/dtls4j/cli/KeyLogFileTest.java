package io.dtls4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyLogFileTest {
    private static final String LINE = "CLIENT_RANDOM " + "ab".repeat(32) + " " + "cd".repeat(48);

    @TempDir
    Path dir;

    @Test
    void writesEachLineAtOnceSoThatItCanBeReadWhileOpen() throws Exception {
        Path file = dir.resolve("keys.log");
        try (KeyLogFile log = KeyLogFile.open(file, Map.of())) {
            log.accept(LINE);
            assertThat(Files.readAllLines(file)).containsExactly(LINE);
        }
    }

    @Test
    void aNewKeyLogIsReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("secret-keys.log");
        try (KeyLogFile log = KeyLogFile.open(file, Map.of())) {
            log.accept(LINE);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anExistingKeyLogKeepsThePermissionsItsOwnerGaveIt() throws Exception {
        Path file = dir.resolve("shared.log");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        try (KeyLogFile log = KeyLogFile.open(file, Map.of())) {
            log.accept(LINE);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void appendsToAnExistingFile() throws Exception {
        Path file = dir.resolve("keys.log");
        Files.writeString(file, "# earlier run\n");
        try (KeyLogFile log = KeyLogFile.open(file, Map.of())) {
            log.accept(LINE);
        }
        assertThat(Files.readAllLines(file)).containsExactly("# earlier run", LINE);
    }

    @Test
    void usesSslKeyLogFileWhenNoOptionIsGiven() throws Exception {
        Path file = dir.resolve("from-env.log");
        try (KeyLogFile log = KeyLogFile.open(null, Map.of("SSLKEYLOGFILE", file.toString()))) {
            assertThat(log.path()).isEqualTo(file);
            log.accept(LINE);
        }
        assertThat(Files.readAllLines(file)).containsExactly(LINE);
    }

    @Test
    void theOptionWinsOverTheEnvironment() throws Exception {
        Path option = dir.resolve("option.log");
        try (KeyLogFile log = KeyLogFile.open(option, Map.of("SSLKEYLOGFILE", dir.resolve("env.log").toString()))) {
            assertThat(log.path()).isEqualTo(option);
        }
        assertThat(dir.resolve("env.log")).doesNotExist();
    }

    @Test
    void noOptionAndNoVariableMeansNoKeyLog() throws Exception {
        assertThat(KeyLogFile.open(null, Map.of())).isNull();
        assertThat(KeyLogFile.open(null, Map.of("SSLKEYLOGFILE", " "))).isNull();
    }

    @Test
    void aFileThatCannotBeCreatedIsAFileFailureNamingIt() {
        Path file = dir.resolve("no-such-dir").resolve("keys.log");
        assertThatThrownBy(() -> KeyLogFile.open(file, Map.of()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FILE))
                .hasMessage("cannot write key log: " + file + ": no such file");
    }
}
