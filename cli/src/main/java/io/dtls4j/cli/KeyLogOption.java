package io.dtls4j.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** {@code --keylog FILE}, or the SSLKEYLOGFILE environment variable. */
public final class KeyLogOption {

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Append the session keys in NSS key log format (CLIENT_RANDOM ...) for Wireshark. "
                    + "Without this option the SSLKEYLOGFILE environment variable is honoured.")
    Path keylog;

    /** Opens the key log named by --keylog or SSLKEYLOGFILE, or returns null when neither is set. */
    KeyLogFile open(Map<String, String> environment) throws CliException {
        return KeyLogFile.open(keylog, environment);
    }
}
