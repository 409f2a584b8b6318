package io.dtls4j.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Appends the engine's NSS key log lines ({@code CLIENT_RANDOM <client random> <master secret>},
 * hex) to a file that Wireshark reads to decrypt captures. Each line is flushed at once so that a
 * capture can be decrypted while the session still runs. Thread-safe: a server's engines share it.
 */
public final class KeyLogFile implements Consumer<String>, Closeable {
    /** The variable browsers, curl and OpenSSL-based tools read for the same purpose. */
    public static final String ENVIRONMENT_VARIABLE = "SSLKEYLOGFILE";

    private final Path path;
    private final Writer writer;
    private IOException failure;

    private KeyLogFile(Path path, Writer writer) {
        this.path = path;
        this.writer = writer;
    }

    /**
     * Opens the key log the user asked for: {@code option} when given, else the file named by
     * {@code SSLKEYLOGFILE} in {@code environment}, else none (null).
     */
    public static KeyLogFile open(Path option, Map<String, String> environment) throws CliException {
        Path path = option;
        if (path == null) {
            String variable = environment.get(ENVIRONMENT_VARIABLE);
            if (variable == null || variable.isBlank()) {
                return null;
            }
            path = Path.of(variable);
        }
        try {
            createOwnerOnly(path);
            // append, as other SSLKEYLOGFILE writers do: one file may collect many runs
            Writer writer = Files.newBufferedWriter(path, StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return new KeyLogFile(path, writer);
        } catch (IOException | SecurityException e) {
            throw new CliException(ExitCode.FILE, "cannot write key log: " + Failures.reason(e), e);
        }
    }

    /**
     * A new key log is readable by its owner only (0600): it holds every session's master secret. An
     * existing file keeps the permissions its owner gave it.
     */
    private static void createOwnerOnly(Path path) throws IOException {
        if (Files.exists(path)) {
            return;
        }
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // another writer created it meanwhile: append to it as it is
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the file is created by the append below with its ACL defaults
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void accept(String line) {
        if (failure != null) {
            return;
        }
        try {
            writer.write(line);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            failure = e; // reported on close; a full disk must not break the session itself
        }
    }

    /** Closes the file; reports a write that failed earlier. */
    @Override
    public synchronized void close() throws IOException {
        writer.close();
        if (failure != null) {
            throw new IOException(path + ": key log write failed: " + failure.getMessage(), failure);
        }
    }
}
