package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CipherSuiteNamesTest {
    private final CipherSuiteNames names = new CipherSuiteNames();

    @Test
    void everyImplementedSuiteIsReachableByItsOpenSslAndIanaNames() {
        for (CipherSuite suite : CipherSuite.values()) {
            assertThat(names.convert(suite.openSslName())).isEqualTo(suite);
            assertThat(names.convert(suite.name())).isEqualTo(suite);
        }
    }

    @Test
    void caseDoesNotMatter() {
        assertThat(names.convert("ecdhe-rsa-aes128-gcm-sha256")).isEqualTo(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
        assertThat(names.convert("tls_ecdhe_ecdsa_with_chacha20_poly1305_sha256"))
                .isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
    }

    @Test
    void rejectsAnUnknownNameAndListsTheSupportedOnes() {
        assertThatThrownBy(() -> names.convert("AES128-SHA"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("unknown cipher suite 'AES128-SHA'; supported: " + CipherSuiteNames.supported());
        assertThat(CipherSuiteNames.supported()).startsWith("ECDHE-ECDSA-AES128-GCM-SHA256:").contains("ECDHE-RSA-CHACHA20-POLY1305");
    }
}
