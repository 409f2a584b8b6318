package io.dtls4j.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Bounded reading and private writing of credential files, with errors that name the file. */
final class CredentialFiles {
    /** Far above any real key, certificate chain or CA bundle (the Mozilla bundle is about 250 KB). */
    static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

    private CredentialFiles() {
    }

    static byte[] read(Path file) throws CredentialException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new CredentialException(source, "is a directory, not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(MAX_FILE_BYTES + 1);
            if (data.length > MAX_FILE_BYTES) {
                throw new CredentialException(source, "file is larger than " + MAX_FILE_BYTES
                        + " bytes: not a credential file");
            }
            if (data.length == 0) {
                throw new CredentialException(source, "file is empty");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new CredentialException(source, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new CredentialException(source, "permission denied", e);
        } catch (CredentialException e) {
            throw e;
        } catch (IOException e) {
            throw new CredentialException(source, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes a file readable by everyone (certificates, public keys). */
    static void writePublic(Path file, byte[] data) throws CredentialException {
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new CredentialException(file.toString(), "cannot be written: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a file that only its owner may read (private keys). On POSIX file systems the file is
     * created with mode 0600 before any byte is written; an existing file is truncated and its
     * permissions are narrowed to 0600 first.
     */
    static void writePrivate(Path file, byte[] data) throws CredentialException {
        Set<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try {
            boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
            if (posix) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(file, ownerOnly);
                } else {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
                }
            }
            Files.write(file, data, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CredentialException(file.toString(), "cannot be written: " + e.getMessage(), e);
        }
    }
}
