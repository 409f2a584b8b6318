package io.dtls4j.cli;

import io.dtls4j.session.SessionFormatException;
import io.dtls4j.transport.SavedSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The file of {@code dtls client --session-out} and {@code --session-in}: one saved session
 * ({@link SavedSession#toBytes()}) in base64 between {@code -----BEGIN DTLS4J SESSION-----} and
 * {@code -----END DTLS4J SESSION-----}, the way {@code openssl s_client -sess_out} writes its session
 * in PEM. It holds the master secret: the file is created readable by its owner only (0600).
 */
final class SessionFile {
    static final String BEGIN = "-----BEGIN DTLS4J SESSION-----";
    static final String END = "-----END DTLS4J SESSION-----";
    /** The longest file read: base64 of the largest saved session, with line breaks and the two markers. */
    private static final long MAX_FILE_SIZE = (SavedSession.MAX_ENCODED_LENGTH / 3 + 1) * 4L * 65 / 64 + 256;

    private SessionFile() {
    }

    /**
     * Reads the session {@link #write} wrote.
     *
     * @throws CliException FILE, naming the file, when it cannot be read or holds no session this version reads
     */
    static SavedSession read(Path path) throws CliException {
        try {
            if (Files.isDirectory(path)) {
                throw new CliException(ExitCode.FILE, path + ": is a directory, not a session file");
            }
            long size = Files.size(path);
            if (size > MAX_FILE_SIZE) {
                throw corrupt(path, "larger than any saved session (" + size + " bytes)");
            }
            String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
            if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
                throw corrupt(path, "no " + BEGIN + " ... " + END + " block");
            }
            byte[] bytes = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
            return SavedSession.fromBytes(bytes);
        } catch (SessionFormatException e) {
            throw corrupt(path, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw corrupt(path, "bad base64");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw corrupt(path, "not text");
        } catch (IOException | SecurityException e) {
            throw new CliException(ExitCode.FILE, "cannot read session: " + Failures.reason(e), e);
        }
    }

    private static CliException corrupt(Path path, String why) {
        return new CliException(ExitCode.FILE, path + ": not a dtls4j session file: " + why);
    }

    /**
     * Writes {@code session} to {@code path}, replacing what was there. The file is written under
     * another name in the same directory, created 0600, then moved over {@code path}: the secret is
     * never in a file others may read, and a reader never sees half a file.
     */
    static void write(Path path, SavedSession session) throws CliException {
        String text = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(session.toBytes())
                + "\n" + END + "\n";
        Path absolute = path.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = createOwnerOnly(absolute.getParent(), absolute.getFileName().toString());
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException | SecurityException e) {
            throw new CliException(ExitCode.FILE, "cannot write session: " + Failures.reason(e), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a stray temporary file is all that is left; the error above says what failed
                }
            }
        }
    }

    /** A new empty file beside the target, readable by its owner only where the file system has POSIX permissions. */
    private static Path createOwnerOnly(Path dir, String name) throws IOException {
        try {
            return Files.createTempFile(dir, "." + name + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the file gets its directory's ACL defaults
            return Files.createTempFile(dir, "." + name + ".", ".tmp");
        }
    }
}
