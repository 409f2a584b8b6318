package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.testing.LoopbackPorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 7251 AES-CCM suites with ECDHE_ECDSA against OpenSSL's {@code s_server} and {@code s_client}
 * ({@code -dtls1_2 -cipher ECDHE-ECDSA-AES128-CCM8} etc.; OpenSSL 3.2 and later would need
 * {@code :@SECLEVEL=0} for the 8-byte tags). The suites are not in our default list, so both sides
 * select them explicitly.
 */
@Timeout(60)
class OpenSslCcmInteropTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void openSslIsInstalled() {
        PeerProcess.assumeInstalled("openssl", "openssl");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CipherSuite.class, names = {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"})
    void ourClientTalksToOpenSslServer(CipherSuite suite) throws Exception {
        int port = LoopbackPorts.freeUdpPort();
        try (PeerProcess server = OpenSslInteropTest.startServer(dir, suite, port, List.of())) {
            DtlsConfig config = OpenSslInteropTest.clientConfig(suite).cipherSuites(suite).build();
            OpenSslInteropTest.talkToServer(server, LoopbackPorts.loopback(port), config, suite);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = CipherSuite.class, names = {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"})
    void openSslClientTalksToOurServer(CipherSuite suite) throws Exception {
        OpenSslInteropTest.openSslClientTalksToOurServer(dir, suite);
    }
}
