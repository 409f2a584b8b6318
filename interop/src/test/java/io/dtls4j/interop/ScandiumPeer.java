package io.dtls4j.interop;

import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.ExtendedMasterSecretMode;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Eclipse Californium's Scandium DTLSConnector in this JVM, on 127.0.0.1, as a server that echoes every
 * record or as a client: PSK or raw public keys (RFC 7250), one cipher suite, and a connection ID
 * length (RFC 9146; null: Scandium does not take part). What arrives is kept with the DTLS endpoint
 * context Scandium gives it, which names the suite and the connection IDs it negotiated.
 */
final class ScandiumPeer implements AutoCloseable {
    /** One application record and what Scandium says about the connection it came on. */
    record Received(byte[] data, EndpointContext context) {
        String cipherSuite() {
            return context.getString(DtlsEndpointContext.KEY_CIPHER);
        }

        /** The CID Scandium reads (its own, which our records carry); empty when none. */
        byte[] readConnectionId() {
            return bytes(context.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID));
        }

        /** The CID Scandium writes (ours); empty when none. */
        byte[] writeConnectionId() {
            return bytes(context.get(DtlsEndpointContext.KEY_WRITE_CONNECTION_ID));
        }

        private static byte[] bytes(Bytes b) {
            return b == null ? new byte[0] : b.getBytes();
        }
    }

    private final DTLSConnector connector;
    private final boolean echo;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    private ScandiumPeer(DtlsConnectorConfig config, boolean echo) throws Exception {
        this.echo = echo;
        this.connector = new DTLSConnector(config);
        connector.setRawDataReceiver(this::onData);
        connector.start();
    }

    /** Settings every peer shares: role, one suite, RFC 7627, CIDs, quick retransmissions, two threads. */
    private static DtlsConnectorConfig.Builder builder(DtlsRole role, CipherSuite suite, Integer cidLength) {
        DtlsConfig.register();
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(new Configuration())
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .set(DtlsConfig.DTLS_ROLE, role)
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, suite)
                .set(DtlsConfig.DTLS_EXTENDED_MASTER_SECRET_MODE, ExtendedMasterSecretMode.REQUIRED)
                .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1)
                .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1)
                .set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 500, TimeUnit.MILLISECONDS);
        if (cidLength != null) {
            b.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, cidLength);
        }
        return b;
    }

    static ScandiumPeer pskServer(CipherSuite suite, String identity, byte[] key, Integer cidLength) throws Exception {
        return new ScandiumPeer(builder(DtlsRole.SERVER_ONLY, suite, cidLength)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key)).build(), true);
    }

    static ScandiumPeer pskClient(CipherSuite suite, String identity, byte[] key, Integer cidLength) throws Exception {
        return new ScandiumPeer(builder(DtlsRole.CLIENT_ONLY, suite, cidLength)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key)).build(), false);
    }

    /** Raw public keys both ways: {@code own} authenticates this peer, only {@code trusted} is accepted from the other. */
    static ScandiumPeer rawKeyPeer(DtlsRole role, CipherSuite suite, KeyPair own, PublicKey trusted, Integer cidLength)
            throws Exception {
        return new ScandiumPeer(builder(role, suite, cidLength)
                .setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY)
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED)
                .setCertificateIdentityProvider(new SingleCertificateProvider(own.getPrivate(), own.getPublic()))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedRPKs(new RawPublicKeyIdentity(trusted)).build())
                .build(), role == DtlsRole.SERVER_ONLY);
    }

    InetSocketAddress localAddress() {
        return connector.getAddress();
    }

    /** Sends one record to {@code peer}; a client's first send starts the handshake. */
    void send(InetSocketAddress peer, byte[] data) {
        connector.send(RawData.outbound(data, new AddressEndpointContext(peer), null, false));
    }

    /** The next record that arrived, or null after {@code timeout}. */
    Received receive(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onData(RawData data) {
        received.add(new Received(data.getBytes(), data.getEndpointContext()));
        if (echo) {
            connector.send(RawData.outbound(data.getBytes(), data.getEndpointContext(), null, false));
        }
    }

    @Override
    public void close() {
        connector.destroy();
    }
}
