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

/** --ciphers, --groups, --mtu and --max-datagram-size as the command line parses them into a configuration. */
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
    void mtuIsTheLinkMtuLessTheIpAndUdpHeadersOfTheAddressFamilyAsInOpenSsl() throws Exception {
        assertThat(configFor("demo", "--mtu", "1500").mtu()).isEqualTo(1472);
        assertThat(configFor(java.net.InetAddress.getByName("127.0.0.1"), "demo", "--mtu", "1500").mtu()).isEqualTo(1472);
        assertThat(configFor(java.net.InetAddress.getByName("::1"), "demo", "--mtu", "1500").mtu()).isEqualTo(1452);
        assertThat(configFor(java.net.InetAddress.getByName("::1"), "demo", "--mtu", "304").mtu()).isEqualTo(256);
        // a 65535-byte IPv4 packet carries 65507 bytes of UDP payload; over IPv6, 65487
        assertThat(configFor("demo", "--mtu", "65535").mtu()).isEqualTo(65_507);
        assertThat(configFor(java.net.InetAddress.getByName("::1"), "demo", "--mtu", "65535").mtu()).isEqualTo(65_487);
        assertThatThrownBy(() -> configFor("demo", "--mtu", "70000"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("--mtu: must be 284..65535 over IPv4 (the link MTU less 28 bytes of IP and UDP headers must "
                        + "leave a datagram of at least 256 bytes), got 70000");
        assertThatThrownBy(() -> configFor(java.net.InetAddress.getByName("::1"), "demo", "--mtu", "300"))
                .hasMessageStartingWith("--mtu: must be 304..65535 over IPv6");
    }

    @Test
    void maxDatagramSizeIsTheDatagramSizeAndExcludesMtu() throws Exception {
        assertThat(configFor("demo", "--max-datagram-size", "1400").mtu()).isEqualTo(1400);
        assertThat(configFor(java.net.InetAddress.getByName("::1"), "demo", "--max-datagram-size", "1400").mtu())
                .isEqualTo(1400);
        assertThatThrownBy(() -> configFor("demo", "--max-datagram-size", "255"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessage("--max-datagram-size: must be 256..65507, got 255");
        assertThatThrownBy(() -> configFor("demo", "--mtu", "1500", "--max-datagram-size", "1400"))
                .hasMessage("--mtu and --max-datagram-size both set the datagram size: give one "
                        + "(--mtu 1500 is --max-datagram-size 1472 here)");
    }

    @Test
    void benchRaisesTheDatagramSizeForItsRecordsKeepingTheFlagUsed() throws Exception {
        DemoCommand demo = (DemoCommand) Main.commandLine().parseArgs("demo", "--mtu", "600").subcommand()
                .commandSpec().userObject();
        demo.tls.ensureDatagramSize(1000);
        assertThat(demo.tls.linkMtu).isEqualTo(1028);
        assertThat(demo.tls.maxDatagramSize).isNull();
        demo.tls.ensureDatagramSize(500);
        assertThat(demo.tls.linkMtu).as("already room for 500 bytes").isEqualTo(1028);
        DemoCommand plain = (DemoCommand) Main.commandLine().parseArgs("demo").subcommand().commandSpec().userObject();
        plain.tls.ensureDatagramSize(2000);
        assertThat(plain.tls.maxDatagramSize).isEqualTo(2000);
    }

    private static DtlsConfig configFor(java.net.InetAddress address, String... args) throws CliException {
        DemoCommand demo = (DemoCommand) Main.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
        DtlsConfig.Builder builder = DtlsConfig.builder();
        demo.tls.applyTo(builder, address);
        return builder.build();
    }

    @Test
    void anUnknownNameInsideAListIsAUsageError() {
        InProcess.Outcome outcome = InProcess.run("demo", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256:NULL-MD5");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(outcome.err()).contains("unknown cipher suite 'NULL-MD5'");
    }
}
