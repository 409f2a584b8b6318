package io.dtls4j.cli;

/**
 * Every exit status of the {@code dtls} command, in one place. Scripts can tell the failure kinds
 * apart; the README lists the same table.
 */
public enum ExitCode {
    /** Everything worked. */
    OK(0, "success"),
    /** An unexpected internal error (a bug in dtls4j), or a demo whose data did not come back intact. */
    SOFTWARE(1, "internal error or failed self-check"),
    /** The command line is wrong: unknown option, missing or malformed value (picocli's own code). */
    USAGE(2, "bad command line"),
    /** A file is missing, unreadable or not valid PEM; a key does not match its certificate. */
    FILE(3, "file or credential error"),
    /** A socket problem: port in use, host that does not resolve, network unreachable. */
    NETWORK(4, "network error"),
    /** The peer did not answer: the handshake timed out. */
    TIMEOUT(5, "handshake timeout"),
    /** The handshake failed: the peer sent a fatal alert, or we sent one for a protocol error. */
    HANDSHAKE(6, "handshake failure or alert"),
    /** The peer's certificate (or raw key) was not accepted by our verification. */
    CERTIFICATE(7, "peer certificate not trusted");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** A few words on what the status means, for help texts. */
    public String meaning() {
        return meaning;
    }
}
