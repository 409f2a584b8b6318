package io.dtls4j.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this classpath in a fresh JVM, so that what it measures does not inherit
 * this JVM's JIT-compiled code, heap or leftover threads: the same {@code java}, the same classpath,
 * this JVM's flags but agents, debuggers and flight recordings ({@link #passedFlags}). The child's
 * stderr is this JVM's; its stdout is returned, and the lines of it that do not start with
 * {@code @} (results start with it) go to this JVM's stderr too. {@link #runAsChild} is the child's
 * side: one result line, then the JVM ends, within a time limit.
 */
final class ChildJvm {
    /** Flags a child does not get: each would attach a second agent, debugger or recording to it. */
    private static final List<String> NOT_PASSED = List.of("-agentlib", "-agentpath", "-javaagent", "-Xrunjdwp",
            "-Xdebug", "-XX:StartFlightRecording", "-XX:FlightRecorderOptions", "-XX:+FlightRecorder", "-Xlog:jfr");

    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private ChildJvm() {
    }

    /** Of this JVM's flags, the ones a child gets: heap, GC, system properties and the like. */
    static List<String> passedFlags(List<String> flags) {
        return flags.stream().filter(f -> NOT_PASSED.stream().noneMatch(f::startsWith)).toList();
    }

    /** The command line of a child that runs {@code mainClass} with {@code args}. */
    static List<String> command(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> flags = passedFlags(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(flags);
        if (flags.stream().noneMatch(f -> f.startsWith("-D" + SLF4J_VERBOSITY + "="))) {
            command.add("-D" + SLF4J_VERBOSITY + "=ERROR"); // else Scandium's SLF4J warns of no logger in every child
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Runs the child to its end and returns its stdout, line by line.
     *
     * @param what    names the child in messages, e.g. "row echo:dtls4j"
     * @param timeout how long the child may run: then it is killed and this throws
     * @throws IllegalStateException when the child overran {@code timeout} or ended with a status other than 0
     */
    static List<String> run(String what, String mainClass, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        File out = File.createTempFile("dtls4j-bench-child", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command(mainClass, args))
                    .redirectOutput(out)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            // the launcher would add these again: the child gets them from this JVM's flags, filtered
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process child = builder.start();
            Thread killer = new Thread(child::destroyForcibly, "kill " + what);
            Runtime.getRuntime().addShutdownHook(killer); // an interrupted run leaves no child behind
            try {
                if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    child.destroyForcibly();
                    child.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(what + " did not end within " + timeout.toSeconds()
                            + " s: killed its JVM (pid " + child.pid() + "); the run stops here");
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(killer);
            }
            List<String> lines = Files.readAllLines(out.toPath(), Charset.defaultCharset());
            lines.stream().filter(l -> !l.startsWith("@")).forEach(System.err::println);
            if (child.exitValue() != 0) {
                throw new IllegalStateException(what + " failed: its JVM (pid " + child.pid() + ") ended with status "
                        + child.exitValue() + " (its stderr is above); the run stops here");
            }
            return lines;
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    /**
     * The child's side: prints the line {@code result} makes on stdout and ends the JVM (status 0),
     * whatever threads the work left running; on a failure prints it and ends with status 1. A watchdog
     * halts the JVM (status 3) when the work overruns {@code limit}, so the child stops by itself.
     */
    static void runAsChild(String what, Duration limit, Callable<String> result) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println(what + " overran its " + limit.toSeconds() + " s: halting its JVM");
            Runtime.getRuntime().halt(3);
        }, "child-jvm-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int status = 0;
        try {
            System.out.println(result.call());
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }
}
