package io.dtls4j.cli;

import io.dtls4j.testing.LoopbackPorts;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's commands work as written: every {@code sh} block runs with bash in a scratch
 * directory (with {@code ./dtls} there running the jar the build made), the Java example compiles
 * and runs, and the reference lists every option and exit status. Its first two lines, the demo
 * and the test suite, are what {@code .ci/run} runs.
 */
@Timeout(300)
class ReadmeIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```$");
    private static final Pattern ECHOED = Pattern.compile("echo \"([^\"]+)\" \\|");

    @TempDir
    Path scratch;

    static Path repo() {
        String dir = System.getProperty("dtls4j.repo.dir");
        if (dir == null) {
            throw new IllegalStateException("system property dtls4j.repo.dir is not set: run through mvn verify");
        }
        return Path.of(dir);
    }

    static String readme() throws IOException {
        return Files.readString(repo().resolve("README.md"));
    }

    /** The fenced blocks of the README with the given info string. */
    static List<String> blocks(String language) throws IOException {
        List<String> found = new ArrayList<>();
        Matcher m = FENCE.matcher(readme());
        while (m.find()) {
            if (m.group(1).equals(language)) {
                found.add(m.group(2));
            }
        }
        return found;
    }

    @Test
    void startsWithTheTwoCommandsThatCiRuns() throws IOException {
        List<String> lines = readme().lines().limit(2).toList();
        assertThat(lines).containsExactly(
                "./dtls demo          # server + client on loopback with generated keys",
                "mvn -B -ntp verify   # the whole test suite (CI runs exactly this: .ci/run)");
        assertThat(Files.readString(repo().resolve(".ci/run")))
                .containsPattern("(?m)^mvn -B -ntp verify$")
                .containsPattern("(?m)^\\s*\\./dtls demo$");
    }

    @TestFactory
    Stream<DynamicTest> everyShellBlockRuns() throws IOException {
        List<String> scripts = blocks("sh");
        assertThat(scripts).isNotEmpty();
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.lines().findFirst().orElse(""),
                () -> runShellBlock(script)));
    }

    /**
     * The README's blocks are run one after the other in one directory by people following it: every
     * keygen line there must replace the files an earlier block (or an earlier run) wrote.
     */
    @Test
    void everyKeygenLineRunsASecondTimeInTheSameDirectory() throws Exception {
        List<String> keygens = new ArrayList<>();
        for (String script : blocks("sh")) {
            script.lines().filter(line -> line.startsWith("./dtls keygen")).forEach(keygens::add);
        }
        assertThat(keygens).as("keygen lines of the README").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line).contains(" --force "));
        Path dir = Files.createTempDirectory(scratch, "keygen-twice");
        String script = String.join("\n", keygens) + "\n";
        runIn(dir, script + script);
        assertThat(dir.resolve("server.pem")).exists();
    }

    private void runIn(Path dir, String script) throws Exception {
        Path shim = dir.resolve("dtls");
        Files.writeString(shim, "#!/bin/sh\nexec '" + ExternalProcess.javaExecutable() + "' -jar '" + ExternalProcess.cliJar()
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ExternalProcess bash = ExternalProcess.start(List.of("bash", "-euo", "pipefail", "-c", script), dir, Map.of())) {
            assertThat(bash.awaitExit(WAIT)).as(script + bash.describe()).isZero();
        }
    }

    private void runShellBlock(String script) throws Exception {
        Path dir = Files.createTempDirectory(scratch, "block");
        Path shim = dir.resolve("dtls");
        Files.writeString(shim, "#!/bin/sh\nexec '" + ExternalProcess.javaExecutable() + "' -jar '" + ExternalProcess.cliJar()
                + "' \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the README's port, replaced by one that is free now
        String runnable = script.replace("4433", String.valueOf(LoopbackPorts.freeUdpPort()));
        try (ExternalProcess bash = ExternalProcess.start(List.of("bash", "-euo", "pipefail", "-c", runnable), dir, Map.of())) {
            assertThat(bash.awaitExit(WAIT)).as(script + bash.describe()).isZero();
            Matcher echoed = ECHOED.matcher(script);
            while (echoed.find()) {
                assertThat(bash.stdout()).as("the echo of '" + echoed.group(1) + "'" + bash.describe()).contains(echoed.group(1));
            }
        }
    }

    @Test
    void theJavaExampleRunsAsWritten() throws Exception {
        String stdout = runJavaBlock("Example");
        assertThat(stdout).containsPattern("negotiated TLS_ECDHE_ECDSA_WITH_\\w+ with \\w+")
                .contains("echoed: hello, dtls4j");
    }

    @Test
    void theWebRtcExampleRunsAsWrittenAndBothSidesPrintTheSameKeys() throws Exception {
        String stdout = runJavaBlock("WebRtcExample");
        List<String> keys = stdout.lines().filter(line -> line.matches("(client|server) side: .*")).toList();
        assertThat(keys).as(stdout).hasSize(2);
        assertThat(keys.get(0)).startsWith("client side: SRTP_AES128_CM_HMAC_SHA1_80 client key ");
        assertThat(keys.get(1)).isEqualTo(keys.get(0).replaceFirst("^client", "server"));
    }

    @Test
    void theCoapPskExampleRunsAsWritten() throws Exception {
        String stdout = runJavaBlock("CoapPskExample");
        assertThat(stdout).contains("negotiated TLS_PSK_WITH_AES_128_CCM_8 as sensor-42")
                .contains("response 2.05: 21.5 C");
    }

    /** Runs the README's Java block that declares {@code public class NAME} with the runnable jar, and returns its stdout. */
    private String runJavaBlock(String className) throws Exception {
        List<String> java = blocks("java").stream().filter(b -> b.contains("public class " + className + " ")).toList();
        assertThat(java).as("README java blocks declaring " + className).hasSize(1);
        Path source = scratch.resolve(className + ".java");
        Files.writeString(source, java.get(0));
        try (ExternalProcess example = ExternalProcess.start(List.of(ExternalProcess.javaExecutable(),
                "-cp", ExternalProcess.cliJar().toString(), source.toString()), scratch, Map.of())) {
            assertThat(example.awaitExit(WAIT)).as(example.describe()).isZero();
            return example.stdout();
        }
    }

    @Test
    void listsEveryExitStatus() throws IOException {
        String readme = readme();
        for (ExitCode code : ExitCode.values()) {
            assertThat(readme).contains("| " + code.code() + " | " + code.meaning() + " |");
        }
    }

    @Test
    void describesEveryOptionOfEveryCommand() throws IOException {
        String readme = readme();
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                assertThat(readme).as("dtls " + sub.getCommandName() + " " + option.longestName())
                        .contains("`" + option.longestName());
            }
        }
    }
}
