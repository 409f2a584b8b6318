package io.dtls4j.bench;

import io.dtls4j.credentials.CertifiedKey;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bouncy Castle's DTLS 1.2 (DTLSServerProtocol, DTLSClientProtocol) over {@link UDPTransport}s on
 * loopback: one connection per server socket, as Bouncy Castle's blocking API has it. Its crypto is
 * the JCA's default providers (not Bouncy Castle's provider), like dtls4j's. No cookie exchange:
 * Bouncy Castle's server does it only through a separate verifier, and the echo measures records.
 */
final class BcDtlsRival {
    private static final int MTU = 1500;
    private static final int POLL_MILLIS = 50;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private BcDtlsRival() {
    }

    static EchoWindow.Result echo(CertifiedKey key, int payload, int window, int socketBufferBytes, double warmUp,
                                  double seconds) throws Exception {
        JcaTlsCrypto crypto = new JcaTlsCryptoProvider().create(new SecureRandom());
        DatagramSocket serverSocket = socket(socketBufferBytes);
        DatagramSocket clientSocket = socket(socketBufferBytes);
        serverSocket.connect(clientSocket.getLocalSocketAddress());
        clientSocket.connect(serverSocket.getLocalSocketAddress());
        CompletableFuture<Void> serverDone = new CompletableFuture<>();
        Thread serverThread = new Thread(() -> {
            try {
                DTLSTransport transport = new DTLSServerProtocol().accept(new Server(crypto, key), new UDPTransport(serverSocket, MTU));
                byte[] data = new byte[transport.getReceiveLimit()];
                while (!serverSocket.isClosed()) {
                    int n = transport.receive(data, 0, data.length, POLL_MILLIS);
                    if (n >= 0) {
                        transport.send(data, 0, n);
                    }
                }
                serverDone.complete(null);
            } catch (SocketException e) {
                serverDone.complete(null); // the socket was closed under it: the end of the run
            } catch (Exception e) {
                serverDone.completeExceptionally(e);
            }
        }, "compare-bc-dtls-server");
        serverThread.start();
        try {
            DTLSTransport client = new DTLSClientProtocol().connect(new Client(crypto), new UDPTransport(clientSocket, MTU));
            byte[] in = new byte[client.getReceiveLimit()];
            return EchoWindow.run(new EchoWindow.Client() {
                @Override
                public void send(byte[] data) throws IOException {
                    client.send(data, 0, data.length);
                }

                @Override
                public boolean receive(long timeoutMillis) throws IOException {
                    return client.receive(in, 0, in.length, (int) Math.max(1, timeoutMillis)) >= 0;
                }

                @Override
                public void close() {
                }
            }, payload, window, warmUp, seconds);
        } finally {
            clientSocket.close();
            serverSocket.close();
            serverThread.join(5_000);
            if (serverDone.isCompletedExceptionally()) {
                serverDone.get(0, TimeUnit.MILLISECONDS); // throws what failed the server
            }
        }
    }

    private static DatagramSocket socket(int bufferBytes) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(bufferBytes);
        socket.setSendBufferSize(bufferBytes);
        return socket;
    }

    private static final class Server extends DefaultTlsServer {
        private final JcaTlsCrypto crypto;
        private final CertifiedKey key;

        Server(JcaTlsCrypto crypto, CertifiedKey key) {
            super(crypto);
            this.crypto = crypto;
            this.key = key;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return HANDSHAKE_TIMEOUT_MILLIS;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            @SuppressWarnings("unchecked")
            Vector<SignatureAndHashAlgorithm> offered = context.getSecurityParametersHandshake().getClientSigAlgs();
            SignatureAndHashAlgorithm chosen = null;
            for (SignatureAndHashAlgorithm candidate : offered) {
                if (candidate.getSignature() == SignatureAlgorithm.ecdsa) {
                    chosen = candidate;
                    break;
                }
            }
            if (chosen == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure);
            }
            try {
                Certificate certificate = new Certificate(new TlsCertificate[] {crypto.createCertificate(key.leaf().getEncoded())});
                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, key.privateKey(),
                        certificate, chosen);
            } catch (CertificateEncodingException e) {
                throw new IOException(e);
            }
        }
    }

    /** Accepts whatever certificate the server shows: the echo measures records, not trust. */
    private static final class Client extends DefaultTlsClient {
        Client(JcaTlsCrypto crypto) {
            super(crypto);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return HANDSHAKE_TIMEOUT_MILLIS;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return null;
                }
            };
        }
    }
}
