package io.dtls4j.interop;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A command-line TLS peer (openssl, gnutls-serv, gnutls-cli) run for one test: its stdout and
 * stderr are read on a thread into a bounded buffer that tests wait on; {@link #close()} always
 * ends the process (and is meant for try-with-resources).
 */
final class PeerProcess implements AutoCloseable {
    /** Output kept per process; a chatty peer cannot make the test hold more. */
    private static final int MAX_OUTPUT_CHARS = 1 << 20;

    private final String name;
    private final Process process;
    private final Thread reader;
    private final StringBuilder output = new StringBuilder();

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::readOutput, "interop-" + name + "-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code command} in {@code directory}, stderr merged into stdout. */
    static PeerProcess start(List<String> command, Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        return new PeerProcess(command.get(0), builder.start());
    }

    /** Skips the test, saying what to install, when {@code program} is not on the PATH. */
    static void assumeInstalled(String program, String packageName) {
        assumeTrue(onPath(program), program + " is not on the PATH: install " + packageName
                + " (apt-get install -y " + packageName + ") to run this interop test");
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }

    private void readOutput() {
        byte[] buffer = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (output) {
                    if (output.length() < MAX_OUTPUT_CHARS) {
                        output.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended or was destroyed: its output is complete
        } finally {
            synchronized (output) {
                output.notifyAll();
            }
        }
    }

    /**
     * Waits until the output contains {@code text}, at most {@code timeout}.
     *
     * @return true when it appeared; false on timeout or when the process ended without printing it
     */
    boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!reader.isAlive() && !process.isAlive())) {
                    return output.indexOf(text) >= 0;
                }
                TimeUnit.NANOSECONDS.timedWait(output, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        }
    }

    /** Everything the process printed so far. */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Writes a line to the process's stdin. */
    void writeLine(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** Closes the process's stdin (end of input). */
    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed: the same end of input
        }
    }

    /** Waits for the process to exit by itself, at most {@code timeout}; returns its exit code, or null if it still runs. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            reader.join(2000); // the last output may still be in the pipe
            return process.exitValue();
        }
        return null;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A short description for assertion messages: the name and the output so far. */
    String describe() {
        return name + " output:\n" + output();
    }

    /** Ends the process: politely, then forcibly; bounded in time. */
    @Override
    public void close() throws InterruptedException {
        closeStdin();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        }
        reader.join(2000);
    }
}
