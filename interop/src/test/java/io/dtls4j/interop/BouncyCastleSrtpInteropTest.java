package io.dtls4j.interop;

import io.dtls4j.DtlsException;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DTLS-SRTP against Bouncy Castle's DTLS (bctls, {@code UseSRTPData} through {@code TlsSRTPUtils}) in
 * the test JVM, both ways on 127.0.0.1: the same use_srtp profile (RFC 5764 §4.1) and byte-identical
 * keying material from the exporter with the label EXTRACTOR-dtls_srtp (RFC 5764 §4.2), Bouncy
 * Castle's from its {@code TlsContext.exportKeyingMaterial}. Our side checks the peer's certificate
 * by its SDP fingerprint, as WebRTC does.
 */
@Timeout(60)
class BouncyCastleSrtpInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final List<byte[]> MESSAGES = List.of("media keys agreed".getBytes(StandardCharsets.US_ASCII));

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_256_GCM"})
    void ourClientAgreesWithTheBouncyCastleServerOnProfileAndKeys(SrtpProfile profile) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(SUITE));
        // Bouncy Castle's preference first: it picks among what we offer
        int[] bcProfiles = {profile.id(), SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32};
        try (BcDtlsPeer server = BcDtlsPeer.srtpEchoServer(serverKey, SUITE.id(), bcProfiles, WAIT)) {
            DtlsConfig config = DtlsConfig.builder()
                    .peerVerifier(PeerVerifiers.fingerprints(CertificateFingerprint.parse(
                            CertificateFingerprint.sha256(serverKey.leaf()).toSdpAttribute())))
                    .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32, profile)
                    .requireSrtp(true)
                    .build();
            byte[] ours;
            try (DtlsClient client = DtlsClient.connect(server.localAddress(), config, InteropCredentials.SERVER_NAME, WAIT)) {
                assertThat(client.session().srtpProfile()).isEqualTo(profile);
                assertThat(client.session().srtpMki()).isEmpty();
                ours = client.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null, profile.keyingMaterialLength());
                OpenSslSrtpInteropTest.assertSplit(client.srtpKeys(), ours);
                client.send(MESSAGES.get(0));
                assertThat(client.receive(WAIT)).isEqualTo(MESSAGES.get(0));
            }
            server.awaitDone(WAIT);
            assertThat(server.srtpProfile()).isEqualTo(profile.id());
            assertThat(hex(server.srtpKeyingMaterial())).isEqualTo(hex(ours)).hasSize(2 * profile.keyingMaterialLength());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM", "SRTP_AEAD_AES_256_GCM"})
    void theBouncyCastleClientAgreesWithOurServerOnProfileAndKeys(SrtpProfile profile) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(SUITE));
        RecordingEchoListener listener = new RecordingEchoListener();
        // our preference decides among what Bouncy Castle offers
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey)
                .srtpProfiles(profile, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32)
                .requireSrtp(true)
                .build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            int[] offered = {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32, profile.id()};
            try (BcDtlsPeer client = BcDtlsPeer.srtpClient(serverKey.leaf(), SUITE.id(), offered, server.localAddress(),
                    MESSAGES, WAIT)) {
                client.awaitDone(WAIT);
                assertThat(client.received()).containsExactlyElementsOf(MESSAGES);
                assertThat(client.srtpProfile()).isEqualTo(profile.id());
                assertThat(listener.await(l -> l.srtpKeyingMaterial().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(listener.established()).singleElement()
                        .satisfies(s -> assertThat(s.srtpProfile()).isEqualTo(profile));
                byte[] ours = listener.srtpKeyingMaterial().get(0);
                assertThat(ours).hasSize(profile.keyingMaterialLength());
                assertThat(hex(client.srtpKeyingMaterial())).isEqualTo(hex(ours));
            }
            assertThat(listener.failed()).isEmpty();
        }
    }

    @Test
    void aBouncyCastleClientWithoutACommonProfileIsRefusedWhenWeRequireSrtp() throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(SUITE));
        RecordingEchoListener listener = new RecordingEchoListener();
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey)
                .srtpProfiles(SrtpProfile.SRTP_AEAD_AES_128_GCM)
                .requireSrtp(true)
                .build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            int[] offered = {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80};
            try (BcDtlsPeer client = BcDtlsPeer.srtpClient(serverKey.leaf(), SUITE.id(), offered, server.localAddress(),
                    MESSAGES, WAIT)) {
                assertThatThrownBy(() -> client.awaitDone(WAIT)).hasMessageContaining("handshake_failure");
                assertThat(client.srtpProfile()).isEqualTo(-1);
            }
            assertThat(listener.await(l -> l.failed().size() == 1, WAIT)).as(listener.toString()).isTrue();
            DtlsException failure = listener.failed().get(0);
            assertThat(failure.getMessage()).containsIgnoringCase("srtp");
            assertThat(listener.established()).isEmpty();
        }
    }
}
