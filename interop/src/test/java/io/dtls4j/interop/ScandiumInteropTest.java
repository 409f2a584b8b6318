package io.dtls4j.interop;

import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.credentials.RawKeyPair;
import io.dtls4j.credentials.RawPublicKeyVerifier;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dtls4j against Eclipse Californium Scandium 3.x (the DTLS of the CoAP world) in this JVM on
 * 127.0.0.1, in both roles: PSK with AES-128-CCM-8 (RFC 6655, the RFC 7925 profile) and ECDHE_ECDSA
 * with AES-128-CCM-8 (RFC 7251) authenticated by raw public keys (RFC 7250), each with connection IDs
 * (RFC 9146) negotiated both ways. Each test carries application data both ways and checks that both
 * sides name the same suite and the same CIDs, so the CID record format (content type 25, RFC 9146 §5
 * additional data) is the one Scandium writes and reads.
 */
@Timeout(60)
class ScandiumInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String IDENTITY = "coap-device-1";
    private static final byte[] KEY = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafa0");
    private static final org.eclipse.californium.scandium.dtls.cipher.CipherSuite SCANDIUM_PSK_CCM8 =
            org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
    private static final org.eclipse.californium.scandium.dtls.cipher.CipherSuite SCANDIUM_ECDSA_CCM8 =
            org.eclipse.californium.scandium.dtls.cipher.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** ECDHE_ECDSA with AES-128-CCM-8, authenticated by {@code own} raw key, trusting only {@code peer}'s. */
    private static DtlsConfig.Builder rawKeyCcm8(KeyPair own, KeyPair peer, int cidLength) {
        return DtlsConfig.builder()
                .rawKeyPair(new RawKeyPair(own.getPublic(), own.getPrivate()))
                .rawPublicKeyVerifier(RawPublicKeyVerifier.trusting(List.of(peer.getPublic())))
                .cipherSuites(io.dtls4j.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                .connectionIdLength(cidLength);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static DtlsServer startedServer(DtlsConfig config, RecordingEchoListener listener) throws Exception {
        DtlsServer server = DtlsServer.builder(config).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .threads(1).listener(listener).build();
        server.start();
        return server;
    }

    /** Our client against the Scandium server: one record there and its echo back, and what both negotiated. */
    private static void clientAgainstScandiumServer(ScandiumPeer server, DtlsConfig config,
                                                    io.dtls4j.config.CipherSuite suite, int ourCid, int theirCid) throws Exception {
        try (DtlsClient client = DtlsClient.connect(server.localAddress(), config, null, WAIT)) {
            SessionInfo session = client.session();
            assertThat(session.cipherSuite()).isEqualTo(suite);
            assertThat(session.readConnectionId()).hasSize(ourCid);
            assertThat(session.writeConnectionId()).hasSize(theirCid);
            byte[] message = bytes("to Scandium with " + suite);
            client.send(message);
            assertThat(client.receive(WAIT)).isEqualTo(message);

            ScandiumPeer.Received atScandium = server.receive(WAIT);
            assertThat(atScandium).isNotNull();
            assertThat(atScandium.data()).isEqualTo(message);
            assertThat(atScandium.cipherSuite()).isEqualTo(suite.name());
            assertThat(atScandium.readConnectionId()).isEqualTo(session.writeConnectionId());
            assertThat(atScandium.writeConnectionId()).isEqualTo(session.readConnectionId());
        }
    }

    /** The Scandium client against our server: one record here and its echo back, and what both negotiated. */
    private static void scandiumClientAgainstOurServer(ScandiumPeer client, DtlsConfig config,
                                                       io.dtls4j.config.CipherSuite suite, int ourCid, int theirCid) throws Exception {
        RecordingEchoListener listener = new RecordingEchoListener();
        try (DtlsServer server = startedServer(config, listener)) {
            byte[] message = bytes("from Scandium with " + suite);
            client.send(server.localAddress(), message);
            ScandiumPeer.Received echo = client.receive(WAIT);
            assertThat(echo).as("echo from our server; %s", listener).isNotNull();
            assertThat(echo.data()).isEqualTo(message);
            // the listener echoes before it records: the echo may overtake the record
            assertThat(listener.await(l -> !l.received().isEmpty(), WAIT)).as("%s", listener).isTrue();
            assertThat(listener.received()).singleElement().isEqualTo(message);

            SessionInfo session = listener.established().get(0);
            assertThat(session.cipherSuite()).isEqualTo(suite);
            assertThat(session.readConnectionId()).hasSize(ourCid);
            assertThat(session.writeConnectionId()).hasSize(theirCid);
            assertThat(echo.cipherSuite()).isEqualTo(suite.name());
            assertThat(echo.readConnectionId()).isEqualTo(session.writeConnectionId());
            assertThat(echo.writeConnectionId()).isEqualTo(session.readConnectionId());
        }
    }

    @Test
    void ourPskClientWithConnectionIdsAgainstTheScandiumServer() throws Exception {
        try (ScandiumPeer server = ScandiumPeer.pskServer(SCANDIUM_PSK_CCM8, IDENTITY, KEY, 6)) {
            DtlsConfig config = DtlsConfig.builder().psk(PreSharedKey.of(IDENTITY, KEY))
                    .cipherSuites(io.dtls4j.config.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8).connectionIdLength(4).build();
            clientAgainstScandiumServer(server, config, io.dtls4j.config.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, 4, 6);
        }
    }

    @Test
    void theScandiumPskClientWithConnectionIdsAgainstOurServer() throws Exception {
        try (ScandiumPeer client = ScandiumPeer.pskClient(SCANDIUM_PSK_CCM8, IDENTITY, KEY, 3)) {
            DtlsConfig config = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(PreSharedKey.of(IDENTITY, KEY)))
                    .cipherSuites(io.dtls4j.config.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8).connectionIdLength(5).build();
            scandiumClientAgainstOurServer(client, config, io.dtls4j.config.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, 5, 3);
        }
    }

    @Test
    void ourClientWithAnEmptyConnectionIdAgainstTheScandiumServer() throws Exception {
        // RFC 9146 §3: we take part with an empty CID; Scandium's records to us carry none, ours carry its CID
        try (ScandiumPeer server = ScandiumPeer.pskServer(SCANDIUM_PSK_CCM8, IDENTITY, KEY, 6)) {
            DtlsConfig config = DtlsConfig.builder().psk(PreSharedKey.of(IDENTITY, KEY))
                    .cipherSuites(io.dtls4j.config.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8).connectionIdLength(0).build();
            clientAgainstScandiumServer(server, config, io.dtls4j.config.CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, 0, 6);
        }
    }

    @Test
    void ourRawKeyClientWithEcdheEcdsaCcm8AndConnectionIdsAgainstTheScandiumServer() throws Exception {
        KeyPair serverKey = p256();
        KeyPair clientKey = p256();
        try (ScandiumPeer server = ScandiumPeer.rawKeyPeer(DtlsRole.SERVER_ONLY, SCANDIUM_ECDSA_CCM8, serverKey,
                clientKey.getPublic(), 8)) {
            DtlsConfig config = rawKeyCcm8(clientKey, serverKey, 4).build();
            clientAgainstScandiumServer(server, config, io.dtls4j.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 4, 8);
        }
    }

    @Test
    void theScandiumRawKeyClientWithEcdheEcdsaCcm8AndConnectionIdsAgainstOurServer() throws Exception {
        KeyPair serverKey = p256();
        KeyPair clientKey = p256();
        try (ScandiumPeer client = ScandiumPeer.rawKeyPeer(DtlsRole.CLIENT_ONLY, SCANDIUM_ECDSA_CCM8, clientKey,
                serverKey.getPublic(), 2)) {
            DtlsConfig config = rawKeyCcm8(serverKey, clientKey, 6).clientAuth(ClientAuth.REQUIRED).build();
            scandiumClientAgainstOurServer(client, config, io.dtls4j.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 6, 2);
        }
    }
}
