package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dtls4j.engine.EngineSignatureSchemeTest.altering;
import static io.dtls4j.engine.EngineSignatureSchemeTest.assertRefused;
import static io.dtls4j.engine.EngineSignatureSchemeTest.handshake;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DtlsConfig.Builder#cryptoExecutor}: the client's ECDH runs beside its check of the
 * ServerKeyExchange signature; a server engine uses no executor. The handshake must come out exactly
 * as without the executor (same master secret from the same seeds), and a signature that fails still
 * fails the handshake with decrypt_error and cancels the agreement.
 */
class EngineCryptoExecutorTest {
    private static final CertifiedKey SERVER = TestCredentials.server(KeyType.EC_P256);
    private static final CertifiedKey CLIENT = TestCredentials.client(KeyType.EC_P256);

    private final ExecutorService clientThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "client-crypto"));
    private final ExecutorService serverThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "server-crypto"));
    private final AtomicInteger clientTasks = new AtomicInteger();
    private final AtomicInteger serverTasks = new AtomicInteger();

    @AfterEach
    void stopThreads() {
        clientThread.shutdownNow();
        serverThread.shutdownNow();
    }

    private DtlsConfig.Builder client(long seed, boolean mutual, List<String> keyLog) {
        DtlsConfig.Builder b = TestConfigs.client(seed, SERVER).namedGroups(NamedGroup.SECP256R1).keyLog(keyLog::add);
        return mutual ? b.certifiedKey(CLIENT) : b;
    }

    private DtlsConfig.Builder server(long seed, boolean mutual, List<String> keyLog) {
        DtlsConfig.Builder b = TestConfigs.server(seed, SERVER).keyLog(keyLog::add);
        return mutual ? b.clientAuth(ClientAuth.REQUIRED).peerVerifier(TestCredentials.expecting(CLIENT.leaf())) : b;
    }

    /** Both key log lines (client's, server's) of a handshake from the seeds, with or without the executors. */
    private List<String> handshakeLogging(boolean mutual, boolean executors) {
        List<String> clientLog = new ArrayList<>();
        List<String> serverLog = new ArrayList<>();
        DtlsConfig.Builder client = client(21, mutual, clientLog);
        DtlsConfig.Builder server = server(22, mutual, serverLog);
        if (executors) {
            client.cryptoExecutor(task -> {
                clientTasks.incrementAndGet();
                clientThread.execute(task);
            });
            server.cryptoExecutor(task -> {
                serverTasks.incrementAndGet();
                serverThread.execute(task);
            });
        }
        SimulatedLink link = handshake(client.build(), server.build(), 23, null);
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        link.send(Side.CLIENT, new byte[] {1, 2, 3});
        link.runUntilQuiet();
        assertThat(link.received(Side.SERVER)).as("application data under the keys").hasSize(1);
        assertThat(clientLog).hasSize(1);
        assertThat(serverLog).hasSize(1);
        return List.of(clientLog.get(0), serverLog.get(0));
    }

    @ParameterizedTest(name = "client certificate: {0}")
    @ValueSource(booleans = {false, true})
    void theHandshakeComesOutAsWithoutTheExecutor(boolean mutual) {
        List<String> inOrder = handshakeLogging(mutual, false);
        assertThat(clientTasks.get() + serverTasks.get()).isZero();

        List<String> beside = handshakeLogging(mutual, true);

        assertThat(beside.get(0)).as("the client's master secret").isEqualTo(beside.get(1)).isEqualTo(inOrder.get(0));
        assertThat(clientTasks).as("the client's ECDH, beside its ServerKeyExchange check").hasValue(1);
        // a server's keys must exist at ClientKeyExchange, to read the rest of the client's flight
        assertThat(serverTasks).as("a server engine hands nothing over").hasValue(0);
    }

    @Test
    void aDamagedServerKeyExchangeSignatureStillFailsWithDecryptErrorAndCancelsTheClientsAgreement() {
        List<Runnable> parked = new ArrayList<>();
        DtlsConfig client = client(24, false, new ArrayList<>()).cryptoExecutor(parked::add).build();
        SimulatedLink link = handshake(client, server(25, false, new ArrayList<>()).build(), 24,
                altering(Side.SERVER, HandshakeType.SERVER_KEY_EXCHANGE, body -> body[body.length - 1] ^= 0x01));

        assertRefused(link, Side.CLIENT, AlertDescription.DECRYPT_ERROR, "ServerKeyExchange signature");
        assertThat(parked).singleElement().satisfies(task -> assertThat(((Future<?>) task).isCancelled()).isTrue());
    }

    @Test
    void aServerGivenAnExecutorChecksCertificateVerifyInOrderAndHandsNothingOver() {
        List<Runnable> parked = new ArrayList<>();
        DtlsConfig server = server(26, true, new ArrayList<>()).cryptoExecutor(parked::add).build();
        SimulatedLink link = handshake(client(27, true, new ArrayList<>()).build(), server, 26,
                altering(Side.CLIENT, HandshakeType.CERTIFICATE_VERIFY, body -> body[body.length - 1] ^= 0x01));

        assertRefused(link, Side.SERVER, AlertDescription.DECRYPT_ERROR, "CertificateVerify signature");
        assertThat(parked).isEmpty();
    }

    @Test
    void mutualHandshakesWithTheClientsEcdhHandedOverCompleteOverABadLink() {
        // the client's flight (with its agreement joined) is retransmitted, lost and reordered
        SimulatedLink.Conditions bad = new SimulatedLink.Conditions(0.30, 0.10, 20, 300);
        for (int seed = 0; seed < 40; seed++) {
            List<Runnable> clientParked = new ArrayList<>();
            List<Runnable> serverParked = new ArrayList<>();
            DtlsConfig client = client(seed, true, new ArrayList<>()).retransmitMillis(500, 4000).maxRetransmissions(20)
                    .cryptoExecutor(clientParked::add).build();
            DtlsConfig server = server(seed + 1000, true, new ArrayList<>()).retransmitMillis(500, 4000).maxRetransmissions(20)
                    .cryptoExecutor(serverParked::add).build();
            SimulatedLink link = SimulatedLink.builder().seed(seed).conditions(bad)
                    .connect(DtlsEngine.client(client, "server.test"), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));

            link.handshake();

            assertThat(link.bothConnected()).as(link.describe()).isTrue();
            assertThat(clientParked).as("the client's ECDH went by the executor").hasSizeGreaterThanOrEqualTo(1);
            assertThat(serverParked).isEmpty();
        }
    }

    @Test
    void anExecutorThatNeverRunsWhatItIsGivenDoesNotStopTheHandshake() {
        List<Runnable> clientParked = new ArrayList<>();
        List<Runnable> serverParked = new ArrayList<>();
        DtlsConfig client = client(28, true, new ArrayList<>()).cryptoExecutor(clientParked::add).build();
        DtlsConfig server = server(29, true, new ArrayList<>()).cryptoExecutor(serverParked::add).build();

        SimulatedLink link = handshake(client, server, 28, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(clientParked).as("the client handed over its ECDH and then ran it itself").hasSize(1)
                .allSatisfy(task -> assertThat(((Future<?>) task).isDone()).isTrue());
        assertThat(serverParked).isEmpty();
    }
}
