package io.dtls4j.cli;

import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CredentialException;
import io.dtls4j.credentials.PemFiles;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.credentials.PeerVerifier;
import io.dtls4j.credentials.PeerVerifiers;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --ca-file} and {@code --fingerprint}: whom we trust as a peer. When both are given, a peer
 * passes if either accepts it.
 */
public final class TrustOptions {

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "Trust peers whose chain leads to a certificate in this PEM file (a self-signed peer "
                    + "certificate may be listed itself).")
    Path caFile;

    @Option(names = "--fingerprint", paramLabel = "FP",
            description = "Trust the peer whose certificate has this fingerprint, written as SDP does "
                    + "('a=fingerprint:sha-256 AB:CD:...' or 'sha-256 AB:CD:...', as dtls prints it; sha-1, "
                    + "sha-256, sha-384 or sha-512) or as bare hex. Repeatable; with mixed hash functions only "
                    + "the strongest are compared (RFC 8122 section 5.1).")
    List<String> fingerprints = new ArrayList<>();

    /** True when the user named any trust. */
    boolean given() {
        return caFile != null || !fingerprints.isEmpty();
    }

    /** The verifier for what the user named, or null when nothing was named. */
    PeerVerifier verifier() throws CliException {
        List<PeerVerifier> verifiers = new ArrayList<>();
        if (caFile != null) {
            List<X509Certificate> anchors;
            try {
                anchors = PemFiles.readCertificates(caFile);
            } catch (CredentialException e) {
                throw new CliException(ExitCode.FILE, e.getMessage(), e);
            }
            verifiers.add(PeerVerifiers.pkix(anchors));
        }
        if (!fingerprints.isEmpty()) {
            List<CertificateFingerprint> pinned = new ArrayList<>();
            for (String text : fingerprints) {
                try {
                    pinned.add(CertificateFingerprint.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new CliException(ExitCode.USAGE, "--fingerprint '" + text + "': " + e.getMessage());
                }
            }
            verifiers.add(PeerVerifiers.fingerprints(pinned));
        }
        if (verifiers.isEmpty()) {
            return null;
        }
        return verifiers.size() == 1 ? verifiers.get(0) : anyOf(verifiers);
    }

    /** Accepts a chain that one of {@code verifiers} accepts; otherwise fails as the first one did. */
    private static PeerVerifier anyOf(List<PeerVerifier> verifiers) {
        return (chain, context) -> {
            PeerVerificationException first = null;
            for (PeerVerifier v : verifiers) {
                try {
                    v.verify(chain, context);
                    return;
                } catch (PeerVerificationException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            throw first;
        };
    }
}
