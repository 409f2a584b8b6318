package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --ciphers, --groups and --mtu as the command line parses them into a configuration. */
class TlsOptionsTest {

    private static DtlsConfig configFor(String... args) throws CliException {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        DemoCommand demo = (DemoCommand) parsed.subcommand().commandSpec().userObject();
        DtlsConfig.Builder builder = DtlsConfig.builder();
        demo.tls.applyTo(builder);
        return builder.build();
    }

    @Test
    void listsAreSplitAtColonsAndCommasAndKeepTheirOrder() throws CliException {
        DtlsConfig config = configFor("demo", "--ciphers", "ECDHE-RSA-CHACHA20-POLY1305:tls_ecdhe_ecdsa_with_aes_256_gcm_sha384,ECDHE-ECDSA-AES128-GCM-SHA256",
                "--groups", "P-384:x25519");
        assertThat(config.cipherSuites()).containsExactly(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        assertThat(config.namedGroups()).containsExactly(NamedGroup.SECP384R1, NamedGroup.X25519);
    }

    @Test
    void repeatsAreDroppedAtTheirLaterPositions() throws CliException {
        DtlsConfig config = configFor("demo", "--groups", "X25519:P-256:x25519", "--groups", "P-256");
        assertThat(config.namedGroups()).containsExactly(NamedGroup.X25519, NamedGroup.SECP256R1);
    }

    @Test
    void withoutOptionsTheEngineDefaultsStay() throws CliException {
        DtlsConfig config = configFor("demo");
        DtlsConfig defaults = DtlsConfig.builder().build();
        assertThat(config.cipherSuites()).isEqualTo(defaults.cipherSuites());
        assertThat(config.namedGroups()).isEqualTo(defaults.namedGroups());
        assertThat(config.mtu()).isEqualTo(DtlsConfig.DEFAULT_MTU);
    }

    private static DtlsConfig clientConfigFor(CertifiedKey serverKey, String... args) throws CliException {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        DemoCommand demo = (DemoCommand) parsed.subcommand().commandSpec().userObject();
        DtlsConfig.Builder builder = DtlsConfig.builder();
        demo.tls.applyToClientOf(builder, serverKey);
        return builder.build();
    }

    @Test
    void aClientOfAKnownServerAlsoListsTheCurveOfItsKeyAfterTheGroupsAsked() throws Exception {
        CertifiedKey p256 = GeneratedIdentity.generate(KeyAlgorithm.EC_P256, "t", new SecureRandom());
        assertThat(clientConfigFor(p256, "demo", "--groups", "X25519").namedGroups())
                .containsExactly(NamedGroup.X25519, NamedGroup.SECP256R1);
        assertThat(clientConfigFor(p256, "demo", "--groups", "P-256:X25519").namedGroups())
                .containsExactly(NamedGroup.SECP256R1, NamedGroup.X25519);
        assertThat(clientConfigFor(p256, "demo").namedGroups()).isEqualTo(DtlsConfig.builder().build().namedGroups());
        CertifiedKey ed = GeneratedIdentity.generate(KeyAlgorithm.ED25519, "t", new SecureRandom());
        assertThat(clientConfigFor(ed, "demo", "--groups", "X25519").namedGroups()).containsExactly(NamedGroup.X25519);
    }

    @Test
    void mtuIsPassedOnAndCheckedByTheConfiguration() throws CliException {
        assertThat(configFor("demo", "--mtu", "1400").mtu()).isEqualTo(1400);
        assertThatThrownBy(() -> configFor("demo", "--mtu", "70000"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageStartingWith("--mtu: ");
    }

    @Test
    void anUnknownNameInsideAListIsAUsageError() {
        InProcess.Outcome outcome = InProcess.run("demo", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256:NULL-MD5");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(outcome.err()).contains("unknown cipher suite 'NULL-MD5'");
    }
}
