package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.bouncycastle.tls.TlsSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** dtls4j against Bouncy Castle's DTLS 1.2 (bctls), both ways, on 127.0.0.1. */
@Timeout(60)
class BouncyCastleInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    static Stream<CipherSuite> suites() {
        return OpenSslInteropTest.SUITES.stream();
    }

    private static List<byte[]> messages(CipherSuite suite) {
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            messages.add(("message " + i + " over " + suite.name()).getBytes(StandardCharsets.US_ASCII));
        }
        messages.add(new byte[1000]);
        return messages;
    }

    @Test
    void theBouncyCastlePeersTalkToEachOther() throws Exception {
        // the harness itself: with both ends Bouncy Castle's, what the tests below see is dtls4j's doing
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        List<byte[]> messages = messages(suite);
        try (BcDtlsPeer server = BcDtlsPeer.echoServer(serverKey, suite.id(), WAIT);
             BcDtlsPeer client = BcDtlsPeer.client(serverKey.leaf(), suite.id(), server.localAddress(), messages, WAIT)) {
            client.awaitDone(WAIT);
            server.awaitDone(WAIT);
            assertThat(client.received()).containsExactlyElementsOf(messages);
            assertThat(server.received()).containsExactlyElementsOf(messages);
            assertThat(server.closedByPeer()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void ourClientTalksToTheBouncyCastleServer(CipherSuite suite) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        try (BcDtlsPeer server = BcDtlsPeer.echoServer(serverKey, suite.id(), WAIT)) {
            DtlsConfig config = DtlsConfig.builder().peerVerifier(InteropCredentials.expecting(serverKey.leaf())).build();
            try (DtlsClient client = DtlsClient.connect(server.localAddress(), config, InteropCredentials.SERVER_NAME, WAIT)) {
                assertThat(client.session().cipherSuite()).isEqualTo(suite);
                assertThat(client.session().extendedMasterSecret()).isTrue();
                for (byte[] message : messages(suite)) {
                    client.send(message);
                    assertThat(client.receive(WAIT)).isEqualTo(message);
                }
            }
            server.awaitDone(WAIT);
            assertThat(server.cipherSuite()).isEqualTo(suite.id());
            assertThat(server.extendedMasterSecret()).isTrue();
            assertThat(server.received()).containsExactlyElementsOf(messages(suite));
            assertThat(server.closedByPeer()).as("Bouncy Castle saw our close_notify").isTrue();
        }
    }

    static Stream<Arguments> suitesOnEachServer() {
        return ServerUnderTest.crossed(OpenSslInteropTest.SUITES);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("suitesOnEachServer")
    void theBouncyCastleClientTalksToOurServer(CipherSuite suite, ServerUnderTest serverUnderTest) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).build();
        try (ServerUnderTest.Running server = serverUnderTest.start(config, listener)) {
            List<byte[]> messages = messages(suite);
            try (BcDtlsPeer client = BcDtlsPeer.client(serverKey.leaf(), suite.id(), server.localAddress(), messages, WAIT)) {
                client.awaitDone(WAIT);
                assertThat(client.cipherSuite()).isEqualTo(suite.id());
                assertThat(client.extendedMasterSecret()).isTrue();
                assertThat(client.received()).containsExactlyElementsOf(messages);
            }
            assertThat(listener.await(l -> l.closed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.established()).singleElement().satisfies(s -> assertThat(s.cipherSuite()).isEqualTo(suite));
            assertThat(listener.failed()).isEmpty();
        }
    }

    @Test
    void theBouncyCastleClientResumesItsSessionWithOurServer() throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener)
                .sessionCache(new SessionCache()).build()) {
            server.start();
            List<byte[]> messages = messages(suite);
            TlsSession session;
            try (BcDtlsPeer first = BcDtlsPeer.client(serverKey.leaf(), suite.id(), server.localAddress(), messages, WAIT)) {
                first.awaitDone(WAIT);
                assertThat(first.resumed()).isFalse();
                session = first.session();
            }
            assertThat(session.isResumable()).isTrue();
            try (BcDtlsPeer second = BcDtlsPeer.client(serverKey.leaf(), suite.id(), server.localAddress(), messages, WAIT, session)) {
                second.awaitDone(WAIT);
                assertThat(second.resumed()).as("Bouncy Castle resumed").isTrue();
                assertThat(second.extendedMasterSecret()).isTrue();
                assertThat(second.received()).containsExactlyElementsOf(messages);
            }
            assertThat(listener.await(l -> l.closed().size() == 2, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.established()).extracting(SessionInfo::resumed).containsExactly(false, true);
            assertThat(listener.failed()).isEmpty();
        }
    }
}
