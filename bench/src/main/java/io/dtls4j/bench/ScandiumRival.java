package io.dtls4j.bench;

import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Eclipse Californium Scandium's DTLSConnector on both sides, with dtls4j's suite
 * (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, the same P-256 certificate) and default settings otherwise.
 */
final class ScandiumRival {
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    static {
        DtlsConfig.register();
    }

    private ScandiumRival() {
    }

    private static SupportedGroup group(NamedGroup group) {
        return switch (group) {
            case SECP256R1 -> SupportedGroup.secp256r1;
            case X25519 -> SupportedGroup.X25519;
            default -> throw new IllegalArgumentException(group.name());
        };
    }

    private static DTLSConnector connector(CertifiedKey key, NamedGroup ecdhe, int socketBufferBytes) {
        Configuration configuration = new Configuration();
        configuration.set(DtlsConfig.DTLS_CIPHER_SUITES, List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256));
        // as for dtls4j: the chosen group first, P-256 (the certificate's curve) too
        configuration.set(DtlsConfig.DTLS_CURVES, ecdhe == NamedGroup.SECP256R1
                ? List.of(SupportedGroup.secp256r1) : List.of(group(ecdhe), SupportedGroup.secp256r1));
        configuration.set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, socketBufferBytes);
        configuration.set(DtlsConfig.DTLS_SEND_BUFFER_SIZE, socketBufferBytes);
        // as dtls4j's server by default: no CertificateRequest
        configuration.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NONE);
        // as dtls4j's client here: the certificate is accepted whatever it names (the bench checks no names)
        configuration.set(DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT, false);
        configuration.set(DtlsConfig.DTLS_ROLE, key != null ? DtlsConfig.DtlsRole.SERVER_ONLY : DtlsConfig.DtlsRole.CLIENT_ONLY);
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        if (key != null) {
            builder.setCertificateIdentityProvider(new SingleCertificateProvider(key.privateKey(),
                    key.chain().toArray(new X509Certificate[0]), CertificateType.X_509));
        } else {
            builder.setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustAllCertificates().build());
        }
        return new DTLSConnector(builder.build());
    }

    /** A server that sends every record back. */
    private static DTLSConnector echoServer(CertifiedKey key, NamedGroup group, int socketBufferBytes) throws Exception {
        DTLSConnector server = connector(key, group, socketBufferBytes);
        server.setRawDataReceiver(in -> server.send(RawData.outbound(in.getBytes(), in.getEndpointContext(), null, false)));
        server.start();
        return server;
    }

    static EchoWindow.Result echo(CertifiedKey key, int payload, int window, int socketBufferBytes, double warmUp,
                                  double seconds) throws Exception {
        DTLSConnector server = echoServer(key, NamedGroup.SECP256R1, socketBufferBytes);
        DTLSConnector client = connector(null, NamedGroup.SECP256R1, socketBufferBytes);
        Semaphore replies = new Semaphore(0);
        client.setRawDataReceiver(in -> replies.release());
        try {
            client.start();
            AddressEndpointContext to = new AddressEndpointContext(server.getAddress());
            handshake(client, to);
            replies.drainPermits(); // the handshake's message came back
            return EchoWindow.run(new EchoWindow.Client() {
                @Override
                public void send(byte[] data) {
                    client.send(RawData.outbound(data, to, null, false));
                }

                @Override
                public boolean receive(long timeoutMillis) throws InterruptedException {
                    return replies.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
                }

                @Override
                public void close() {
                }
            }, payload, window, warmUp, seconds);
        } finally {
            client.destroy();
            server.destroy();
        }
    }

    /**
     * Sends one byte, which makes the connector run a full handshake first, and waits until the
     * handshake completed (the connector's onContextEstablished).
     */
    private static void handshake(DTLSConnector client, AddressEndpointContext to) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.send(RawData.outbound(new byte[] {1}, to, new MessageCallback() {
            @Override
            public void onConnecting() {
            }

            @Override
            public void onDtlsRetransmission(int flight) {
            }

            @Override
            public void onContextEstablished(EndpointContext context) {
                done.complete(null);
            }

            @Override
            public void onSent() {
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        }, false));
        done.get(HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Full handshakes by one client connector that forgets its connection (clearConnectionState)
     * before each: a new Scandium client per handshake would add its threads' start and stop to
     * every handshake, which dtls4j's thread-less client does not pay, so this favours Scandium.
     */
    static Compare.Rate handshakes(CertifiedKey key, NamedGroup group, int socketBufferBytes, double warmUp, double seconds)
            throws Exception {
        DTLSConnector server = echoServer(key, group, socketBufferBytes);
        DTLSConnector client = connector(null, group, socketBufferBytes);
        client.setRawDataReceiver(in -> { });
        try {
            client.start();
            AddressEndpointContext to = new AddressEndpointContext(server.getAddress());
            return Compare.Rate.measure(warmUp, seconds, () -> {
                client.clearConnectionState();
                handshake(client, to);
            });
        } finally {
            client.destroy();
            server.destroy();
        }
    }

    /** Heap per idle established session of a Scandium server, with dtls4j clients that vanish (see {@link IdleSessions}). */
    static long bytesPerIdleSession(CertifiedKey key, int warmUp, int sessions, int socketBufferBytes) throws Exception {
        DTLSConnector server = connector(key, NamedGroup.SECP256R1, socketBufferBytes);
        server.setRawDataReceiver(in -> { });
        try {
            server.start();
            return IdleSessions.measure(server.getAddress(), Dtls4jRival.clientConfig(NamedGroup.SECP256R1), warmUp, sessions,
                    null);
        } finally {
            server.destroy();
        }
    }
}
