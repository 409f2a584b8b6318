package io.dtls4j.interop;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.RawKeyPair;
import io.dtls4j.credentials.RawPublicKeyVerifier;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.bouncycastle.tls.CertificateType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Raw public keys (RFC 7250) against Bouncy Castle's DTLS 1.2 on 127.0.0.1, in both roles, with EC
 * P-256 and Ed25519 keys: the certificate types negotiated both ways, each side trusting exactly
 * the other's key, and an untrusted key refused with bad_certificate on either side. (OpenSSL 3.0
 * has no raw public key support; 3.2 added it.)
 */
@Timeout(60)
class BouncyCastleRawPublicKeyInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static RawKeyPair generate(String keyType) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType.equals("EC") ? "EC" : "Ed25519");
        if (keyType.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        }
        KeyPair pair = generator.generateKeyPair();
        return new RawKeyPair(pair.getPublic(), pair.getPrivate());
    }

    private static RawPublicKeyVerifier trusting(RawKeyPair key) {
        return RawPublicKeyVerifier.trusting(List.of(key.publicKey()));
    }

    @ParameterizedTest(name = "{0} keys")
    @ValueSource(strings = {"EC", "ED25519"})
    void ourClientAndTheBouncyCastleServerAuthenticateEachOtherWithRawKeys(String keyType) throws Exception {
        RawKeyPair serverKey = generate(keyType);
        RawKeyPair clientKey = generate(keyType);
        byte[] message = ("raw keys both ways, " + keyType).getBytes(StandardCharsets.US_ASCII);
        try (BcRawKeyPeer server = BcRawKeyPeer.echoServer(serverKey, clientKey.publicKey(), WAIT)) {
            DtlsConfig config = DtlsConfig.builder().rawKeyPair(clientKey).rawPublicKeyVerifier(trusting(serverKey)).build();
            try (DtlsClient client = DtlsClient.connect(server.localAddress(), config, null, WAIT)) {
                SessionInfo session = client.session();
                assertThat(session.peerUsedRawPublicKey()).isTrue();
                assertThat(session.peerPublicKey().getEncoded()).isEqualTo(serverKey.publicKey().getEncoded());
                client.send(message);
                assertThat(client.receive(WAIT)).isEqualTo(message);
            }
            server.awaitSuccess(WAIT);
            assertThat(server.serverCertificateType()).isEqualTo(CertificateType.RawPublicKey);
            assertThat(server.clientCertificateType()).isEqualTo(CertificateType.RawPublicKey);
            assertThat(server.peerKey()).as("Bouncy Castle got our SubjectPublicKeyInfo").isEqualTo(clientKey.publicKey().getEncoded());
            assertThat(server.received()).containsExactly(message);
        }
    }

    @ParameterizedTest(name = "{0} keys")
    @ValueSource(strings = {"EC", "ED25519"})
    void theBouncyCastleClientAndOurServerAuthenticateEachOtherWithRawKeys(String keyType) throws Exception {
        RawKeyPair serverKey = generate(keyType);
        RawKeyPair clientKey = generate(keyType);
        byte[] message = ("raw keys to our server, " + keyType).getBytes(StandardCharsets.US_ASCII);
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().rawKeyPair(serverKey).clientAuth(ClientAuth.REQUIRED)
                .rawPublicKeyVerifier(trusting(clientKey)).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (BcRawKeyPeer client = BcRawKeyPeer.client(clientKey, serverKey.publicKey(), server.localAddress(), message, WAIT)) {
                client.awaitSuccess(WAIT);
                assertThat(client.serverCertificateType()).isEqualTo(CertificateType.RawPublicKey);
                assertThat(client.clientCertificateType()).isEqualTo(CertificateType.RawPublicKey);
                assertThat(client.peerKey()).isEqualTo(serverKey.publicKey().getEncoded());
                assertThat(client.received()).containsExactly(message);
            }
            assertThat(listener.await(l -> l.closed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            SessionInfo session = listener.established().get(0);
            assertThat(session.peerUsedRawPublicKey()).isTrue();
            assertThat(session.peerPublicKey().getEncoded()).isEqualTo(clientKey.publicKey().getEncoded());
            assertThat(listener.failed()).isEmpty();
        }
    }

    @Test
    void theBouncyCastleClientWithoutAClientKeyGetsOurServersRawKeyWhenNoneIsRequested() throws Exception {
        RawKeyPair serverKey = generate("EC");
        byte[] message = "server-only raw key".getBytes(StandardCharsets.US_ASCII);
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().rawKeyPair(serverKey).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (BcRawKeyPeer client = BcRawKeyPeer.client(null, serverKey.publicKey(), server.localAddress(), message, WAIT)) {
                client.awaitSuccess(WAIT);
                assertThat(client.serverCertificateType()).isEqualTo(CertificateType.RawPublicKey);
                assertThat(client.received()).containsExactly(message);
            }
            assertThat(listener.await(l -> l.closed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.established().get(0).peerPublicKey()).isNull();
        }
    }

    @Test
    void ourClientRefusesAnUntrustedBouncyCastleServerKeyWithBadCertificate() throws Exception {
        RawKeyPair serverKey = generate("EC");
        RawKeyPair expected = generate("EC");
        try (BcRawKeyPeer server = BcRawKeyPeer.echoServer(serverKey, null, WAIT)) {
            DtlsConfig config = DtlsConfig.builder().rawPublicKeyVerifier(trusting(expected)).build();

            DtlsException e = catchThrowableOfType(
                    () -> DtlsClient.connect(server.localAddress(), config, null, WAIT).close(), DtlsException.class);

            assertThat(e).isNotNull();
            assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
            assertThat(e.alertFromPeer()).isFalse();
            assertThat(e.getMessage()).contains("server raw public key (EC, SPKI sha-256");
            // Bouncy Castle may still be writing its flight when our client, having refused the key in
            // the first datagram, closes its socket: it then fails on "port unreachable" before it reads the alert
            assertThat(server.awaitEnd(WAIT)).as("Bouncy Castle's handshake failed").isNotNull();
            assertThat(server.handshakeCompleted()).isFalse();
        }
    }

    @Test
    void ourServerRefusesAnUntrustedBouncyCastleClientKeyWithBadCertificate() throws Exception {
        RawKeyPair serverKey = generate("ED25519");
        RawKeyPair clientKey = generate("ED25519");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().rawKeyPair(serverKey).clientAuth(ClientAuth.REQUIRED)
                .rawPublicKeyVerifier(trusting(generate("ED25519"))).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (BcRawKeyPeer client = BcRawKeyPeer.client(clientKey, serverKey.publicKey(), server.localAddress(),
                    new byte[] {1}, WAIT)) {
                assertThat(client.awaitEnd(WAIT)).as("Bouncy Castle's handshake failed").isNotNull();
                assertThat(client.alertsReceived()).as(BcRawKeyPeer.alertNames(client.alertsReceived()))
                        .contains(org.bouncycastle.tls.AlertDescription.bad_certificate);
            }
            assertThat(listener.await(l -> l.failed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            DtlsException cause = listener.failed().get(0);
            assertThat(cause.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
            assertThat(cause.alertFromPeer()).isFalse();
            assertThat(cause.getMessage()).contains("client raw public key (Ed25519");
            assertThat(listener.established()).isEmpty();
        }
    }

    @Test
    void theBouncyCastleClientRefusesOurServersKeyWhenItTrustsAnotherWithBadCertificate() throws Exception {
        RawKeyPair serverKey = generate("EC");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().rawKeyPair(serverKey).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (BcRawKeyPeer client = BcRawKeyPeer.client(null, generate("EC").publicKey(), server.localAddress(),
                    new byte[] {1}, WAIT)) {
                assertThat(client.awaitEnd(WAIT)).isNotNull();
                assertThat(client.alertsRaised()).contains(org.bouncycastle.tls.AlertDescription.bad_certificate);
            }
            assertThat(listener.await(l -> l.failed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.failed().get(0).alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
            assertThat(listener.failed().get(0).alertFromPeer()).isTrue();
        }
    }
}
