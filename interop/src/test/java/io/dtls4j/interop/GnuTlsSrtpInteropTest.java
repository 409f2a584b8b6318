package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DTLS-SRTP against GnuTLS's {@code gnutls-serv --udp --srtp-profiles} and {@code gnutls-cli --udp
 * --srtp-profiles} on 127.0.0.1. GnuTLS 3.7 knows only the AES-CM profiles (its option parser
 * refuses the AEAD names). gnutls-cli prints the negotiated profile and, with {@code --keymatexport},
 * the keying material, which must equal ours byte for byte; gnutls-serv prints neither, so against it
 * the profile is checked on our side (it was configured with that one profile only) and the echo
 * shows the session works. Skipped when the programs are not installed.
 */
@Timeout(60)
class GnuTlsSrtpInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final Pattern KEY_MATERIAL = Pattern.compile("- Key material: ([0-9a-fA-F]+)\\R");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AES128_CM_HMAC_SHA1_32"})
    void ourClientGetsTheProfileGnuTlsServerAccepts(SrtpProfile profile) throws Exception {
        PeerProcess.assumeInstalled("gnutls-serv", "gnutls-bin");
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(SUITE));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = GnuTlsInteropTest.startEchoServer(dir, pem, port, SUITE,
                List.of("--srtp-profiles=" + profile.name()))) {
            // we offer both AES-CM profiles, the other one first: only GnuTLS's choice can give this one
            SrtpProfile other = profile == SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80
                    ? SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32 : SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
            DtlsConfig config = DtlsConfig.builder().peerVerifier(InteropCredentials.expecting(serverKey.leaf()))
                    .srtpProfiles(other, profile).requireSrtp(true).build();
            try (DtlsClient client = DtlsClient.connect(LoopbackPorts.loopback(port), config, InteropCredentials.SERVER_NAME, WAIT)) {
                assertThat(client.session().srtpProfile()).isEqualTo(profile);
                assertThat(client.session().srtpMki()).isEmpty();
                OpenSslSrtpInteropTest.assertSplit(client.srtpKeys(),
                        client.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null, profile.keyingMaterialLength()));
                String line = "srtp keys agreed with gnutls\n";
                client.send(line.getBytes(StandardCharsets.US_ASCII));
                byte[] echo = client.receive(WAIT);
                assertThat(echo).as(server.describe()).isNotNull();
                assertThat(new String(echo, StandardCharsets.US_ASCII)).isEqualTo(line);
            }
            assertThat(server.output()).contains("DTLS profile set to " + profile.name()).doesNotContain("Error");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SrtpProfile.class, names = {"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AES128_CM_HMAC_SHA1_32"})
    void gnuTlsClientAgreesWithOurServerOnProfileAndKeys(SrtpProfile profile) throws Exception {
        PeerProcess.assumeInstalled("gnutls-cli", "gnutls-bin");
        int length = profile.keyingMaterialLength();
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(SUITE));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        RecordingEchoListener listener = new RecordingEchoListener();
        // our preference decides among what GnuTLS offers (RFC 5764 §4.1.1)
        DtlsConfig config = DtlsConfig.builder().certifiedKey(serverKey)
                .srtpProfiles(profile, SrtpProfile.SRTP_AEAD_AES_128_GCM).requireSrtp(true).build();
        try (DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build()) {
            server.start();
            try (PeerProcess client = PeerProcess.start(List.of("gnutls-cli", "--udp",
                    "--port", String.valueOf(server.localAddress().getPort()),
                    "--x509cafile", pem.certificate().toString(), "--verify-hostname", InteropCredentials.SERVER_NAME,
                    "--priority", GnuTlsInteropTest.priority(SUITE),
                    "--srtp-profiles=SRTP_AES128_CM_HMAC_SHA1_80:SRTP_AES128_CM_HMAC_SHA1_32",
                    "--keymatexport=" + SrtpKeys.EXPORTER_LABEL, "--keymatexportsize=" + length, "127.0.0.1"), dir)) {
                assertThat(client.awaitOutput("Handshake was completed", WAIT)).as(client.describe()).isTrue();
                assertThat(client.output()).contains("- SRTP profile: " + profile.name());
                Matcher m = KEY_MATERIAL.matcher(client.output());
                assertThat(m.find()).as(client.describe()).isTrue();
                assertThat(listener.await(l -> l.srtpKeyingMaterial().size() == 1, WAIT)).as(listener.toString()).isTrue();
                assertThat(listener.established().get(0).srtpProfile()).isEqualTo(profile);
                byte[] ours = listener.srtpKeyingMaterial().get(0);
                assertThat(ours).hasSize(length);
                assertThat(m.group(1).toLowerCase()).isEqualTo(HexFormat.of().formatHex(ours));

                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
                assertThat(listener.failed()).isEmpty();
            }
        }
    }
}
