package io.dtls4j.interop;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.OpenSslPki;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Mutual authentication with OpenSSL on 127.0.0.1, with chains made by the openssl command (root →
 * intermediate → leaf): our client presents its chain to {@code openssl s_server -Verify 1}, and
 * {@code openssl s_client -cert -key} presents its chain to our server, which requires one and
 * checks it by PKIX; the refusals reach OpenSSL as alerts.
 */
@Timeout(120)
class OpenSslPeerAuthenticationInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    private static OpenSslPki pki;

    @BeforeAll
    static void makePki() throws Exception {
        PeerProcess.assumeInstalled("openssl", "openssl");
        pki = new OpenSslPki(dir).createCas();
        pki.createLeafWithChain("server", "EC", "dtls4j interop server", 30);
        for (String type : List.of("EC", "EC_P521", "RSA", "ED25519")) {
            pki.createLeafWithChain("client-" + type, type, "dtls4j interop client " + type, 30);
        }
        pki.createStranger("stranger", "dtls4j stranger", 30);
    }

    /** {@code openssl s_server -dtls1_2} presenting the server chain and requiring a client certificate under the root. */
    private static PeerProcess startVerifyingServer(int port) throws Exception {
        PeerProcess server = PeerProcess.start(List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", "server.pem", "-cert_chain", "intermediate.pem", "-key", "server.key",
                "-Verify", "1", "-CAfile", "root.pem", "-verify_return_error", "-naccept", "1"), dir);
        if (!server.awaitOutput("ACCEPT", WAIT)) {
            server.close();
            throw new AssertionError("s_server did not start; " + server.describe());
        }
        return server;
    }

    private static DtlsConfig.Builder pkixClient() throws Exception {
        return DtlsConfig.builder().peerVerifier(PeerVerifiers.pkix(List.of(pki.root())));
    }

    // ---- our client, OpenSSL's server ----

    @ParameterizedTest(name = "{0} client certificate")
    @ValueSource(strings = {"EC", "EC_P521", "RSA", "ED25519"})
    void ourClientPresentsItsChainToOpenSslServerRequiringOne(String keyType) throws Exception {
        CertifiedKey clientKey = pki.certifiedKey("client-" + keyType);
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startVerifyingServer(port)) {
            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port),
                    pkixClient().certifiedKey(clientKey).build(), OpenSslPki.HOST, WAIT)) {
                SessionInfo session = client.session();
                assertThat(session.peerCertificates()).hasSize(2); // s_server sent the intermediate too
                assertThat(session.peerCertificates().get(0).getSubjectX500Principal().getName())
                        .isEqualTo("CN=dtls4j interop server");

                client.send("hello from an authenticated client\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(server.awaitOutput("hello from an authenticated client", WAIT)).as(server.describe()).isTrue();
            }
            assertThat(server.awaitExit(WAIT)).as(server.describe()).isEqualTo(0);
            // s_server checked our chain to its CA file and prints the certificate it got
            assertThat(server.output())
                    .contains("depth=0 CN = dtls4j interop client " + keyType)
                    .contains("Client certificate")
                    .contains("subject=CN = dtls4j interop client " + keyType);
        }
    }

    @Test
    void openSslServerRefusesOurClientWithoutACertificateWithHandshakeFailure() throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startVerifyingServer(port)) {
            DtlsException e = catchThrowableOfType(() -> DtlsClient.connect(LoopbackPorts.loopback(port),
                    pkixClient().build(), OpenSslPki.HOST, WAIT).close(), DtlsException.class);

            assertThat(e).as(server.describe()).isNotNull();
            assertThat(e.alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
            assertThat(e.alertFromPeer()).isTrue();
            assertThat(server.awaitOutput("peer did not return a certificate", WAIT)).as(server.describe()).isTrue();
        }
    }

    @Test
    void ourClientRefusesOpenSslServerCertificateForAnotherNameWithBadCertificate() throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = startVerifyingServer(port)) {
            DtlsException e = catchThrowableOfType(() -> DtlsClient.connect(LoopbackPorts.loopback(port),
                    pkixClient().certifiedKey(pki.certifiedKey("client-EC")).build(), "other.test", WAIT).close(),
                    DtlsException.class);

            assertThat(e).isNotNull();
            assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE);
            assertThat(e.alertFromPeer()).isFalse();
            assertThat(e.getMessage()).contains("server certificate CN=dtls4j interop server", "other.test");
            // the alert reached OpenSSL
            assertThat(server.awaitOutput("bad certificate", WAIT)).as(server.describe()).isTrue();
        }
    }

    // ---- OpenSSL's client, our server ----

    /** Our server presenting the server chain, requiring a client certificate, checked by PKIX to the root. */
    private static DtlsServer requiringServer(RecordingEchoListener listener) throws Exception {
        DtlsConfig config = DtlsConfig.builder().certifiedKey(pki.certifiedKey("server"))
                .clientAuth(ClientAuth.REQUIRED).peerVerifier(PeerVerifiers.pkix(List.of(pki.root()))).build();
        DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build();
        server.start();
        return server;
    }

    private static List<String> sClient(int port, String... extra) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + port,
                "-CAfile", "root.pem", "-verify_return_error", "-servername", OpenSslPki.HOST));
        command.addAll(List.of(extra));
        return command;
    }

    @ParameterizedTest(name = "{0} client certificate")
    @ValueSource(strings = {"EC", "EC_P521", "RSA", "ED25519"})
    void openSslClientWithACertificateIsAuthenticatedByOurServer(String keyType) throws Exception {
        RecordingEchoListener listener = new RecordingEchoListener();
        String name = "client-" + keyType;
        try (DtlsServer server = requiringServer(listener);
             PeerProcess client = PeerProcess.start(sClient(server.localAddress().getPort(),
                     "-cert", name + ".pem", "-cert_chain", "intermediate.pem", "-key", name + ".key"), dir)) {
            assertThat(listener.await(l -> l.established().size() == 1, WAIT)).as(listener + "; " + client.describe()).isTrue();
            SessionInfo session = listener.established().get(0);
            assertThat(session.peerCertificates()).hasSize(2);
            assertThat(session.peerCertificates().get(0).getSubjectX500Principal().getName())
                    .isEqualTo("CN=dtls4j interop client " + keyType);
            assertThat(session.peerSignatureScheme()).isNotNull();
            assertThat(client.awaitOutput("Verification: OK", WAIT)).as(client.describe()).isTrue();

            client.writeLine("echo for an authenticated " + keyType + " client");
            assertThat(client.awaitOutput("echo for an authenticated " + keyType + " client\n", WAIT)).isTrue();
            assertThat(listener.await(l -> l.received().size() == 1, WAIT)).isTrue();
            client.closeStdin();
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
            assertThat(listener.failed()).isEmpty();
        }
    }

    @Test
    void openSslClientWithoutACertificateIsRefusedWithHandshakeFailure() throws Exception {
        RecordingEchoListener listener = new RecordingEchoListener();
        try (DtlsServer server = requiringServer(listener);
             PeerProcess client = PeerProcess.start(sClient(server.localAddress().getPort()), dir)) {
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isNotNull().isNotEqualTo(0);
            // alert 40, handshake_failure, as OpenSSL reports it
            assertThat(client.output()).contains("alert handshake failure").contains("SSL alert number 40");
            assertThat(listener.await(l -> l.failed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            DtlsException cause = listener.failed().get(0);
            assertThat(cause.alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
            assertThat(cause.alertFromPeer()).isFalse();
            assertThat(cause.getMessage()).contains("client sent no certificate");
            assertThat(listener.established()).isEmpty();
        }
    }

    @Test
    void openSslClientWithACertificateFromNoTrustedCaIsRefusedWithUnknownCa() throws Exception {
        RecordingEchoListener listener = new RecordingEchoListener();
        try (DtlsServer server = requiringServer(listener);
             PeerProcess client = PeerProcess.start(sClient(server.localAddress().getPort(),
                     "-cert", "stranger.pem", "-key", "stranger.key"), dir)) {
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isNotNull().isNotEqualTo(0);
            assertThat(client.output()).contains("alert unknown ca").contains("SSL alert number 48");
            assertThat(listener.await(l -> l.failed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            DtlsException cause = listener.failed().get(0);
            assertThat(cause.alert()).isEqualTo(AlertDescription.UNKNOWN_CA);
            assertThat(cause.getMessage()).contains("client certificate CN=dtls4j stranger");
        }
    }
}
