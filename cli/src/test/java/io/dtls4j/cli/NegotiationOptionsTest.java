package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --srtp, --alpn and --export as the client and server commands parse and report them. */
class NegotiationOptionsTest {

    private static NegotiationOptions clientOptions(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        return ((ClientCommand) parsed.subcommand().commandSpec().userObject()).negotiation;
    }

    private static DtlsConfig configFor(String... args) throws CliException {
        DtlsConfig.Builder builder = DtlsConfig.builder();
        clientOptions(args).applyTo(builder);
        return builder.build();
    }

    @Test
    void srtpTakesOpenSslAndRfcNamesInOrder() throws CliException {
        DtlsConfig config = configFor("client", "127.0.0.1:4433",
                "--srtp", "SRTP_AEAD_AES_128_GCM:srtp_aes128_cm_sha1_80,SRTP_AES128_CM_HMAC_SHA1_32:SRTP_AEAD_AES_128_GCM");
        assertThat(config.srtpProfiles()).containsExactly(SrtpProfile.SRTP_AEAD_AES_128_GCM,
                SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32);
        assertThat(config.requireSrtp()).isFalse();
    }

    @Test
    void alpnIsCommaSeparatedAndExportSplitsAtTheLastColon() throws CliException {
        assertThat(configFor("client", "127.0.0.1:4433", "--alpn", "webrtc,c-webrtc,coap").applicationProtocols())
                .containsExactly("webrtc", "c-webrtc", "coap");
        assertThat(clientOptions("client", "127.0.0.1:4433", "--export", "EXPERIMENTAL:a:b:32").export)
                .isEqualTo(new ExportRequest("EXPERIMENTAL:a:b", 32));
        assertThat(configFor("client", "127.0.0.1:4433").srtpProfiles()).isEmpty();
    }

    @Test
    void theReportNamesTheProfileTheProtocolAndTheKeyingMaterialInUppercaseHex() {
        NegotiationOptions options = clientOptions("client", "127.0.0.1:4433", "--export", "EXTRACTOR-dtls_srtp:4");
        SessionInfo session = new SessionInfo("DTLSv1.2", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                NamedGroup.X25519, null, List.of(), true, null, null, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, null, "webrtc");
        List<String> lines = options.report(session, (label, context, length) -> {
            assertThat(label).isEqualTo("EXTRACTOR-dtls_srtp");
            assertThat(context).isNull();
            return new byte[] {(byte) 0xAB, 0x01, (byte) 0xCD, 0x0E}; // as many bytes as asked: 4
        });
        assertThat(lines).containsExactly("SRTP profile: SRTP_AES128_CM_SHA1_80", "ALPN protocol: webrtc",
                "Keying material: AB01CD0E");
        SessionInfo plain = new SessionInfo("DTLSv1.2", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                NamedGroup.X25519, null, List.of(), true, null);
        assertThat(clientOptions("client", "127.0.0.1:4433").report(plain, null)).isEmpty();
    }

    @Test
    void cidSetsTheConnectionIdLengthAndTheSummaryShowsBothIdsInHex() throws CliException {
        assertThat(configFor("client", "127.0.0.1:4433", "--cid", "4").connectionIdLength()).isEqualTo(4);
        assertThat(configFor("client", "127.0.0.1:4433", "--cid", "0").connectionIdEnabled()).isTrue();
        assertThat(configFor("client", "127.0.0.1:4433").connectionIdEnabled()).isFalse();
        SessionInfo session = new SessionInfo("DTLSv1.2", CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, null, null, List.of(),
                true, null, "node", null, null, null).withConnectionIds(new byte[0], new byte[] {0x0A, 0x1B, (byte) 0xFF});
        assertThat(SessionSummary.oneLine(session, null)).endsWith(", cid in (empty) out 0a1bff");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheFlag() {
        String[][] bad = {
                {"--srtp", "SRTP_NULL_SHA1_80"},
                {"--export", "EXTRACTOR-dtls_srtp"},
                {"--export", "EXTRACTOR-dtls_srtp:0"},
                {"--export", "EXTRACTOR-dtls_srtp:many"},
                {"--export", "master secret:48"},
                {"--alpn", "webrtc,,coap"},
                {"--alpn", "x".repeat(256)},
                {"--cid", "256"},
                {"--cid", "-1"},
                {"--cid", "four"},
        };
        for (String[] args : bad) {
            InProcess.Outcome outcome = InProcess.run("client", "127.0.0.1:4433", "--insecure", args[0], args[1]);
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(outcome.errLines()[0]).as(outcome.err()).contains(args[0]);
        }
    }

    @Test
    void repeatedNamesCountOnceAtTheirFirstPlace() throws CliException {
        assertThat(configFor("client", "127.0.0.1:4433", "--alpn", "a,b,a").applicationProtocols()).containsExactly("a", "b");
    }

    private static NegotiationOptions serverOptions(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        return ((ServerCommand) parsed.subcommand().commandSpec().userObject()).negotiation;
    }

    @Test
    void anMkiTheClientOffersAndTheServerAcceptsIsTheSessionsOnBothSides() throws Exception {
        DtlsConfig.Builder client = TestConfigs.client(7, TestCredentials.server(TestCredentials.KeyType.EC_P256));
        clientOptions("client", "127.0.0.1:4433", "--srtp", "SRTP_AES128_CM_SHA1_80", "--srtp-mki", "0a0B0c").applyTo(client);
        DtlsConfig clientConfig = client.build();
        assertThat(clientConfig.srtpMki()).containsExactly(0x0A, 0x0B, 0x0C);

        for (boolean accept : new boolean[] {true, false}) {
            DtlsConfig.Builder server = TestConfigs.server(7, TestCredentials.server(TestCredentials.KeyType.EC_P256));
            NegotiationOptions serverSide = accept
                    ? serverOptions("server", "--srtp", "SRTP_AES128_CM_SHA1_80", "--srtp-accept-mki")
                    : serverOptions("server", "--srtp", "SRTP_AES128_CM_SHA1_80");
            serverSide.applyTo(server);
            SimulatedLink link = SimulatedLink.builder().seed(7).connect(
                    DtlsEngine.client(clientConfig, null), DtlsEngine.server(server.build(), TestConfigs.CLIENT_ADDRESS));
            link.handshake();
            assertThat(link.bothConnected()).isTrue();
            byte[] expected = accept ? new byte[] {0x0A, 0x0B, 0x0C} : new byte[0];
            assertThat(link.client().session().srtpMki()).as("accept=" + accept).isEqualTo(expected);
            assertThat(link.server().session().srtpMki()).as("accept=" + accept).isEqualTo(expected);
            List<String> report = serverSide.report(link.server().session(), null);
            if (accept) {
                assertThat(report).containsExactly("SRTP profile: SRTP_AES128_CM_SHA1_80", "SRTP MKI: 0A0B0C");
            } else {
                assertThat(report).containsExactly("SRTP profile: SRTP_AES128_CM_SHA1_80");
            }
        }
    }

    @Test
    void mkiFlagsInTheWrongRoleWithoutSrtpOrMalformedAreUsageErrorsNamingTheFlag() {
        String[][] bad = {
                {"--srtp-accept-mki", "--srtp", "SRTP_AES128_CM_SHA1_80"},
                {"--srtp-mki", "0A"},
                {"--srtp-mki", "0G", "--srtp", "SRTP_AES128_CM_SHA1_80"},
                {"--srtp-mki", "ABC", "--srtp", "SRTP_AES128_CM_SHA1_80"},
                {"--srtp-mki", "", "--srtp", "SRTP_AES128_CM_SHA1_80"},
                {"--srtp-mki", "00".repeat(256), "--srtp", "SRTP_AES128_CM_SHA1_80"},
        };
        for (String[] args : bad) {
            List<String> command = new java.util.ArrayList<>(List.of("client", "127.0.0.1:4433", "--insecure"));
            command.addAll(List.of(args));
            InProcess.Outcome outcome = InProcess.run(command.toArray(String[]::new));
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(outcome.errLines()[0]).as(outcome.err()).contains(args[0]);
        }
        // a server is refused the client's flag, and the accept flag without --srtp, before it binds anything
        assertThatThrownBy(() -> serverOptions("server", "--srtp", "SRTP_AES128_CM_SHA1_80", "--srtp-mki", "0A")
                .applyTo(DtlsConfig.builder()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.getMessage()).contains("--srtp-mki"));
        assertThatThrownBy(() -> serverOptions("server", "--srtp-accept-mki").applyTo(DtlsConfig.builder()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.getMessage()).contains("--srtp-accept-mki"));
    }
}
