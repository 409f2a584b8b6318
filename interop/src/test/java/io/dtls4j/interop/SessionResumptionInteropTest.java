package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.SavedSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session resumption (RFC 5246 §7.3) between dtls4j and real peers on 127.0.0.1, both ways: our
 * {@link DtlsClient} resuming a {@link SavedSession} with {@code openssl s_server} and
 * {@code gnutls-serv}, and {@code openssl s_client -sess_out/-sess_in} and {@code gnutls-cli --resume}
 * resuming with our {@link DtlsServer}. Each test is skipped when its program is not installed.
 */
@Timeout(60)
class SessionResumptionInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    @TempDir
    Path dir;

    private final CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(SUITE));

    private DtlsConfig clientConfig() {
        return DtlsConfig.builder().peerVerifier(InteropCredentials.expecting(serverKey.leaf())).build();
    }

    /**
     * Connects offering {@code saved} (may be null), checks that it was resumed or not, sends a line
     * (which an echoing {@code peer} sends back, another prints) and returns the session to keep.
     */
    private static SavedSession connectAndClose(InetSocketAddress at, DtlsConfig config, SavedSession saved,
                                                boolean expectResumed, PeerProcess peer, boolean echoes) throws Exception {
        try (DtlsClient client = DtlsClient.connect(at, config, InteropCredentials.SERVER_NAME, saved, WAIT)) {
            assertThat(client.resumed()).as("resumed; " + peer.describe()).isEqualTo(expectResumed);
            assertThat(client.session().cipherSuite()).isEqualTo(SUITE);
            assertThat(client.session().extendedMasterSecret()).isTrue();
            String line = (expectResumed ? "resumed" : "full") + " handshake line";
            client.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
            if (echoes) {
                byte[] echo = client.receive(WAIT);
                assertThat(echo).as("the echo; " + peer.describe()).isNotNull();
                assertThat(new String(echo, StandardCharsets.US_ASCII)).isEqualTo(line + "\n");
            } else {
                assertThat(peer.awaitOutput(line, WAIT)).as(peer.describe()).isTrue();
            }
            SavedSession kept = client.savedSession();
            assertThat(kept).as("the server named a session; " + peer.describe()).isNotNull();
            return kept;
        }
    }

    @Test
    void ourClientResumesWithOpenSslServerBySessionId() throws Exception {
        PeerProcess.assumeInstalled("openssl", "openssl");
        int port = LoopbackPorts.freeUdpPort();
        // -no_ticket: the session ID alone names the session (RFC 5246 §7.4.1.2)
        try (PeerProcess server = OpenSslInteropTest.startServer(dir, serverKey, SUITE, port, List.of("-no_ticket", "-naccept", "2"))) {
            SavedSession saved = connectAndClose(LoopbackPorts.loopback(port), clientConfig(), null, false, server, false);
            SavedSession again = connectAndClose(LoopbackPorts.loopback(port), clientConfig(), saved, true, server, false);
            assertThat(again.session().id()).isEqualTo(saved.session().id());
            assertThat(server.awaitExit(WAIT)).as(server.describe()).isEqualTo(0);
            assertThat(server.output()).contains("Reused session-id");
        }
    }

    @Test
    void ourClientResumesWithOpenSslServerFromItsTicket() throws Exception {
        PeerProcess.assumeInstalled("openssl", "openssl");
        int port = LoopbackPorts.freeUdpPort();
        // s_server issues tickets by default (RFC 5077); our client asks for one and offers it
        try (PeerProcess server = OpenSslInteropTest.startServer(dir, serverKey, SUITE, port, List.of("-naccept", "2"))) {
            SavedSession saved = connectAndClose(LoopbackPorts.loopback(port), clientConfig(), null, false, server, false);
            assertThat(saved.session().ticket()).as("s_server's ticket; " + server.describe()).isNotNull();
            connectAndClose(LoopbackPorts.loopback(port), clientConfig(), saved, true, server, false);
            assertThat(server.awaitExit(WAIT)).as(server.describe()).isEqualTo(0);
            assertThat(server.output()).contains("Reused session-id");
        }
    }

    @Test
    void openSslClientSavesItsSessionAndResumesItWithOurServerFromTheFile() throws Exception {
        PeerProcess.assumeInstalled("openssl", "openssl");
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).cipherSuites(SUITE).build();
        Path sessionFile = dir.resolve("openssl.session");
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener)
                .sessionCache(new SessionCache()).build()) {
            server.start();
            String first = openSslClient(server.localAddress().getPort(), pem, "-sess_out", sessionFile);
            assertThat(first).contains("New, TLSv1.2, Cipher is " + SUITE.openSslName());
            assertThat(Files.size(sessionFile)).isPositive();
            String second = openSslClient(server.localAddress().getPort(), pem, "-sess_in", sessionFile);
            assertThat(second).contains("Reused, TLSv1.2, Cipher is " + SUITE.openSslName());
            assertThat(listener.await(l -> l.closed().size() == 2, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.established()).extracting(SessionInfo::resumed).containsExactly(false, true);
            assertThat(listener.failed()).isEmpty();
        }
    }

    /** One {@code s_client} run: a line echoed, then end of input; returns its output. */
    private String openSslClient(int port, InteropCredentials.PemFiles pem, String sessionOption, Path sessionFile)
            throws Exception {
        try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                "-connect", "127.0.0.1:" + port, "-cipher", SUITE.openSslName(),
                "-CAfile", pem.certificate().toString(), "-verify_return_error",
                "-servername", InteropCredentials.SERVER_NAME, sessionOption, sessionFile.toString()), dir)) {
            assertThat(client.awaitOutput("Cipher is " + SUITE.openSslName(), WAIT)).as(client.describe()).isTrue();
            client.writeLine("echo " + sessionOption);
            assertThat(client.awaitOutput("echo " + sessionOption + "\n", WAIT)).as(client.describe()).isTrue();
            client.closeStdin();
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
            return client.output();
        }
    }

    @Test
    void gnuTlsClientResumesWithOurServer() throws Exception {
        PeerProcess.assumeInstalled("gnutls-cli", "gnutls-bin");
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener)
                .sessionCache(new SessionCache()).build()) {
            server.start();
            // --resume: a full handshake, then a second connection resuming its session
            try (PeerProcess client = PeerProcess.start(List.of("gnutls-cli", "--udp", "--resume",
                    "--port", String.valueOf(server.localAddress().getPort()),
                    "--x509cafile", pem.certificate().toString(), "--verify-hostname", InteropCredentials.SERVER_NAME,
                    "--priority", GnuTlsInteropTest.priority(SUITE), "127.0.0.1"), dir)) {
                assertThat(client.awaitOutput("This is a resumed session", WAIT)).as(client.describe()).isTrue();
                client.writeLine("echo after resumption");
                assertThat(client.awaitOutput("echo after resumption\n", WAIT)).as(client.describe()).isTrue();
                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
            }
            assertThat(listener.await(l -> l.established().size() == 2, WAIT)).as(listener.toString()).isTrue();
            assertThat(listener.established()).extracting(SessionInfo::resumed).containsExactly(false, true);
            assertThat(listener.failed()).isEmpty();
        }
    }

    @Test
    void ourClientResumesWithGnuTlsServer() throws Exception {
        PeerProcess.assumeInstalled("gnutls-serv", "gnutls-bin");
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = GnuTlsInteropTest.startEchoServer(dir, pem, port, SUITE, List.of())) {
            SavedSession saved = connectAndClose(LoopbackPorts.loopback(port), clientConfig(), null, false, server, true);
            connectAndClose(LoopbackPorts.loopback(port), clientConfig(), saved, true, server, true);
            assertThat(server.output()).doesNotContain("Error");
        }
    }
}
