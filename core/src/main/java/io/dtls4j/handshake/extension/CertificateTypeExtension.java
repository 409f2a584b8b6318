package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.auth.KeyKinds;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.handshake.message.CertificateType;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;

/**
 * server_certificate_type and client_certificate_type (RFC 7250 §4): which of X.509 and raw public
 * keys each side authenticates with. The client lists, in preference order, what it has (for its
 * own) or can check (for the server's), and lists raw keys only where it has or can check them; the
 * server picks the first it can use and answers with it; without the extension, X.509.
 */
final class CertificateTypeExtension implements HelloExtension {
    private static final byte[] RAW_KEY_THEN_X509 = {CertificateType.RAW_PUBLIC_KEY, CertificateType.X509};
    private static final byte[] RAW_KEY_ONLY = {CertificateType.RAW_PUBLIC_KEY};

    /** True for server_certificate_type: the type of the server's own credentials. */
    private final boolean serverType;

    private CertificateTypeExtension(boolean serverType) {
        this.serverType = serverType;
    }

    static CertificateTypeExtension server() {
        return new CertificateTypeExtension(true);
    }

    static CertificateTypeExtension client() {
        return new CertificateTypeExtension(false);
    }

    @Override
    public int type() {
        return serverType ? ExtensionType.SERVER_CERTIFICATE_TYPE : ExtensionType.CLIENT_CERTIFICATE_TYPE;
    }

    @Override
    public byte[] offer(HelloNegotiation n) {
        // RFC 7250 §4.1: list raw public keys only where we can check (server's) or have (ours) them
        if (serverType) {
            if (n.config.rawPublicKeyVerifier() == null) {
                return null;
            }
            return ExtensionCodecs.certificateTypes(n.config.peerVerifier() != null ? RAW_KEY_THEN_X509 : RAW_KEY_ONLY);
        }
        if (n.config.rawKeyPair() == null) {
            return null;
        }
        return ExtensionCodecs.certificateTypes(n.config.certifiedKey() != null ? RAW_KEY_THEN_X509 : RAW_KEY_ONLY);
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation n) throws DtlsException, DecodeException {
        if (serverType) {
            n.serverCertificateTypeNegotiated = data != null;
            n.serverCertificateType = choose(data, n, true);
            if (n.serverCertificateType < 0 && n.config.pskKeyStore() != null) {
                // no certificate suite can be chosen, but a PSK one may (RFC 4279: no Certificate at all)
                n.serverCertificateTypeNegotiated = false;
                return;
            }
            if (n.serverCertificateType < 0) {
                throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE,
                        "the client accepts no server certificate type this server has (RFC 7250)");
            }
            return;
        }
        n.requestClientCertificate = false;
        if (n.config.clientAuth() == ClientAuth.NONE) {
            return;
        }
        int chosen = choose(data, n, false);
        n.requestClientCertificate = chosen >= 0;
        n.clientCertificateTypeNegotiated = data != null && chosen >= 0;
        if (chosen >= 0) {
            n.clientCertificateType = chosen;
        } else if (n.config.clientAuth() == ClientAuth.REQUIRED) {
            throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE,
                    "the client offers no certificate type this server can verify, and one is required");
        }
    }

    /**
     * RFC 7250 §4.2: the first type in the client's list that we have (for our own certificate) or
     * can verify (for the client's); X.509 when the client sent no list. -1 when there is none.
     */
    private static int choose(byte[] clientList, HelloNegotiation n, boolean forOurs) throws DecodeException {
        byte[] types = clientList == null ? new byte[] {CertificateType.X509} : ExtensionCodecs.parseCertificateTypes(clientList);
        for (byte t : types) {
            int type = t & 0xFF;
            if ((type == CertificateType.X509 || type == CertificateType.RAW_PUBLIC_KEY)
                    && (forOurs ? n.identity.has(type) : n.peers.accepts(type))) {
                return type;
            }
        }
        return -1;
    }

    @Override
    public byte[] answer(HelloNegotiation n) {
        if (serverType) {
            return n.serverCertificateTypeNegotiated ? new byte[] {(byte) n.serverCertificateType} : null;
        }
        return n.clientCertificateTypeNegotiated ? new byte[] {(byte) n.clientCertificateType} : null;
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation n) throws DtlsException, DecodeException {
        int type = CertificateType.X509;
        if (data != null) {
            type = ExtensionCodecs.parseCertificateType(data);
            if (!KeyKinds.contains(ExtensionCodecs.parseCertificateTypes(offered), type)) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                        "server chose certificate type " + type + ", which was not offered");
            }
        }
        if (serverType) {
            n.serverCertificateType = type;
            // a client with a PSK may still get a PSK suite; the Certificate state checks the type otherwise
            if (!n.peers.accepts(type) && n.config.pskClient() == null) {
                throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, type == CertificateType.X509
                        ? "server authenticates with an X.509 certificate, and only raw public keys are configured"
                        : "server chose a certificate type that was not offered");
            }
        } else {
            n.clientCertificateType = type;
        }
    }
}
