package io.dtls4j.cli;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.CredentialException;
import io.dtls4j.credentials.PemFiles;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --cert}/{@code --key}: our own certificate chain and private key, as PEM files. */
public final class IdentityOptions {

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Our certificate chain (PEM), leaf first.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Our private key (PEM: PKCS#8, SEC1 or PKCS#1, unencrypted). Default: the --cert file.")
    Path key;

    /** True when the user named a certificate. */
    boolean given() {
        return cert != null;
    }

    /** Reads the certificate and key, checking that they belong together; null when none was named. */
    CertifiedKey load() throws CliException {
        if (cert == null) {
            if (key != null) {
                throw new CliException(ExitCode.USAGE, "--key needs --cert (the certificate of that key)");
            }
            return null;
        }
        try {
            return PemFiles.readCertifiedKey(cert, key != null ? key : cert, null);
        } catch (CredentialException e) {
            throw new CliException(ExitCode.FILE, e.getMessage(), e);
        }
    }
}
