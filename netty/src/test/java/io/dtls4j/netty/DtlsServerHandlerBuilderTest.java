package io.dtls4j.netty;

import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The handler refuses, when it is built, exactly the configurations the engine refuses (DtlsEngine.checkServerConfig). */
class DtlsServerHandlerBuilderTest {

    @Test
    void aServerWithoutCredentialsIsRefusedWithWhatToSet() {
        assertThatThrownBy(() -> DtlsServerHandler.builder(DtlsConfig.builder().build()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certifiedKey / rawKeyPair / pskKeyStore");
    }

    @Test
    void aServerRequestingClientCertificatesWithoutAVerifierIsRefused() {
        DtlsConfig config = DtlsConfig.builder().certifiedKey(TestCredentials.server(KeyType.EC_P256))
                .clientAuth(ClientAuth.REQUIRED).build();
        assertThatThrownBy(() -> DtlsServerHandler.builder(config).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a peer verifier");
    }

    @Test
    void aPskOnlyServerIsAcceptedAsTheEngineAcceptsIt() {
        PreSharedKey key = PreSharedKey.of("sensor-1", "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        DtlsConfig config = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(key)).build();
        assertThat(DtlsServerHandler.builder(config).build()).isNotNull();
    }
}
