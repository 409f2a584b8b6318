package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.EphemeralKeySource;
import io.dtls4j.config.PregeneratedEphemeralKeys;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class KeyPoolsTest {

    @Test
    void everyClientSharesOnePoolUnlessTheApplicationChoseASource() {
        DtlsConfig one = DtlsClient.builder(TestConfigs.clientConfig()).config();
        DtlsConfig other = DtlsClient.builder(TestConfigs.clientConfig()).config();
        EphemeralKeySource own = EphemeralKeySource.inline();
        DtlsConfig chosen = DtlsConfig.builder().ephemeralKeys(own).build();

        assertThat(one.ephemeralKeys()).isInstanceOf(PregeneratedEphemeralKeys.class).isSameAs(other.ephemeralKeys());
        assertThat(DtlsClient.builder(chosen).config().ephemeralKeys()).isSameAs(own);
    }

    @Test
    void theRefillThreadIsANamedDaemonThatStartsWithItsFirstTaskAndEndsOnShutdown() throws Exception {
        KeyPools.RefillThread refills = KeyPools.refillThread(() -> "keypools-test-keys");
        Thread[] ran = new Thread[1];

        refills.submit(() -> ran[0] = Thread.currentThread()).get(10, TimeUnit.SECONDS);
        refills.close();

        assertThat(ran[0].getName()).isEqualTo("keypools-test-keys");
        assertThat(ran[0].isDaemon()).isTrue();
        assertThat(refills.isTerminated()).isTrue();
        assertThat(ran[0].isAlive()).isFalse();
    }

    @Test
    void theServerAndTheClientTakeTheirKeysFromTheApplicationsSource() throws Exception {
        AtomicInteger taken = new AtomicInteger();
        EphemeralKeySource counting = (group, random) -> {
            taken.incrementAndGet();
            return EphemeralKeySource.generate(group, random);
        };
        DtlsConfig serverConfig = DtlsConfig.builder().certifiedKey(TestCredentials.server(KeyType.EC_P256))
                .ephemeralKeys(counting).build();
        DtlsConfig clientConfig = DtlsConfig.builder()
                .peerVerifier(TestCredentials.expecting(TestCredentials.server(KeyType.EC_P256).leaf()))
                .ephemeralKeys(counting).build();
        try (DtlsServer server = DtlsServer.builder(serverConfig)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).threads(1).build()) {
            server.start();
            try (DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig, null, Duration.ofSeconds(10))) {
                assertThat(client.session()).isNotNull();
            }
        }
        assertThat(taken).as("one key pair each for the client and the server").hasValue(2);
    }
}
