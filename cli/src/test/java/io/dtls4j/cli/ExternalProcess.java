package io.dtls4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process for tests: its stdout and stderr are collected as they come, its stdin stays
 * open for writing, every wait is bounded, and {@link #close()} kills what is still running.
 */
final class ExternalProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Output out = new Output();
    private final Output err = new Output();

    private ExternalProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        drain(process.getInputStream(), out, name + "-stdout");
        drain(process.getErrorStream(), err, name + "-stderr");
    }

    /** Starts {@code command} in {@code workDir} with {@code extraEnv} added to this JVM's environment. */
    static ExternalProcess start(List<String> command, Path workDir, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().remove("SSLKEYLOGFILE"); // tests decide about key logs themselves
        pb.environment().putAll(extraEnv);
        return new ExternalProcess(String.join(" ", command.subList(0, Math.min(3, command.size()))), pb.start());
    }

    /** The {@code dtls} command from the runnable jar the build just made. */
    static ExternalProcess dtls(Path workDir, Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-jar", cliJar().toString()));
        command.addAll(List.of(args));
        return start(command, workDir, extraEnv);
    }

    static ExternalProcess dtls(String... args) throws IOException {
        return dtls(null, Map.of(), args);
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The shaded jar; failsafe passes its path. */
    static Path cliJar() {
        String jar = System.getProperty("dtls4j.cli.jar");
        if (jar == null) {
            throw new IllegalStateException("system property dtls4j.cli.jar is not set: run through mvn verify");
        }
        return Path.of(jar);
    }

    /** Writes to the process's stdin and flushes. */
    void write(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes the process's stdin: it reads end of file. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    String stdout() {
        return out.text();
    }

    String stderr() {
        return err.text();
    }

    /** Waits until stdout contains {@code text}; fails the test after {@code timeout}. */
    void awaitStdout(String text, Duration timeout) throws InterruptedException {
        out.await(Pattern.compile(Pattern.quote(text)), timeout, this);
    }

    /** Waits until stderr contains {@code text}. */
    void awaitStderr(String text, Duration timeout) throws InterruptedException {
        err.await(Pattern.compile(Pattern.quote(text)), timeout, this);
    }

    /** Waits until stderr matches {@code regex}; returns the match. */
    Matcher awaitStderrMatch(String regex, Duration timeout) throws InterruptedException {
        return err.await(Pattern.compile(regex), timeout, this);
    }

    /** Waits until stdout matches {@code regex}; returns the match. */
    Matcher awaitStdoutMatch(String regex, Duration timeout) throws InterruptedException {
        return out.await(Pattern.compile(regex), timeout, this);
    }

    /** Waits for the process to exit and returns its status; kills it and fails after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within " + timeout + describe());
        }
        // let the drain threads take the last bytes
        out.awaitClosed(Duration.ofSeconds(5));
        err.awaitClosed(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** Asks the process to stop (SIGTERM), as Ctrl-C or a service manager would. */
    void terminate() {
        process.destroy();
    }

    String describe() {
        return "\n--- stdout of " + name + " ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
    }

    @Override
    public void close() {
        // children first (a shell's background jobs), so that none outlives a failed test
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void drain(InputStream in, Output sink, String threadName) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    sink.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process is gone: what was read is kept
            } finally {
                sink.close();
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }

    /** Text collected from one stream, with waits for what it should come to contain. */
    private static final class Output {
        private final StringBuilder text = new StringBuilder();
        private boolean closed;

        synchronized void append(String s) {
            text.append(s);
            notifyAll();
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized Matcher await(Pattern pattern, Duration timeout, ExternalProcess owner) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Matcher m = pattern.matcher(text.toString());
                if (m.find()) {
                    return m;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new AssertionError("expected /" + pattern + "/ within " + timeout
                            + (closed ? " (stream ended)" : "") + owner.describe());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized void awaitClosed(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
