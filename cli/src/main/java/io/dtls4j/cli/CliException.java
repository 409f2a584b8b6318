package io.dtls4j.cli;

/**
 * A failure the command reports as one line on stderr and a distinct exit status. The message is
 * written for the user: it names the file, address or peer, and what went wrong.
 */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ExitCode exitCode;

    public CliException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        if (exitCode == ExitCode.OK) {
            throw new IllegalArgumentException("a failure cannot exit with OK");
        }
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
