package io.dtls4j.cli;

import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.CredentialException;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.PemFiles;
import io.dtls4j.credentials.SelfSignedCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dtls keygen}: a key pair and a self-signed certificate as two PEM files; prints the
 * certificate's SHA-256 fingerprint on stdout, ready for {@code dtls client --fingerprint}.
 */
@Command(name = "keygen", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Generate a private key and a self-signed certificate as PEM files.",
                "Prints the certificate's SHA-256 fingerprint on stdout (for --fingerprint); the key file is made owner-only."
        })
public final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cert", paramLabel = "FILE", defaultValue = "cert.pem",
            description = "Certificate file to write. Default: ${DEFAULT-VALUE}.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "key.pem",
            description = "Private key file to write (PKCS#8). Default: ${DEFAULT-VALUE}.")
    Path key;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = KeyTypes.class, defaultValue = "ec",
            description = "Key type: " + KeyTypes.NAMES + ". Default: ${DEFAULT-VALUE} (ECDSA P-256).")
    KeyAlgorithm keyType;

    @Option(names = "--cn", paramLabel = "NAME", defaultValue = "localhost",
            description = "Common name of the certificate. Default: ${DEFAULT-VALUE}.")
    String commonName;

    @Option(names = "--san", paramLabel = "NAME", split = ",",
            description = "Subject alternative names: DNS names or IP addresses, comma-separated or repeated. "
                    + "Default: localhost,127.0.0.1,::1.")
    List<String> subjectAltNames;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "Validity in days. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--force", description = "Replace files that already exist.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (days < 1) {
            throw new CliException(ExitCode.USAGE, "--days must be at least 1");
        }
        if (cert.toAbsolutePath().normalize().equals(key.toAbsolutePath().normalize())) {
            throw new CliException(ExitCode.USAGE, "--cert and --key must name different files");
        }
        if (!force) {
            for (Path p : List.of(cert, key)) {
                if (Files.exists(p)) {
                    throw new CliException(ExitCode.FILE, p + ": already exists (use --force to replace it)");
                }
            }
        }
        List<String> names = subjectAltNames != null ? subjectAltNames : GeneratedIdentity.LOCAL_NAMES;
        CertifiedKey generated;
        try {
            generated = SelfSignedCertificate.generate(keyType, commonName, new ArrayList<>(names),
                    Duration.ofDays(days), new SecureRandom(), System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
        try {
            PemFiles.writeCertifiedKey(cert, key, generated);
        } catch (CredentialException e) {
            throw new CliException(ExitCode.FILE, e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("wrote " + cert + " and " + key + ": " + KeyTypes.displayName(keyType) + ", CN=" + commonName
                + ", " + String.join(" ", names) + ", valid " + days + " days");
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(CertificateFingerprint.sha256(generated.leaf()).toSdp());
        out.flush();
        return ExitCode.OK.code();
    }
}
