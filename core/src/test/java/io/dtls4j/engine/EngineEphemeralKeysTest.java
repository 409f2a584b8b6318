package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.EphemeralKeySource;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.PregeneratedEphemeralKeys;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.crypto.EcdheKeyPair;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.KeyPair;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/** Handshakes whose ephemeral ECDHE keys come from a {@link PregeneratedEphemeralKeys} pool. */
class EngineEphemeralKeysTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    /** One side's pool, refilled only when the test runs its tasks, remembering the pairs it made in order. */
    private static final class Pool {
        final Queue<Runnable> tasks = new ArrayDeque<>();
        final List<KeyPair> made = new ArrayList<>();
        final PregeneratedEphemeralKeys keys;

        Pool(long seed) {
            EphemeralKeySource recording = (group, random) -> {
                KeyPair pair = EphemeralKeySource.generate(group, random);
                made.add(pair);
                return pair;
            };
            keys = PregeneratedEphemeralKeys.builder(tasks::add).random(TestConfigs.seededRandom(seed))
                    .generator(recording).build();
        }

        /** Fills the pool of {@code group} before the handshake. */
        Pool filled(NamedGroup group) {
            keys.prepare(group);
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            return this;
        }

        /** The wire encoding of the public value of the first pair the pool made. */
        byte[] firstPublicValue(NamedGroup group) {
            return EcdheKeyPair.of(group, made.get(0)).publicKey();
        }
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"X25519", "SECP256R1"})
    void bothSidesSendThePublicValueOfTheirFirstPooledPair(NamedGroup group) {
        Pool clientPool = new Pool(1).filled(group);
        Pool serverPool = new Pool(2).filled(group);
        // P-256 listed too: the server's certificate key is on it (RFC 8422 §5.3)
        List<NamedGroup> clientGroups = group == NamedGroup.SECP256R1 ? List.of(group) : List.of(group, NamedGroup.SECP256R1);
        DtlsConfig client = TestConfigs.client(40, serverKey).namedGroups(clientGroups).ephemeralKeys(clientPool.keys).build();
        DtlsConfig server = TestConfigs.server(40, serverKey).namedGroups(group).ephemeralKeys(serverPool.keys).build();
        SimulatedLink link = link(client, server, 40);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(serverPool.keys.pooled()).isEqualTo(1);
        assertThat(clientPool.keys.pooled()).isEqualTo(1);
        assertThat(serverPool.keys.inline() + clientPool.keys.inline()).isZero();
        // ServerKeyExchange and ClientKeyExchange travel in the clear, with the pooled public values
        assertThat(sentBy(link, Side.SERVER, serverPool.firstPublicValue(group))).isTrue();
        assertThat(sentBy(link, Side.CLIENT, clientPool.firstPublicValue(group))).isTrue();
        assertThat(serverPool.tasks).as("the taken pair is replaced").hasSize(1);
    }

    @Test
    void ecdhePskTakesItsKeysFromThePoolToo() {
        PreSharedKey psk = PreSharedKey.of("device-1", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        NamedGroup group = NamedGroup.X25519;
        Pool clientPool = new Pool(3).filled(group);
        Pool serverPool = new Pool(4).filled(group);
        DtlsConfig client = DtlsConfig.builder().random(TestConfigs.seededRandom(41)).psk(psk)
                .cipherSuites(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256).ephemeralKeys(clientPool.keys).build();
        DtlsConfig server = DtlsConfig.builder().random(TestConfigs.seededRandom(42)).pskKeyStore(PskKeyStore.of(psk))
                .cipherSuites(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256).ephemeralKeys(serverPool.keys).build();
        SimulatedLink link = link(client, server, 41);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(sentBy(link, Side.SERVER, serverPool.firstPublicValue(group))).isTrue();
        assertThat(sentBy(link, Side.CLIENT, clientPool.firstPublicValue(group))).isTrue();
    }

    @Test
    void aSourceThatGivesAPairOnTheWrongGroupFailsTheHandshakeWithAnInternalError() {
        EphemeralKeySource wrong = (group, random) -> EphemeralKeySource.generate(NamedGroup.SECP384R1, random);
        DtlsConfig client = TestConfigs.client(43, serverKey).namedGroups(NamedGroup.SECP256R1).build();
        DtlsConfig server = TestConfigs.server(43, serverKey).ephemeralKeys(wrong).build();
        SimulatedLink link = link(client, server, 43);

        link.handshake();

        assertThat(link.bothConnected()).isFalse();
        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class)).singleElement().satisfies(failed -> {
            assertThat(failed.cause().alert()).isEqualTo(AlertDescription.INTERNAL_ERROR);
            assertThat(failed.cause()).hasMessageContaining("not on SECP256R1");
        });
    }

    private static SimulatedLink link(DtlsConfig client, DtlsConfig server, long seed) {
        return SimulatedLink.builder().seed(seed)
                .connect(DtlsEngine.client(client, "server.test"), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
    }

    private static boolean sentBy(SimulatedLink link, Side side, byte[] value) {
        for (SimulatedLink.Sent sent : link.sent(side)) {
            byte[] bytes = sent.bytes();
            for (int i = 0; i + value.length <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + value.length, value, 0, value.length)) {
                    return true;
                }
            }
        }
        return false;
    }
}
