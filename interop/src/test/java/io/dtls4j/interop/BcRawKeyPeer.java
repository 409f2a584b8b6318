package io.dtls4j.interop;

import io.dtls4j.credentials.RawKeyPair;
import io.dtls4j.testing.LoopbackPorts;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsRawKeyCertificate;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Bouncy Castle's DTLS 1.2 with raw public keys (RFC 7250: CertificateType.RawPublicKey in the
 * client_certificate_type and server_certificate_type extensions, a SubjectPublicKeyInfo in the
 * Certificate message), over UDP on 127.0.0.1 on a thread of its own: an echo server that presents
 * a raw key and may require one from the client, or a client that presents one if it has it and
 * sends one message. Each side trusts exactly one peer key and refuses any other with bad_certificate.
 * Bouncy Castle's own lightweight crypto ({@link BcTlsCrypto}) is used: its raw key certificate
 * class belongs to it.
 */
final class BcRawKeyPeer implements AutoCloseable {
    private static final int MTU = 1500;
    private static final int POLL_MILLIS = 100;
    private static final String PEER_NAME = "Bouncy Castle raw key peer";
    /** The only suite offered: raw EC P-256 and Ed25519 keys both sign for it (RFC 8422 §5.3). */
    private static final int SUITE = org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    private final DatagramSocket socket;
    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final PeerDeadline deadline;
    private final int handshakeTimeoutMillis;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final List<Short> alertsReceived = new CopyOnWriteArrayList<>();
    private final List<Short> alertsRaised = new CopyOnWriteArrayList<>();
    private PeerThread thread;
    private volatile boolean handshakeCompleted;
    private volatile short serverCertificateType = -1;
    private volatile short clientCertificateType = -1;
    private volatile byte[] peerKey;

    private BcRawKeyPeer(Duration limit) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(LoopbackPorts.LOOPBACK, 0));
        this.deadline = new PeerDeadline(PEER_NAME, limit);
        this.handshakeTimeoutMillis = (int) limit.toMillis();
    }

    /**
     * A server presenting {@code ours}, answering the first client after a cookie exchange and
     * echoing its records until it closes. With {@code trustedClient} it requests the client's raw
     * key and accepts only that one; with null it requests nothing.
     */
    static BcRawKeyPeer echoServer(RawKeyPair ours, PublicKey trustedClient, Duration limit) throws IOException {
        BcRawKeyPeer peer = new BcRawKeyPeer(limit);
        peer.thread = PeerThread.start("interop-bc-raw-key-server", PEER_NAME, () -> peer.runEchoServer(ours, trustedClient));
        return peer;
    }

    /**
     * A client that accepts only raw keys from the server, only {@code trustedServer}; presents
     * {@code ours} when asked (null: offers no client raw key); sends {@code message}, waits for the
     * echo, and closes.
     */
    static BcRawKeyPeer client(RawKeyPair ours, PublicKey trustedServer, InetSocketAddress server, byte[] message,
                               Duration limit) throws IOException {
        BcRawKeyPeer peer = new BcRawKeyPeer(limit);
        peer.thread = PeerThread.start("interop-bc-raw-key-client", PEER_NAME, () -> peer.runClient(ours, trustedServer, server, message));
        return peer;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Waits for the peer's thread to end; returns what it failed with, or null. */
    Throwable awaitEnd(Duration timeout) throws InterruptedException {
        return thread.awaitEnd(timeout);
    }

    /** Waits for the peer's thread to end and fails the test if the peer failed. */
    void awaitSuccess(Duration timeout) throws InterruptedException {
        thread.awaitSuccess(timeout, "; alerts raised " + alertsRaised + ", received " + alertsReceived);
    }

    boolean handshakeCompleted() {
        return handshakeCompleted;
    }

    /** The negotiated server_certificate_type (RFC 7250), -1 before the handshake completed. */
    short serverCertificateType() {
        return serverCertificateType;
    }

    /** The negotiated client_certificate_type, -1 before the handshake completed. */
    short clientCertificateType() {
        return clientCertificateType;
    }

    /** The SubjectPublicKeyInfo the peer presented, or null. */
    byte[] peerKey() {
        return peerKey;
    }

    List<byte[]> received() {
        return List.copyOf(received);
    }

    /** Alert descriptions Bouncy Castle received from dtls4j. */
    List<Short> alertsReceived() {
        return List.copyOf(alertsReceived);
    }

    /** Alert descriptions Bouncy Castle sent. */
    List<Short> alertsRaised() {
        return List.copyOf(alertsRaised);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.stop();
    }

    // ---- scripts ----

    private void runEchoServer(RawKeyPair ours, PublicKey trustedClient) throws Exception {
        Server server = new Server(ours, trustedClient);
        DTLSRequest request = BcCookieExchange.awaitVerifiedClientHello(socket, crypto, MTU, POLL_MILLIS, deadline);
        DTLSTransport transport = new DTLSServerProtocol().accept(server, new UDPTransport(socket, MTU), request);
        byte[] data = new byte[transport.getReceiveLimit()];
        try {
            while (!alertsReceived.contains(AlertDescription.close_notify)) {
                deadline.check("echo");
                int n = transport.receive(data, 0, data.length, POLL_MILLIS);
                if (n >= 0) {
                    received.add(Arrays.copyOf(data, n));
                    transport.send(data, 0, n);
                }
            }
        } catch (java.net.SocketException e) {
            // Bouncy Castle answers close_notify and closes the socket inside receive
            if (!alertsReceived.contains(AlertDescription.close_notify)) {
                throw e;
            }
        }
    }

    private void runClient(RawKeyPair ours, PublicKey trustedServer, InetSocketAddress serverAddress, byte[] message)
            throws Exception {
        socket.connect(serverAddress);
        DTLSTransport transport = new DTLSClientProtocol().connect(new Client(ours, trustedServer), new UDPTransport(socket, MTU));
        transport.send(message, 0, message.length);
        byte[] data = new byte[transport.getReceiveLimit()];
        int n;
        do {
            deadline.check("echo of the message");
            n = transport.receive(data, 0, data.length, POLL_MILLIS);
        } while (n < 0);
        received.add(Arrays.copyOf(data, n));
        transport.close();
    }

    // ---- what both sides share ----

    /** Our raw key as Bouncy Castle signing credentials, with the scheme that fits it. */
    private TlsCredentialedSigner signer(TlsContext context, RawKeyPair ours) throws IOException {
        Certificate certificate = new Certificate(CertificateType.RawPublicKey, null, new CertificateEntry[] {
                new CertificateEntry(new BcTlsRawKeyCertificate(crypto, SubjectPublicKeyInfo.getInstance(ours.publicKey().getEncoded())), null)});
        AsymmetricKeyParameter privateKey = PrivateKeyFactory.createKey(ours.privateKey().getEncoded());
        SignatureAndHashAlgorithm scheme = ours.publicKey().getAlgorithm().startsWith("Ed")
                ? SignatureAndHashAlgorithm.ed25519
                : SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey, certificate, scheme);
    }

    /** Accepts exactly the raw key {@code trusted}; anything else ends the handshake with bad_certificate. */
    private void checkPeer(Certificate presented, PublicKey trusted) throws IOException {
        if (presented.getCertificateType() != CertificateType.RawPublicKey || presented.getLength() != 1) {
            throw new TlsFatalAlert(AlertDescription.unsupported_certificate);
        }
        byte[] key = presented.getCertificateAt(0).getEncoded();
        peerKey = key;
        if (!Arrays.equals(key, trusted.getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    private void recordOutcome(TlsContext context) {
        handshakeCompleted = true;
        serverCertificateType = context.getSecurityParametersConnection().getServerCertificateType();
        clientCertificateType = context.getSecurityParametersConnection().getClientCertificateType();
    }

    private final class Server extends DefaultTlsServer {
        private final RawKeyPair ours;
        private final PublicKey trustedClient;

        Server(RawKeyPair ours, PublicKey trustedClient) {
            super(crypto);
            this.ours = ours;
            this.trustedClient = trustedClient;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {SUITE};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return handshakeTimeoutMillis;
        }

        @Override
        protected boolean allowCertificateStatus() {
            return false; // no OCSP for a raw key
        }

        @Override
        protected boolean allowMultiCertStatus() {
            return false;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return signer(context, ours);
        }

        @Override
        protected short[] getAllowedClientCertificateTypes() {
            return trustedClient == null ? null : new short[] {CertificateType.RawPublicKey};
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            if (trustedClient == null) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Vector<SignatureAndHashAlgorithm> schemes = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, schemes, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            checkPeer(clientCertificate, trustedClient);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            recordOutcome(context);
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            alertsRaised.add(description);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            alertsReceived.add(description);
        }
    }

    private final class Client extends DefaultTlsClient {
        private final RawKeyPair ours;
        private final PublicKey trustedServer;

        Client(RawKeyPair ours, PublicKey trustedServer) {
            super(crypto);
            this.ours = ours;
            this.trustedServer = trustedServer;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {SUITE};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return handshakeTimeoutMillis;
        }

        @Override
        protected short[] getAllowedServerCertificateTypes() {
            return new short[] {CertificateType.RawPublicKey};
        }

        @Override
        protected short[] getAllowedClientCertificateTypes() {
            return ours == null ? null : new short[] {CertificateType.RawPublicKey};
        }

        @Override
        protected org.bouncycastle.tls.CertificateStatusRequest getCertificateStatusRequest() {
            return null; // no OCSP for a raw key
        }

        @Override
        protected Vector getMultiCertStatusRequest() {
            return null;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    checkPeer(serverCertificate.getCertificate(), trustedServer);
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return ours == null ? null : signer(context, ours);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            recordOutcome(context);
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            alertsRaised.add(description);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            alertsReceived.add(description);
        }
    }

    /** A readable list of alert codes for assertion messages. */
    static String alertNames(List<Short> alerts) {
        return Collections.unmodifiableList(alerts.stream().map(AlertDescription::getText).toList()).toString();
    }
}
