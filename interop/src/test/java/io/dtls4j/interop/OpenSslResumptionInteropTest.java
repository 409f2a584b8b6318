package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session resumption against OpenSSL, with session IDs (RFC 5246 §7.3) and with session tickets
 * (RFC 5077): {@code s_client -dtls1_2 -reconnect} makes a full handshake and then reconnects five
 * times offering the same session; it prints "New" or "Reused" for each connection.
 */
@Timeout(60)
class OpenSslResumptionInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** s_client -reconnect: the first connection and five more with the same session. */
    private static final int CONNECTIONS = 6;

    @TempDir
    Path dir;

    @BeforeAll
    static void openSslIsInstalled() {
        PeerProcess.assumeInstalled("openssl", "openssl");
    }

    @Test
    void openSslClientResumesItsSessionWithOurServerFiveTimes() throws Exception {
        SessionCache cache = new SessionCache();
        String output = reconnectFiveTimes(server -> server.sessionCache(cache));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(output).doesNotContain("TLS session ticket:");
    }

    /**
     * Session tickets (RFC 5077): our server keeps no session cache, only a ticket key ring; s_client
     * receives a ticket in the full handshake and presents it in each reconnection.
     */
    @Test
    void openSslClientResumesFromOurTicketWithAServerThatKeepsNoSessions() throws Exception {
        String output = reconnectFiveTimes(server -> server.ticketKeyRing(TicketKeyRing.rotating(new SecureRandom())));
        // s_client prints the ticket it holds: the one our server issued, with our lifetime hint
        assertThat(output).contains("TLS session ticket lifetime hint: 7200 (seconds)");
    }

    /** Runs {@code s_client -reconnect} against a server {@code resumption} configures; returns what s_client printed. */
    private String reconnectFiveTimes(Consumer<DtlsServer.Builder> resumption) throws Exception {
        CipherSuite suite = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey).cipherSuites(suite).build();
        DtlsServer.Builder builder = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener);
        resumption.accept(builder);
        try (DtlsServer server = builder.build()) {
            server.start();
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2", "-reconnect",
                    "-connect", "127.0.0.1:" + server.localAddress().getPort(), "-cipher", suite.openSslName(),
                    "-CAfile", pem.certificate().toString(), "-verify_return_error",
                    "-servername", InteropCredentials.SERVER_NAME), dir)) {
                assertThat(listener.await(l -> l.established().size() == CONNECTIONS, WAIT)).as(listener + "\n" + client.describe()).isTrue();
                assertThat(client.awaitOutput("Reused, TLSv1.2", WAIT)).as(client.describe()).isTrue();
                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);

                List<SessionInfo> sessions = listener.established();
                assertThat(sessions.get(0).resumed()).isFalse();
                assertThat(sessions.subList(1, CONNECTIONS)).allSatisfy(s -> {
                    assertThat(s.resumed()).isTrue();
                    assertThat(s.cipherSuite()).isEqualTo(suite);
                    assertThat(s.extendedMasterSecret()).isTrue();
                });
                assertThat(count(client.output(), "Reused, TLSv1.2, Cipher is " + suite.openSslName())).isEqualTo(CONNECTIONS - 1);
                assertThat(count(client.output(), "New, TLSv1.2, Cipher is " + suite.openSslName())).isEqualTo(1);
                assertThat(listener.failed()).isEmpty();
                return client.output();
            }
        }
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
