package io.dtls4j.interop;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.LoopbackPorts;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;

/**
 * Bouncy Castle's DTLS 1.2 ({@code org.bouncycastle.tls}: DTLSServerProtocol with a {@link BcCookieExchange}
 * cookie exchange, DTLSClientProtocol) over a {@link UDPTransport} on 127.0.0.1, run on a thread of
 * its own as a test peer: an echo server for one client, or a client that sends lines and collects
 * what comes back. Either can take part in DTLS-SRTP (use_srtp, RFC 5764 §4.1) and then exports the
 * keying material with the label EXTRACTOR-dtls_srtp when the handshake completes.
 */
final class BcDtlsPeer implements AutoCloseable {
    private static final int MTU = 1500;
    private static final int POLL_MILLIS = 100;
    private static final String PEER_NAME = "Bouncy Castle DTLS peer";

    private final DatagramSocket socket;
    /** Bouncy Castle's own JCA provider, given to its TLS code only (ChaCha20 and PSS names the JDK lacks); never installed. */
    private final JcaTlsCrypto crypto = new JcaTlsCryptoProvider().setProvider(new BouncyCastleProvider()).create(new SecureRandom());
    private final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
    private final PeerDeadline deadline;
    private final int handshakeTimeoutMillis;
    private PeerThread thread;
    private volatile int cipherSuite = -1;
    private volatile boolean extendedMasterSecret;
    private volatile boolean closedByPeer;
    /** The use_srtp profiles offered (client) or accepted in preference order (server); null: no use_srtp. */
    private final int[] srtpProfiles;
    private volatile int srtpProfile = -1;
    private volatile byte[] srtpKeyingMaterial;
    /** The client's session to offer for resumption (null: none), and what its handshake gave. */
    private volatile TlsSession sessionToOffer;
    private volatile TlsSession session;
    private volatile boolean resumed;

    private BcDtlsPeer(Duration limit, int[] srtpProfiles) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(LoopbackPorts.LOOPBACK, 0));
        this.deadline = new PeerDeadline(PEER_NAME, limit);
        this.handshakeTimeoutMillis = (int) limit.toMillis();
        this.srtpProfiles = srtpProfiles == null ? null : srtpProfiles.clone();
    }

    /** A server that answers the first client with a cookie exchange, then echoes its records until it closes. */
    static BcDtlsPeer echoServer(CertifiedKey key, int suite, Duration limit) throws IOException {
        return srtpEchoServer(key, suite, null, limit);
    }

    /**
     * {@link #echoServer} that also accepts use_srtp with the first of {@code srtpProfiles} (Bouncy
     * Castle's {@link SRTPProtectionProfile} values) that the client offers.
     */
    static BcDtlsPeer srtpEchoServer(CertifiedKey key, int suite, int[] srtpProfiles, Duration limit) throws IOException {
        BcDtlsPeer peer = new BcDtlsPeer(limit, srtpProfiles);
        peer.thread = PeerThread.start("interop-bc-dtls-server", PEER_NAME, () -> peer.runEchoServer(key, suite));
        return peer;
    }

    /** A client that sends each message, waits for it to come back, then closes (close_notify). */
    static BcDtlsPeer client(X509Certificate trusted, int suite, InetSocketAddress server, List<byte[]> messages, Duration limit)
            throws IOException {
        return srtpClient(trusted, suite, null, server, messages, limit);
    }

    /** A client as above that offers to resume {@code session} (null: none), a {@link #session()} of an earlier client. */
    static BcDtlsPeer client(X509Certificate trusted, int suite, InetSocketAddress server, List<byte[]> messages, Duration limit,
                             TlsSession session) throws IOException {
        BcDtlsPeer peer = new BcDtlsPeer(limit, null);
        peer.sessionToOffer = session;
        peer.thread = PeerThread.start("interop-bc-dtls-client", PEER_NAME, () -> peer.runClient(trusted, suite, server, messages));
        return peer;
    }

    /** The client's session once its handshake completed: what a later client may offer to resume. */
    TlsSession session() {
        return session;
    }

    /** Whether the client's handshake resumed the session it offered. */
    boolean resumed() {
        return resumed;
    }

    /** {@link #client} that also offers use_srtp with {@code srtpProfiles} and no MKI. */
    static BcDtlsPeer srtpClient(X509Certificate trusted, int suite, int[] srtpProfiles, InetSocketAddress server,
                                 List<byte[]> messages, Duration limit) throws IOException {
        BcDtlsPeer peer = new BcDtlsPeer(limit, srtpProfiles);
        peer.thread = PeerThread.start("interop-bc-dtls-client", PEER_NAME, () -> peer.runClient(trusted, suite, server, messages));
        return peer;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void awaitDone(Duration timeout) throws InterruptedException {
        thread.awaitSuccess(timeout, "");
    }

    /** The negotiated suite's IANA code point, or -1. */
    int cipherSuite() {
        return cipherSuite;
    }

    boolean extendedMasterSecret() {
        return extendedMasterSecret;
    }

    List<byte[]> received() {
        return List.copyOf(received);
    }

    boolean closedByPeer() {
        return closedByPeer;
    }

    /** The negotiated use_srtp profile (an {@link SRTPProtectionProfile} value), or -1. */
    int srtpProfile() {
        return srtpProfile;
    }

    /** Bouncy Castle's EXTRACTOR-dtls_srtp keying material for the negotiated profile, or null. */
    byte[] srtpKeyingMaterial() {
        byte[] material = srtpKeyingMaterial;
        return material == null ? null : material.clone();
    }

    /**
     * Records the profile and exports its keying material: 2 * (key + salt) bytes, from RFC 5764
     * §4.1.2 for the AES-CM profiles and RFC 7714 §12 for AEAD_AES_*_GCM.
     */
    private void srtpNegotiated(org.bouncycastle.tls.TlsContext context, int profile) {
        int length = switch (profile) {
            case SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32 -> 2 * (16 + 14);
            case SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM -> 2 * (16 + 12);
            case SRTPProtectionProfile.SRTP_AEAD_AES_256_GCM -> 2 * (32 + 12);
            default -> throw new IllegalStateException("no keying material length known for SRTP profile " + profile);
        };
        srtpKeyingMaterial = context.exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, length);
        srtpProfile = profile;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close(); // a thread blocked in receive wakes with an exception
        thread.stop();
    }

    // ---- scripts ----

    private void runEchoServer(CertifiedKey key, int suite) throws Exception {
        Server server = new Server(key, suite);
        DTLSRequest request = BcCookieExchange.awaitVerifiedClientHello(socket, crypto, MTU, POLL_MILLIS, deadline);
        DTLSTransport transport = new DTLSServerProtocol().accept(server, new UDPTransport(socket, MTU), request);
        byte[] data = new byte[transport.getReceiveLimit()];
        try {
            while (!closedByPeer) {
                deadline.check("echo");
                int n = transport.receive(data, 0, data.length, POLL_MILLIS);
                if (n >= 0) {
                    received.add(Arrays.copyOf(data, n));
                    transport.send(data, 0, n);
                }
            }
        } catch (java.net.SocketException e) {
            // Bouncy Castle answers close_notify and closes the socket inside receive
            if (!closedByPeer) {
                throw e;
            }
        }
    }

    private void runClient(X509Certificate trusted, int suite, InetSocketAddress serverAddress, List<byte[]> messages) throws Exception {
        socket.connect(serverAddress);
        DTLSTransport transport = new DTLSClientProtocol().connect(new Client(trusted, suite), new UDPTransport(socket, MTU));
        byte[] data = new byte[transport.getReceiveLimit()];
        for (byte[] message : messages) {
            transport.send(message, 0, message.length);
            int n;
            do {
                deadline.check("echo of a message");
                n = transport.receive(data, 0, data.length, POLL_MILLIS);
            } while (n < 0 && !closedByPeer);
            if (n < 0) {
                return;
            }
            received.add(Arrays.copyOf(data, n));
        }
        transport.close(); // sends close_notify
    }

    // ---- Bouncy Castle peers ----

    private final class Server extends DefaultTlsServer {
        private final CertifiedKey key;
        private final int suite;
        private int chosenSrtpProfile = -1;

        Server(CertifiedKey key, int suite) {
            super(crypto);
            this.key = key;
            this.suite = suite;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return handshakeTimeoutMillis;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(SignatureAlgorithm.ecdsa);
        }

        @Override
        protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
            return signer(SignatureAlgorithm.rsa_pss_rsae_sha256);
        }

        /** Our key and certificate with the first scheme of the client's list that fits it (RFC 5246 §7.4.1.4.1). */
        private TlsCredentialedSigner signer(short signature) throws IOException {
            @SuppressWarnings("unchecked")
            Vector<SignatureAndHashAlgorithm> offered = context.getSecurityParametersHandshake().getClientSigAlgs();
            SignatureAndHashAlgorithm chosen = null;
            for (SignatureAndHashAlgorithm candidate : offered) {
                if (candidate.getSignature() == signature) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure);
            }
            Certificate certificate;
            try {
                certificate = new Certificate(new TlsCertificate[] {crypto.createCertificate(key.leaf().getEncoded())});
            } catch (CertificateEncodingException e) {
                throw new IOException(e);
            }
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key.privateKey(),
                    certificate, chosen);
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (srtpProfiles != null && offered != null) {
                for (int ours : srtpProfiles) { // our preference among the client's (RFC 5764 §4.1.1)
                    if (Arrays.stream(offered.getProtectionProfiles()).anyMatch(p -> p == ours)) {
                        chosenSrtpProfile = ours;
                        break;
                    }
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = super.getServerExtensions();
            if (chosenSrtpProfile >= 0) {
                TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {chosenSrtpProfile}, new byte[0]));
            }
            return extensions;
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
            extendedMasterSecret = context.getSecurityParametersConnection().isExtendedMasterSecret();
            if (chosenSrtpProfile >= 0) {
                srtpNegotiated(context, chosenSrtpProfile);
            }
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                closedByPeer = true;
            }
        }
    }

    private final class Client extends DefaultTlsClient {
        private final X509Certificate trusted;
        private final int suite;
        private int chosenSrtpProfile = -1;

        Client(X509Certificate trusted, int suite) {
            super(crypto);
            this.trusted = trusted;
            this.suite = suite;
        }

        @Override
        public TlsSession getSessionToResume() {
            return sessionToOffer;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {suite};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return handshakeTimeoutMillis;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    byte[] presented = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                    try {
                        if (!Arrays.equals(presented, trusted.getEncoded())) {
                            throw new TlsFatalAlert(AlertDescription.bad_certificate);
                        }
                    } catch (CertificateEncodingException e) {
                        throw new IOException(e);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return null;
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            if (srtpProfiles != null) {
                TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(srtpProfiles, new byte[0]));
            }
            return extensions;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData answer = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (answer != null) {
                // RFC 5764 §4.1.1: exactly one profile, one we offered
                int[] chosen = answer.getProtectionProfiles();
                if (srtpProfiles == null || chosen.length != 1
                        || Arrays.stream(srtpProfiles).noneMatch(p -> p == chosen[0])) {
                    throw new TlsFatalAlert(AlertDescription.illegal_parameter);
                }
                chosenSrtpProfile = chosen[0];
            }
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
            extendedMasterSecret = context.getSecurityParametersConnection().isExtendedMasterSecret();
            resumed = context.getSecurityParametersConnection().isResumedSession();
            session = context.getSession();
            if (chosenSrtpProfile >= 0) {
                srtpNegotiated(context, chosenSrtpProfile);
            }
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                closedByPeer = true;
            }
        }
    }
}
