package io.dtls4j.auth;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.handshake.message.CertificateMessage;
import io.dtls4j.handshake.message.CertificateType;
import io.dtls4j.handshake.message.RawPublicKeyCertificate;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What we authenticate with: an X.509 chain and its key, and/or a raw public key pair (RFC 7250),
 * as configured. Each certificate type gives its own signing key and Certificate message body.
 */
public final class LocalIdentity {
    private final DtlsConfig config;

    public LocalIdentity(DtlsConfig config) {
        this.config = config;
    }

    /** Whether we have an identity of this certificate type. */
    public boolean has(int certificateType) {
        return certificateType == CertificateType.RAW_PUBLIC_KEY ? config.rawKeyPair() != null : config.certifiedKey() != null;
    }

    /** Our signing key for the certificate type. */
    public PrivateKey privateKey(int certificateType) {
        return certificateType == CertificateType.RAW_PUBLIC_KEY
                ? config.rawKeyPair().privateKey() : config.certifiedKey().privateKey();
    }

    /** The body of our Certificate message for the certificate type. */
    public byte[] certificateBody(int certificateType) {
        return certificateType == CertificateType.RAW_PUBLIC_KEY
                ? new RawPublicKeyCertificate(config.rawKeyPair().publicKey().getEncoded()).encode()
                : new CertificateMessage(encodeChain(config.certifiedKey().chain())).encode();
    }

    /** "raw public key (EC, …)" or "certificate CN=…", for messages. */
    public String describe(int certificateType) {
        return certificateType == CertificateType.RAW_PUBLIC_KEY
                ? PeerDescriptions.identity(List.of(), config.rawKeyPair().publicKey())
                : PeerDescriptions.identity(config.certifiedKey().chain(), config.certifiedKey().leaf().getPublicKey());
    }

    private static List<byte[]> encodeChain(List<X509Certificate> chain) {
        List<byte[]> ders = new ArrayList<>(chain.size());
        try {
            for (X509Certificate certificate : chain) {
                ders.add(certificate.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("our certificate does not encode", e);
        }
        return ders;
    }
}
