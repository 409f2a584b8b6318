package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.PeerSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DTLS-SRTP and ALPN against OpenSSL 3's {@code s_server} and {@code s_client} on 127.0.0.1: the
 * same use_srtp profile and ALPN protocol on both sides, and byte-identical keying material from
 * the exporter with the label EXTRACTOR-dtls_srtp (RFC 5764 §4.2), as OpenSSL prints it with
 * {@code -keymatexport}.
 */
@Timeout(60)
class OpenSslSrtpInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final Pattern KEYING_MATERIAL = Pattern.compile("Keying material: ([0-9A-F]+)\\R");

    @TempDir
    Path dir;

    @BeforeAll
    static void openSslIsInstalled() {
        PeerProcess.assumeInstalled("openssl", "openssl");
    }

    /** The keying material OpenSSL printed, once its whole line is there (bounded by {@link #WAIT}). */
    private static byte[] printedKeyingMaterial(PeerProcess openssl) throws InterruptedException {
        assertThat(openssl.awaitOutput("Keying material: ", WAIT)).as(openssl.describe()).isTrue();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = KEYING_MATERIAL.matcher(openssl.output());
            if (m.find()) {
                return HexFormat.of().parseHex(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no complete Keying material line; " + openssl.describe());
    }

    /** Checks the SRTP keys split the exported bytes as RFC 5764 §4.2 says. */
    static void assertSplit(SrtpKeys keys, byte[] material) {
        SrtpProfile p = keys.profile();
        int key = p.masterKeyLength();
        int salt = p.masterSaltLength();
        assertThat(material).hasSize(p.keyingMaterialLength());
        assertThat(keys.clientWriteKey()).isEqualTo(Arrays.copyOfRange(material, 0, key));
        assertThat(keys.serverWriteKey()).isEqualTo(Arrays.copyOfRange(material, key, 2 * key));
        assertThat(keys.clientWriteSalt()).isEqualTo(Arrays.copyOfRange(material, 2 * key, 2 * key + salt));
        assertThat(keys.serverWriteSalt()).isEqualTo(Arrays.copyOfRange(material, 2 * key + salt, material.length));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM"})
    void ourClientAgreesWithOpenSslServerOnProfileProtocolAndKeys(SrtpProfile profile) throws Exception {
        int length = profile.keyingMaterialLength(); // 60 for the CM profiles, 56 for AEAD_AES_128_GCM
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = OpenSslInteropTest.startServer(dir, SUITE, port, List.of(
                "-use_srtp", profile.openSslName(), "-keymatexport", SrtpKeys.EXPORTER_LABEL,
                "-keymatexportlen", Integer.toString(length), "-alpn", "webrtc"))) {
            // we prefer another profile and protocol first: OpenSSL picks among what we offer
            DtlsConfig config = OpenSslInteropTest.clientConfig(SUITE)
                    .srtpProfiles(SrtpProfile.SRTP_AEAD_AES_256_GCM, profile)
                    .applicationProtocols("coap", "webrtc").build();
            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port), config,
                    InteropCredentials.SERVER_NAME, WAIT)) {
                SessionInfo session = client.session();
                assertThat(session.srtpProfile()).isEqualTo(profile);
                assertThat(session.srtpMki()).isEmpty();
                assertThat(session.applicationProtocol()).isEqualTo("webrtc");

                byte[] ours = client.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null, length);
                assertThat(HexFormat.of().formatHex(printedKeyingMaterial(server)))
                        .isEqualTo(HexFormat.of().formatHex(ours));
                assertSplit(client.srtpKeys(), ours);
                assertThat(server.output()).contains("SRTP Extension negotiated, profile=" + profile.openSslName())
                        .contains("ALPN protocols selected: webrtc");
            }
            assertThat(server.awaitExit(WAIT)).as(server.describe()).isEqualTo(0);
        }
    }

    static Stream<Arguments> profilesOnEachServer() {
        return ServerUnderTest.crossed(List.of(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProfile.SRTP_AEAD_AES_128_GCM));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("profilesOnEachServer")
    void openSslClientAgreesWithOurServerOnProfileProtocolAndKeys(SrtpProfile profile, ServerUnderTest serverUnderTest)
            throws Exception {
        int length = profile.keyingMaterialLength();
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(SUITE));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        // our preference decides among what the client offers (RFC 5764 §4.1.1, RFC 7301 §3.2)
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey)
                .srtpProfiles(profile, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32)
                .applicationProtocols("webrtc", "c-webrtc").build();
        try (ServerUnderTest.Running server = serverUnderTest.start(config, listener)) {
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + server.localAddress().getPort(), "-cipher", SUITE.openSslName(),
                    "-CAfile", pem.certificate().toString(), "-verify_return_error",
                    "-servername", InteropCredentials.SERVER_NAME,
                    "-use_srtp", "SRTP_AES128_CM_SHA1_32:" + profile.openSslName(),
                    "-alpn", "c-webrtc,webrtc",
                    "-keymatexport", SrtpKeys.EXPORTER_LABEL, "-keymatexportlen", Integer.toString(length)), dir)) {
                byte[] theirs = printedKeyingMaterial(client);
                assertThat(listener.await(l -> l.sessions().size() == 1, WAIT)).as(listener.toString()).isTrue();
                PeerSession peer = listener.sessions().get(0);
                assertThat(peer.session().srtpProfile()).isEqualTo(profile);
                assertThat(peer.session().applicationProtocol()).isEqualTo("webrtc");

                byte[] ours = peer.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null, length);
                assertThat(HexFormat.of().formatHex(theirs)).isEqualTo(HexFormat.of().formatHex(ours));
                assertSplit(peer.srtpKeys(), ours);
                assertThat(client.output()).contains("SRTP Extension negotiated, profile=" + profile.openSslName())
                        .contains("ALPN protocol: webrtc");

                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
                assertThat(listener.failed()).isEmpty();
            }
        }
    }
}
