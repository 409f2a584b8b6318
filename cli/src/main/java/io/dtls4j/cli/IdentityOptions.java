package io.dtls4j.cli;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.CredentialException;
import io.dtls4j.credentials.KeyStoreFiles;
import io.dtls4j.credentials.PasswordException;
import io.dtls4j.credentials.PemFiles;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code --cert}/{@code --key}/{@code --pass}: our own certificate chain and private key, as PEM
 * files or as one PKCS#12 or Java KeyStore file, and the password of an encrypted key or key store.
 */
public final class IdentityOptions {

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Our certificate chain (PEM, leaf first), or a PKCS#12 (.p12/.pfx) or JKS file "
                    + "holding one private key entry and its chain (with --pass).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Our private key (PEM: PKCS#8, SEC1 or PKCS#1; encrypted with --pass). Default: the --cert file.")
    Path key;

    // a String, not a char[]: picocli keeps what it parsed anyway, and no converter may echo it in an error
    @Option(names = "--pass", paramLabel = "SOURCE",
            description = "Password of an encrypted --key or of a PKCS#12/JKS --cert, as OpenSSL's -passin: "
                    + PasswordSource.FORMS + " (its first line).")
    String pass;

    /** True when the user named a certificate. */
    boolean given() {
        return cert != null;
    }

    /**
     * Reads the certificate and key, checking that they belong together; null when none was named.
     * {@code environment} resolves {@code --pass env:VAR}.
     */
    CertifiedKey load(Map<String, String> environment) throws CliException {
        if (cert == null) {
            if (key != null || pass != null) {
                throw new CliException(ExitCode.USAGE, (key != null ? "--key" : "--pass")
                        + " needs --cert (the certificate of that key)");
            }
            return null;
        }
        char[] password = pass == null ? null : PasswordSource.read("--pass", pass, environment);
        try {
            if (isKeyStore(cert)) {
                if (key != null) {
                    throw new CliException(ExitCode.USAGE, "--key is not used with a PKCS#12 or JKS --cert: "
                            + "the key is in " + cert);
                }
                // without --pass try the empty password, which openssl pkcs12 -export -passout pass: writes
                return KeyStoreFiles.readCertifiedKey(cert, password != null ? password : new char[0]);
            }
            return PemFiles.readCertifiedKey(cert, key != null ? key : cert, password);
        } catch (PasswordException e) {
            String advice = password == null
                    ? "give its password with --pass (" + PasswordSource.FORMS + ")"
                    : "check --pass";
            throw new CliException(ExitCode.FILE, e.getMessage() + ": " + advice, e);
        } catch (CredentialException e) {
            throw new CliException(ExitCode.FILE, e.getMessage(), e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /**
     * True when {@code file} is not PEM but a binary key store: a PKCS#12 file starts with a DER
     * SEQUENCE (RFC 7292 §4), a JKS or JCEKS file with its magic number, while PEM is text.
     */
    private static boolean isKeyStore(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            // let the PEM reader report it, in the same words as for --key
            return false;
        }
        if (head.length == 0) {
            return false;
        }
        int first = head[0] & 0xff;
        return first == 0x30 || first == 0xFE || first == 0xCE;
    }
}
