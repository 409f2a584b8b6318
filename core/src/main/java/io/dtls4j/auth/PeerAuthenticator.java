package io.dtls4j.auth;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateText;
import io.dtls4j.credentials.PeerContext;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.handshake.message.CertificateMessage;
import io.dtls4j.handshake.message.CertificateType;
import io.dtls4j.handshake.message.RawPublicKeyCertificate;
import io.dtls4j.wire.DecodeException;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the peer's Certificate message of the negotiated type: decodes the X.509 chain or the raw
 * public key (RFC 7250), matches the key to the cipher suite, checks the chain's signature
 * algorithms and runs the configured verifier. A refusal is a {@link DtlsException} with the
 * verifier's alert, and its message names the certificate or key whatever the verifier wrote.
 */
public final class PeerAuthenticator {
    private final DtlsConfig config;

    public PeerAuthenticator(DtlsConfig config) {
        this.config = config;
    }

    /** Whether we can authenticate a peer that presents this certificate type. */
    public boolean accepts(int certificateType) {
        return certificateType == CertificateType.RAW_PUBLIC_KEY ? config.rawPublicKeyVerifier() != null : config.peerVerifier() != null;
    }

    /**
     * Decodes and authenticates {@code body}, a Certificate message of {@code certificateType}.
     * Returns null for an empty X.509 list (a client without certificate). {@code requiredKind}, when
     * not null, is the key kind the cipher suite {@code suite} needs.
     */
    public AuthenticatedPeer authenticate(byte[] body, int certificateType, boolean peerIsServer, String serverName,
                                          CipherSuite.KeyExchange requiredKind, CipherSuite suite)
            throws DtlsException, DecodeException {
        List<X509Certificate> chain = List.of();
        PublicKey key;
        if (certificateType == CertificateType.RAW_PUBLIC_KEY) {
            key = decodePublicKey(RawPublicKeyCertificate.decode(body).subjectPublicKeyInfo());
        } else {
            chain = decodeChain(CertificateMessage.decode(body));
            if (chain.isEmpty()) {
                return null;
            }
            key = chain.get(0).getPublicKey();
        }
        String whose = peerIsServer ? "server " : "client ";
        CipherSuite.KeyExchange kind = KeyKinds.keyExchangeFor(key);
        if (kind == null || (requiredKind != null && kind != requiredKind)) {
            throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, whose
                    + PeerDescriptions.identity(chain, key) + " has a " + key.getAlgorithm() + " key, which does not fit "
                    + (requiredKind != null ? String.valueOf(suite) : "any supported signature"));
        }
        PeerContext context = new PeerContext(peerIsServer, serverName, config.wallClock().millis());
        if (certificateType == CertificateType.RAW_PUBLIC_KEY) {
            try {
                config.rawPublicKeyVerifier().verify(key, context);
            } catch (PeerVerificationException e) {
                throw refused(e, whose + PeerDescriptions.identity(List.of(), key));
            } catch (RuntimeException e) {
                throw new DtlsException(AlertDescription.INTERNAL_ERROR, "raw public key verifier failed: " + e, e);
            }
        } else {
            CertificateSignatures.check(chain, config.certificateSignatureSchemes(), peerIsServer ? "server" : "client");
            if (config.peerVerifier() == null) {
                throw new DtlsException(AlertDescription.INTERNAL_ERROR, "no peer verifier configured");
            }
            String leaf = whose + "certificate " + CertificateText.subject(chain.get(0));
            try {
                config.peerVerifier().verify(chain, context);
            } catch (PeerVerificationException e) {
                if (e.peerChain().isEmpty()) {
                    e.initPeerChain(chain);
                }
                throw refused(e, leaf);
            } catch (RuntimeException e) {
                throw new DtlsException(AlertDescription.INTERNAL_ERROR, "peer verifier failed on " + leaf + ": " + e, e);
            }
        }
        return new AuthenticatedPeer(chain, key);
    }

    private static DtlsException refused(PeerVerificationException e, String what) {
        AlertDescription alert = e.alert() != null ? e.alert() : AlertDescription.BAD_CERTIFICATE;
        return new DtlsException(alert, what + " rejected: " + e.getMessage(), e);
    }

    /** Decodes the DER certificates of a Certificate message. */
    static List<X509Certificate> decodeChain(CertificateMessage message) throws DtlsException {
        List<X509Certificate> chain = new ArrayList<>(message.certificates().size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : message.certificates()) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | ClassCastException e) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE,
                    "peer certificate " + (chain.size() + 1) + " does not decode: " + e.getMessage(), e);
        }
        return chain;
    }

    /** Decodes a DER SubjectPublicKeyInfo into a key of one of the kinds dtls4j signs with. */
    static PublicKey decodePublicKey(byte[] subjectPublicKeyInfo) throws DtlsException {
        for (String algorithm : new String[] {"EC", "Ed25519", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this kind: try the next
            }
        }
        throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, "raw public key is not an EC, Ed25519 or RSA key");
    }
}
