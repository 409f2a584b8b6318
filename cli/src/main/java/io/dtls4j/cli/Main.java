package io.dtls4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.time.Duration;

/** Entry point of the {@code dtls} command (the runnable jar's Main-Class). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        configureLogging(java.util.Arrays.asList(args).contains("--debug"));
        System.exit(commandLine().execute(args));
    }

    /**
     * The library logs through SLF4J, bound here to slf4j-simple on stderr. The command prints its own
     * one-line summaries and failures, so the library's log shows only with --debug (every level
     * down to debug: handshake steps and dropped records). A -D setting the user gave wins.
     */
    static void configureLogging(boolean debug) {
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "off");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        System.getProperties().putIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    }

    /**
     * The configured command line: subcommands, converters, and the failure handling that turns an
     * exception into one line on stderr and an {@link ExitCode}.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DtlsCommand());
        cl.registerConverter(Duration.class, new DurationConverter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Main::onFailure);
        cl.setParameterExceptionHandler(Main::onBadCommandLine);
        cl.getCommandSpec().usageMessage().footer(exitCodeTable());
        return cl;
    }

    private static int onFailure(Exception ex, CommandLine cl, ParseResult parsed) {
        CliException failure = Failures.classify(ex, null);
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + failure.getMessage());
        for (String hint : failure.hints()) {
            err.println(cl.getCommandSpec().qualifiedName() + ": " + hint);
        }
        if (debug(parsed)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return failure.exitCode().code();
    }

    private static int onBadCommandLine(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        err.println(name + ": " + ex.getMessage());
        err.println("Try '" + name + " --help' for more information.");
        if (debug(cl.getParseResult())) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** True when --debug appears at any level of the command line. */
    static boolean debug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The exit status table, for the help footer. */
    static String exitCodeTable() {
        StringBuilder sb = new StringBuilder("%nExit status:%n");
        for (ExitCode code : ExitCode.values()) {
            sb.append("  ").append(code.code()).append("  ").append(code.meaning()).append("%n");
        }
        return sb.toString();
    }
}
