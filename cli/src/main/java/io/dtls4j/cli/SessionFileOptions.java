package io.dtls4j.cli;

import io.dtls4j.transport.SavedSession;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The client's resumption options, with {@code openssl s_client}'s habits: {@code --session-in FILE}
 * offers a saved session, {@code --session-out FILE} saves the one made (or resumed), and
 * {@code --reconnect} connects five more times offering the first connection's session.
 */
public final class SessionFileOptions {
    /** Connections after the first with {@code --reconnect}, as {@code s_client -reconnect} makes. */
    static final int RECONNECTS = 5;

    @Option(names = "--session-in", paramLabel = "FILE",
            description = "Offer to resume the session saved in FILE by --session-out (like openssl s_client -sess_in). "
                    + "It is offered only to the port and server name it was made with; elsewhere, or when the server "
                    + "has forgotten it, the handshake is a full one.")
    Path sessionIn;

    @Option(names = "--session-out", paramLabel = "FILE",
            description = "Save the session for --session-in after the handshake (like openssl s_client -sess_out). "
                    + "The file holds the session's master secret: it is created readable by its owner only.")
    Path sessionOut;

    @Option(names = "--reconnect",
            description = "Close the first connection at once and reconnect " + RECONNECTS + " times offering its session, "
                    + "printing New or Reused for each (like openssl s_client -reconnect); the last connection then "
                    + "carries stdin and stdout.")
    boolean reconnect;

    /** The session of {@code --session-in}, or null without it. */
    SavedSession load() throws CliException {
        return sessionIn == null ? null : SessionFile.read(sessionIn);
    }

    /** Connections to make: one, or one and {@link #RECONNECTS} more. */
    int connections() {
        return reconnect ? 1 + RECONNECTS : 1;
    }
}
