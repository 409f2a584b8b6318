package io.dtls4j.interop;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.PeerSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DTLS-SRTP against werift-dtls (a TypeScript DTLS 1.2 used by the werift WebRTC stack), run by
 * node on 127.0.0.1 from src/test/node: the WebRTC setup of RFC 8827 §6.5, self-signed certificates
 * on both sides, each checked against the other's SHA-256 fingerprint (RFC 8122) as SDP would carry
 * it, the same use_srtp profile, and byte-identical EXTRACTOR-dtls_srtp keying material
 * (RFC 5764 §4.2), with werift as client and as server. Skipped when node or the npm package is not
 * installed ({@code npm ci} in src/test/node; .ci/run does it).
 */
@Timeout(90)
class WeriftInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SCRIPT_DIR = Path.of("src", "test", "node");
    private static final Pattern FINGERPRINT = Pattern.compile("FINGERPRINT (sha-256 [0-9A-F:]+)\\R");
    private static final Pattern PORT = Pattern.compile("PORT (\\d+)\\R");
    private static final Pattern PROFILE = Pattern.compile("PROFILE (\\d+)\\R");
    private static final Pattern KEYING = Pattern.compile("KEYING ([0-9a-f]+)\\R");
    private static final String HELLO = "hello from werift";

    @BeforeAll
    static void nodeAndWeriftAreInstalled() {
        PeerProcess.assumeInstalled("node", "nodejs");
        assumeTrue(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/werift-dtls")),
                "werift-dtls is not installed: run npm ci in interop/src/test/node to run this interop test");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM"})
    void weriftClientAndOurServerAgreeOnProfileAndKeys(SrtpProfile profile) throws Exception {
        CertifiedKey ours = InteropCredentials.server(InteropCredentials.KeyType.EC_P256);
        int length = profile.keyingMaterialLength();
        try (PeerProcess werift = startWerift("client", profile, ours)) {
            CertificateFingerprint theirs = CertificateFingerprint.parse(printed(werift, FINGERPRINT));
            RecordingEchoListener listener = new RecordingEchoListener();
            DtlsConfig config = webRtcConfig(ours, theirs, profile).clientAuth(ClientAuth.REQUIRED).build();
            try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
                server.start();
                werift.writeLine("CONNECT " + server.localAddress().getPort());
                byte[] keying = HexFormat.of().parseHex(printed(werift, KEYING));
                assertThat(listener.await(l -> l.sessions().size() == 1, WAIT)).as(listener + "\n" + werift.describe()).isTrue();
                PeerSession peer = listener.sessions().get(0);
                assertThat(peer.session().srtpProfile()).isEqualTo(profile);
                assertThat(printed(werift, PROFILE)).isEqualTo(Integer.toString(profile.id()));
                byte[] exported = peer.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null, length);
                assertThat(HexFormat.of().formatHex(keying)).isEqualTo(HexFormat.of().formatHex(exported));
                OpenSslSrtpInteropTest.assertSplit(peer.srtpKeys(), exported);
                // werift's record reached us, our echo reached werift, which then ends by itself
                assertThat(werift.awaitOutput("DATA " + HELLO, WAIT)).as(werift.describe()).isTrue();
                assertThat(werift.awaitExit(WAIT)).as(werift.describe()).isEqualTo(0);
                assertThat(werift.output()).contains("PEER-FINGERPRINT ok");
                assertThat(listener.received()).anySatisfy(d -> assertThat(new String(d, StandardCharsets.UTF_8)).isEqualTo(HELLO));
                assertThat(listener.failed()).isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM"})
    void ourClientAndWeriftServerAgreeOnProfileAndKeys(SrtpProfile profile) throws Exception {
        CertifiedKey ours = InteropCredentials.server(InteropCredentials.KeyType.EC_P256);
        int length = profile.keyingMaterialLength();
        try (PeerProcess werift = startWerift("server", profile, ours)) {
            CertificateFingerprint theirs = CertificateFingerprint.parse(printed(werift, FINGERPRINT));
            int port = Integer.parseInt(printed(werift, PORT));
            DtlsConfig config = webRtcConfig(ours, theirs, profile).build();
            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port), config, null, WAIT)) {
                assertThat(client.session().srtpProfile()).isEqualTo(profile);
                byte[] exported = client.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null, length);
                byte[] keying = HexFormat.of().parseHex(printed(werift, KEYING));
                assertThat(HexFormat.of().formatHex(keying)).isEqualTo(HexFormat.of().formatHex(exported));
                OpenSslSrtpInteropTest.assertSplit(client.srtpKeys(), exported);
                assertThat(printed(werift, PROFILE)).isEqualTo(Integer.toString(profile.id()));

                byte[] hello = client.receive(WAIT);
                assertThat(hello).as(werift.describe()).isNotNull();
                assertThat(new String(hello, StandardCharsets.UTF_8)).isEqualTo(HELLO);
                client.send("hello from dtls4j".getBytes(StandardCharsets.UTF_8));
                assertThat(werift.awaitOutput("DATA hello from dtls4j", WAIT)).as(werift.describe()).isTrue();
                assertThat(werift.awaitExit(WAIT)).as(werift.describe()).isEqualTo(0);
                assertThat(werift.output()).contains("PEER-FINGERPRINT ok");
            }
        }
    }

    @Test
    void aWeriftCertificateWithAnotherFingerprintIsRefused() throws Exception {
        CertifiedKey ours = InteropCredentials.server(InteropCredentials.KeyType.EC_P256);
        SrtpProfile profile = SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
        try (PeerProcess werift = startWerift("server", profile, ours)) {
            CertificateFingerprint theirs = CertificateFingerprint.parse(printed(werift, FINGERPRINT));
            byte[] other = theirs.bytes();
            other[0] ^= 1; // what a man in the middle's certificate would hash to, as far as we can tell
            int port = Integer.parseInt(printed(werift, PORT));
            DtlsConfig config = webRtcConfig(ours, CertificateFingerprint.parse(HexFormat.of().formatHex(other)), profile).build();
            assertThatThrownBy(() -> DtlsClient.connect(LoopbackPorts.loopback(port), config, null, WAIT))
                    .isInstanceOfSatisfying(DtlsException.class,
                            e -> assertThat(e.alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE));
            assertThat(werift.output()).doesNotContain("KEYING");
        }
    }

    /**
     * Our side of a WebRTC association: our self-signed certificate, the peer's pinned by its
     * fingerprint (nothing else about it is checked, RFC 8122 §6.2), werift's one cipher suite family.
     */
    private static DtlsConfig.Builder webRtcConfig(CertifiedKey ours, CertificateFingerprint theirs, SrtpProfile profile) {
        return DtlsConfig.builder()
                .certifiedKey(ours)
                .peerVerifier(PeerVerifiers.fingerprints(theirs))
                .cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .srtpProfiles(profile);
    }

    private static PeerProcess startWerift(String role, SrtpProfile profile, CertifiedKey ours) throws Exception {
        String fingerprint = CertificateFingerprint.sha256(ours.leaf()).hex();
        return PeerProcess.start(List.of("node", "werift-peer.js", role, Integer.toString(profile.id()),
                Integer.toString(profile.keyingMaterialLength()), fingerprint), SCRIPT_DIR);
    }

    /** The first group of {@code pattern} in what werift printed, once its whole line is there. */
    private static String printed(PeerProcess werift, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && werift.isAlive()) {
            Matcher m = pattern.matcher(werift.output());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(20);
        }
        Matcher m = pattern.matcher(werift.output());
        if (m.find()) {
            return m.group(1);
        }
        throw new AssertionError("werift printed no " + pattern.pattern() + "; " + werift.describe());
    }
}
