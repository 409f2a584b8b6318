package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.transport.DtlsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** dtls4j against the JDK's DTLS 1.2 SSLEngine, both ways, on 127.0.0.1. */
@Timeout(60)
class JdkSslEngineInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    static Stream<CipherSuite> suites() {
        return OpenSslInteropTest.SUITES.stream();
    }

    /** The JDK's (IANA) name of a suite. */
    private static String jdkName(CipherSuite suite) {
        return suite.name();
    }

    private static List<byte[]> messages(CipherSuite suite) {
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            messages.add(("message " + i + " over " + suite.name()).getBytes(StandardCharsets.US_ASCII));
        }
        messages.add(new byte[1000]); // one near the record limit of a 1200-byte MTU
        return messages;
    }

    @Test
    void theJdkPeersTalkToEachOther() throws Exception {
        // the harness itself: with both ends the JDK's, what the tests below see is dtls4j's doing
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        List<byte[]> messages = messages(suite);
        try (JdkDtlsPeer server = JdkDtlsPeer.echoServer(JdkDtlsPeer.context(serverKey, null), jdkName(suite), WAIT);
             JdkDtlsPeer client = JdkDtlsPeer.client(JdkDtlsPeer.context(null, serverKey.leaf()), jdkName(suite),
                     server.localAddress(), messages, WAIT)) {
            client.awaitDone(WAIT);
            server.awaitDone(WAIT);
            assertThat(client.received()).containsExactlyElementsOf(messages);
            assertThat(server.received()).containsExactlyElementsOf(messages);
            assertThat(client.closedByPeer()).isTrue();
            assertThat(server.closedByPeer()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void ourClientTalksToTheJdkServer(CipherSuite suite) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        SSLContext context = JdkDtlsPeer.context(serverKey, null);
        try (JdkDtlsPeer server = JdkDtlsPeer.echoServer(context, jdkName(suite), WAIT)) {
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
            assertThat(server.cipherSuite()).isEqualTo(jdkName(suite));
            assertThat(server.received()).hasSize(messages(suite).size());
            assertThat(server.closedByPeer()).as("the JDK saw our close_notify").isTrue();
        }
    }

    static Stream<Arguments> suitesOnEachServer() {
        return ServerUnderTest.crossed(OpenSslInteropTest.SUITES);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("suitesOnEachServer")
    void theJdkClientTalksToOurServer(CipherSuite suite, ServerUnderTest serverUnderTest) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).build();
        try (ServerUnderTest.Running server = serverUnderTest.start(config, listener)) {
            SSLContext context = JdkDtlsPeer.context(null, serverKey.leaf());
            List<byte[]> messages = messages(suite);
            try (JdkDtlsPeer client = JdkDtlsPeer.client(context, jdkName(suite), server.localAddress(), messages, WAIT)) {
                client.awaitDone(WAIT);
                assertThat(client.cipherSuite()).isEqualTo(jdkName(suite));
                assertThat(client.received()).containsExactlyElementsOf(messages);
                assertThat(client.closedByPeer()).as("our server answered close_notify").isTrue();
            }
            assertThat(listener.await(l -> l.closed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.established()).singleElement().satisfies(s -> assertThat(s.cipherSuite()).isEqualTo(suite));
            assertThat(listener.failed()).isEmpty();
        }
    }
}
