package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;

import javax.security.auth.x500.X500Principal;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a peer's chain by PKIX path validation (RFC 5280 §6) to a fixed set of trust anchors, with
 * the JDK's {@link CertPathValidator}, at the engine's time; then checks the leaf's key usage for its
 * role and, when we are the client and asked for a server name, the leaf against that name.
 *
 * <p>Revocation (CRL, OCSP) is not checked: it needs network fetches the sans-I/O engine does not
 * make. A chain may stop below the anchor or go on past it (validation stops at the first
 * certificate that is an anchor); a leaf that is itself a trust anchor (a pinned self-signed
 * certificate in the bundle) is trusted as such, with its dates checked.
 */
final class PkixPeerVerifier implements PeerVerifier {
    /** Longer chains than this are refused before any signature check: real ones have 2 to 4. */
    static final int MAX_CHAIN_LENGTH = 10;

    private final Set<TrustAnchor> anchors;
    private final Set<X509Certificate> anchorCertificates;

    PkixPeerVerifier(Collection<X509Certificate> trustAnchors) {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors: PKIX verification would refuse every peer");
        }
        this.anchorCertificates = Set.copyOf(trustAnchors);
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate anchor : anchorCertificates) {
            set.add(new TrustAnchor(anchor, null));
        }
        this.anchors = Set.copyOf(set);
    }

    @Override
    public void verify(List<X509Certificate> chain, PeerContext context) throws PeerVerificationException {
        if (chain.isEmpty()) {
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "the peer sent no certificate");
        }
        if (chain.size() > MAX_CHAIN_LENGTH) {
            throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "certificate chain of "
                    + chain.size() + " certificates is longer than the " + MAX_CHAIN_LENGTH + " allowed");
        }
        X509Certificate leaf = chain.get(0);
        Date now = new Date(context.nowMillis());
        // the chain may go on past a trust anchor (up to the root); the validated path stops below the first anchor
        List<X509Certificate> path = new ArrayList<>(chain.size());
        for (X509Certificate certificate : chain) {
            if (anchorCertificates.contains(certificate)) {
                break;
            }
            path.add(certificate);
        }
        if (path.isEmpty()) {
            checkDates(leaf, now);
        } else {
            validatePath(path, now);
        }
        LeafCertificateUsage.check(leaf, context.peerIsServer());
        if (context.peerIsServer() && context.serverName() != null) {
            ServerNameCheck.check(leaf, context.serverName());
        }
    }

    private void validatePath(List<X509Certificate> path, Date now) throws PeerVerificationException {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw translate(e, path, now);
        } catch (InvalidAlgorithmParameterException e) {
            throw new PeerVerificationException(AlertDescription.INTERNAL_ERROR, "PKIX parameters rejected: "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new PeerVerificationException(AlertDescription.INTERNAL_ERROR, "PKIX validation unavailable: "
                    + e.getMessage(), e);
        }
    }

    private PeerVerificationException translate(CertPathValidatorException e, List<X509Certificate> path, Date now) {
        int index = e.getIndex();
        X509Certificate at = index >= 0 && index < path.size() ? path.get(index) : path.get(path.size() - 1);
        X509Certificate top = path.get(path.size() - 1);
        String subject = CertificateText.subject(at);
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == CertPathValidatorException.BasicReason.EXPIRED
                || reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return datesException(at, now, e);
        }
        if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            return new PeerVerificationException(AlertDescription.UNKNOWN_CA, "certificate "
                    + CertificateText.subject(top) + " is not issued by any of the " + anchors.size()
                    + " trust anchors (its issuer is " + issuer(top) + ")", e);
        }
        if (reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            if (at == top) {
                // the top certificate names a trusted issuer but was not signed by its key: an impostor
                return new PeerVerificationException(AlertDescription.UNKNOWN_CA, "certificate " + subject
                        + " names the trusted issuer " + issuer(top) + " but is not signed by its key", e);
            }
            return new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "signature of certificate "
                    + subject + " does not verify with its issuer's key", e);
        }
        if (reason == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return new PeerVerificationException(AlertDescription.UNSUPPORTED_CERTIFICATE, "certificate " + subject
                    + " uses an algorithm or key size the JDK's security policy refuses: " + e.getMessage(), e);
        }
        if (reason == CertPathValidatorException.BasicReason.REVOKED) {
            return new PeerVerificationException(AlertDescription.CERTIFICATE_REVOKED, "certificate " + subject
                    + " is revoked", e);
        }
        return new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "certificate " + subject
                + " fails path validation: " + e.getMessage(), e);
    }

    private static void checkDates(X509Certificate certificate, Date now) throws PeerVerificationException {
        try {
            certificate.checkValidity(now);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw datesException(certificate, now, e);
        }
    }

    private static PeerVerificationException datesException(X509Certificate certificate, Date now, Exception cause) {
        String subject = CertificateText.subject(certificate);
        if (now.before(certificate.getNotBefore())) {
            return new PeerVerificationException(AlertDescription.CERTIFICATE_EXPIRED, "certificate " + subject
                    + " is not valid before " + certificate.getNotBefore().toInstant(), cause);
        }
        return new PeerVerificationException(AlertDescription.CERTIFICATE_EXPIRED, "certificate " + subject
                + " expired at " + certificate.getNotAfter().toInstant(), cause);
    }

    private static String issuer(X509Certificate certificate) {
        String name = certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
        return name.isEmpty() ? "(empty)" : name;
    }

    @Override
    public String toString() {
        return "PKIX verifier with " + anchors.size() + " trust anchors";
    }
}
