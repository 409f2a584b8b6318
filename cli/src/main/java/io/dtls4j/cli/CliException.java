package io.dtls4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A failure the command reports as one line on stderr (and, for a failed handshake, hint lines after it)
 * and a distinct exit status. The message is
 * written for the user: it names the file, address or peer, and what went wrong.
 */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ExitCode exitCode;
    private final transient List<String> hints = new ArrayList<>();

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

    /**
     * Adds a line printed after the message: the most likely cause and what to try. Null or empty
     * text adds nothing.
     *
     * @return this exception
     */
    public CliException withHint(String hint) {
        if (hint != null && !hint.isEmpty()) {
            hints.add(hint);
        }
        return this;
    }

    /** The lines to print after the message, in order. */
    public List<String> hints() {
        return List.copyOf(hints);
    }
}
