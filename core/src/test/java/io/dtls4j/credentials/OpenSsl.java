package io.dtls4j.credentials;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command in a directory, each process bounded by a timeout. */
final class OpenSsl {
    private static final long TIMEOUT_SECONDS = 60;
    private static Boolean available;

    private OpenSsl() {
    }

    /** The outcome of one run: exit code and the merged stdout and stderr. */
    record Result(int exitCode, String output) {
    }

    /** Skips the calling test, with a message saying why, when there is no openssl command. */
    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), "the 'openssl' command is not on the PATH: skipping the tests "
                + "that check dtls4j against OpenSSL-made files (CI installs openssl)");
    }

    static synchronized boolean available() {
        if (available == null) {
            try {
                Path dir = Files.createTempDirectory("dtls4j-openssl-probe");
                try {
                    available = runAllowingFailure(dir, "version").exitCode() == 0;
                } finally {
                    for (Path p : Files.list(dir).toList()) {
                        Files.delete(p);
                    }
                    Files.delete(dir);
                }
            } catch (IOException e) {
                available = false;
            }
        }
        return available;
    }

    /** Runs openssl and fails the test when it exits with non-zero status. Returns its output. */
    static String run(Path dir, String... args) throws IOException {
        Result result = runAllowingFailure(dir, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " exited with " + result.exitCode()
                    + ":\n" + result.output());
        }
        return result.output();
    }

    /** Runs openssl with stdin closed; a process that outlives the timeout is killed and fails the test. */
    static Result runAllowingFailure(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(Arrays.asList(args));
        Path output = Files.createTempFile(dir, "openssl-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            Files.deleteIfExists(output);
            return new Result(-1, "cannot start openssl: " + e.getMessage());
        }
        process.getOutputStream().close(); // no input: a prompt ends at once instead of waiting
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl " + String.join(" ", args) + " did not finish within "
                        + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for openssl", e);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        return new Result(process.exitValue(), text);
    }
}
