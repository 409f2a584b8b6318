package io.dtls4j.transport;

import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CryptoThreadsTest {
    private static final CertifiedKey SERVER = TestCredentials.server(KeyType.EC_P256);
    private static final CertifiedKey CLIENT = TestCredentials.client(KeyType.EC_P256);

    @Test
    void everyClientSharesOnePoolUnlessTheApplicationChoseAnExecutor() {
        DtlsConfig one = DtlsClient.builder(TestConfigs.clientConfig()).config();
        DtlsConfig other = DtlsClient.builder(TestConfigs.clientConfig()).config();
        Executor own = Runnable::run;
        DtlsConfig chosen = DtlsConfig.builder().cryptoExecutor(own).build();

        assertThat(one.cryptoExecutor()).isNotNull().isSameAs(other.cryptoExecutor()).isSameAs(CryptoThreads.shared());
        assertThat(one.cryptoExecutorChosen()).isFalse();
        assertThat(DtlsClient.builder(chosen).config().cryptoExecutor()).isSameAs(own);
    }

    @Test
    void aMutuallyAuthenticatedHandshakeRunsTheClientsEcdhOnItsChosenExecutorAndNothingOnTheServers() throws Exception {
        AtomicInteger clientTasks = new AtomicInteger();
        AtomicInteger serverTasks = new AtomicInteger();
        DtlsConfig serverConfig = DtlsConfig.builder().certifiedKey(SERVER).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(CLIENT.leaf())).cryptoExecutor(counting(serverTasks)).build();
        DtlsConfig clientConfig = DtlsConfig.builder().certifiedKey(CLIENT).peerVerifier(TestCredentials.expecting(SERVER.leaf()))
                .cryptoExecutor(counting(clientTasks)).build();
        try (DtlsServer server = DtlsServer.builder(serverConfig)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).threads(1).build()) {
            server.start();
            try (DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig, null, Duration.ofSeconds(10))) {
                client.send(new byte[] {1});
                assertThat(client.session().peerCertificates()).isNotEmpty();
            }
        }
        assertThat(clientTasks).as("beside the ServerKeyExchange check").hasValue(1);
        assertThat(serverTasks).as("a server engine hands nothing over").hasValue(0);
    }

    @Test
    void withoutAChoiceTheClientsEcdhRunsOnASharedDaemonThread() throws Exception {
        try (DtlsServer server = DtlsServer.builder(DtlsConfig.builder().certifiedKey(SERVER).build())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).threads(1).build()) {
            server.start();
            DtlsConfig clientConfig = DtlsConfig.builder().peerVerifier(TestCredentials.expecting(SERVER.leaf())).build();
            try (DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig, null, Duration.ofSeconds(10))) {
                assertThat(client.session()).isNotNull();
            }
        }
        // the pool's threads wait CryptoThreads.IDLE_SECONDS for more work: the one that took the ECDH is still there
        assertThat(Thread.getAllStackTraces().keySet()).anySatisfy(thread -> {
            assertThat(thread.getName()).startsWith("dtls4j-crypto-");
            assertThat(thread.isDaemon()).isTrue();
        });
    }

    private static Executor counting(AtomicInteger tasks) {
        return task -> {
            tasks.incrementAndGet();
            task.run();
        };
    }
}
