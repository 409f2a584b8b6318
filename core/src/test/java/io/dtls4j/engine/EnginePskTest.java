package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskClientCallback;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PSK (RFC 4279) and ECDHE_PSK (RFC 5489) handshakes, engine to engine on a simulated link. */
class EnginePskTest {
    private static final byte[] KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    private static final PreSharedKey DEVICE = PreSharedKey.of("device-17", KEY);

    private static DtlsConfig.Builder server(long seed) {
        return DtlsConfig.builder().random(TestConfigs.seededRandom(seed * 2)).pskKeyStore(PskKeyStore.of(DEVICE));
    }

    private static DtlsConfig.Builder client(long seed, PreSharedKey key) {
        return DtlsConfig.builder().random(TestConfigs.seededRandom(seed * 2 + 1)).psk(key);
    }

    private static SimulatedLink link(DtlsConfig client, DtlsConfig server, long seed) {
        return SimulatedLink.builder().seed(seed)
                .connect(DtlsEngine.client(client, "server.test"), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
    }

    @ParameterizedTest
    @EnumSource(value = CipherSuite.class, names = {"TLS_PSK_.*", "TLS_ECDHE_PSK_.*"}, mode = EnumSource.Mode.MATCH_ANY)
    void everyPskSuiteAgreesOnKeysAndCarriesDataOnAPskOnlyServer(CipherSuite suite) {
        long seed = 300 + suite.ordinal();
        List<String> clientLog = new ArrayList<>();
        List<String> serverLog = new ArrayList<>();
        DtlsConfig clientConfig = client(seed, DEVICE).cipherSuites(suite).keyLog(clientLog::add).build();
        DtlsConfig serverConfig = server(seed).cipherSuites(suite).keyLog(serverLog::add).build();
        SimulatedLink link = link(clientConfig, serverConfig, seed);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        for (Side side : Side.values()) {
            SessionInfo session = link.engine(side).session();
            assertThat(session.cipherSuite()).isEqualTo(suite);
            assertThat(session.pskIdentity()).isEqualTo("device-17");
            assertThat(session.extendedMasterSecret()).isTrue();
            assertThat(session.peerCertificates()).isEmpty();
            assertThat(session.peerPublicKey()).isNull();
            assertThat(session.namedGroup()).isEqualTo(suite.keyExchange() == CipherSuite.KeyExchange.ECDHE_PSK ? NamedGroup.X25519 : null);
            assertThat(session.toString()).contains("device-17").doesNotContain(HexFormat.of().formatHex(KEY));
        }
        assertThat(link.client().exportKeyingMaterial("EXPERIMENTAL dtls4j", null, 32))
                .isEqualTo(link.server().exportKeyingMaterial("EXPERIMENTAL dtls4j", null, 32));
        // the NSS key log works for PSK sessions: one CLIENT_RANDOM line, the same on both sides
        assertThat(clientLog).singleElement().asString().startsWith("CLIENT_RANDOM ");
        assertThat(serverLog).isEqualTo(clientLog);

        byte[] fromClient = new byte[40_000];
        byte[] fromServer = new byte[30_000];
        new Random(seed).nextBytes(fromClient);
        new Random(seed + 1).nextBytes(fromServer);
        SimulatedLink.Exchange exchange = link.exchange(fromClient, fromServer);
        assertThat(exchange.atServer()).isEqualTo(fromClient);
        assertThat(exchange.atClient()).isEqualTo(fromServer);
        assertThat(link.server().stats().droppedBadMac()).isZero();
    }

    @Test
    void theClientChoosesItsKeyByTheServersHintAndPlainPskWithoutAHintSendsNoServerKeyExchange() {
        List<String> hints = new ArrayList<>();
        PskClientCallback callback = hint -> {
            hints.add(String.valueOf(hint));
            return DEVICE;
        };
        for (CipherSuite suite : List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256)) {
            for (String hint : new String[] {"coap-server-1", null}) {
                DtlsConfig clientConfig = DtlsConfig.builder().random(TestConfigs.seededRandom(5)).pskClient(callback).cipherSuites(suite).build();
                DtlsConfig serverConfig = server(6).pskIdentityHint(hint).cipherSuites(suite).build();
                SimulatedLink link = link(clientConfig, serverConfig, 7);
                link.handshake();
                assertThat(link.bothConnected()).as(link.describe()).isTrue();
                // flight 4 is ServerHello, [ServerKeyExchange], ServerHelloDone; a perfect link repeats nothing
                int serverKeyExchanges = link.sent(Side.SERVER).stream().mapToInt(d -> countHandshakeType(d.bytes(), 12)).sum();
                assertThat(serverKeyExchanges).as("%s, hint %s", suite, hint)
                        .isEqualTo(hint == null && suite.keyExchange() == CipherSuite.KeyExchange.PSK ? 0 : 1);
            }
        }
        // ECDHE_PSK always sends ServerKeyExchange, with an empty hint when there is none (RFC 5489 §2)
        assertThat(hints).containsExactly("coap-server-1", "null", "coap-server-1", "");
    }

    /** Handshake messages of this type in the unprotected records of a datagram. */
    private static int countHandshakeType(byte[] datagram, int type) {
        int count = 0;
        for (int off = 0; off + 13 <= datagram.length; ) {
            int length = (datagram[off + 11] & 0xFF) << 8 | (datagram[off + 12] & 0xFF);
            if (datagram[off] == 22 && datagram[off + 3] == 0 && datagram[off + 4] == 0 && datagram[off + 13] == type) {
                count++;
            }
            off += 13 + length;
        }
        return count;
    }

    @Test
    void anUnknownIdentityFailsLikeAWrongKeyWithDecryptErrorByDefault() {
        for (PreSharedKey clientKey : List.of(PreSharedKey.of("nobody", KEY), PreSharedKey.of("device-17", new byte[16]))) {
            SimulatedLink link = link(client(8, clientKey).build(), server(9).build(), 10);
            link.handshake();
            link.runUntilQuiet();
            assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
                assertThat(f.cause().alert()).isEqualTo(AlertDescription.DECRYPT_ERROR);
                assertThat(f.cause().alertFromPeer()).isFalse();
            });
            assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).singleElement().satisfies(f -> {
                assertThat(f.cause().alert()).isEqualTo(AlertDescription.DECRYPT_ERROR);
                assertThat(f.cause().alertFromPeer()).isTrue();
            });
            assertThat(link.events(Side.CLIENT, DtlsEvent.HandshakeCompleted.class)).isEmpty();
        }
    }

    @Test
    void anUnknownIdentityGetsUnknownPskIdentityWhenConfigured() {
        SimulatedLink link = link(client(11, PreSharedKey.of("nobody", KEY)).build(), server(12).rejectUnknownPskIdentity(true).build(), 13);
        link.handshake();
        link.runUntilQuiet();
        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).isEqualTo(AlertDescription.UNKNOWN_PSK_IDENTITY);
            assertThat(f.cause().getMessage()).contains("'nobody'").doesNotContain(HexFormat.of().formatHex(KEY));
        });
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.cause().alert()).isEqualTo(AlertDescription.UNKNOWN_PSK_IDENTITY));
    }

    @Test
    void aPskClientAtAServerWithoutPskHearsHandshakeFailureAndTheServerSaysWhy() {
        CertifiedKey serverKey = TestCredentials.server(TestCredentials.KeyType.EC_P256);
        SimulatedLink link = link(client(14, DEVICE).build(), TestConfigs.server(15, serverKey).build(), 16);
        link.handshake();
        link.runUntilQuiet();
        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
            assertThat(f.cause().getMessage()).contains("only PSK cipher suites", "no PSK configured");
        });
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.cause().alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE));
    }

    @Test
    void aCertificateClientAtAPskOnlyServerHearsHandshakeFailure() {
        CertifiedKey serverKey = TestCredentials.server(TestCredentials.KeyType.EC_P256);
        SimulatedLink link = link(TestConfigs.client(17, serverKey).build(), server(18).build(), 19);
        link.handshake();
        link.runUntilQuiet();
        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
            assertThat(f.cause().getMessage()).contains("no certificate or raw key");
        });
    }

    @Test
    void aServerWithACertificateAndPskServesBothKindsOfClient() {
        CertifiedKey serverKey = TestCredentials.server(TestCredentials.KeyType.EC_P256);
        DtlsConfig serverConfig = TestConfigs.server(20, serverKey).pskKeyStore(PskKeyStore.of(DEVICE)).build();
        SimulatedLink psk = link(client(21, DEVICE).build(), serverConfig, 22);
        psk.handshake();
        assertThat(psk.bothConnected()).as(psk.describe()).isTrue();
        // the default suites with a PSK configured: ECDHE_PSK comes first among the PSK ones
        assertThat(psk.server().session().cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256);
        SimulatedLink certificate = link(TestConfigs.client(23, serverKey).build(), serverConfig, 24);
        certificate.handshake();
        assertThat(certificate.bothConnected()).as(certificate.describe()).isTrue();
        assertThat(certificate.server().session().cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        assertThat(certificate.server().session().pskIdentity()).isNull();
    }

    @Test
    void enginesRefuseConfigurationsThatCannotHandshake() {
        assertThatThrownBy(() -> DtlsEngine.server(DtlsConfig.builder().build(), TestConfigs.CLIENT_ADDRESS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pskKeyStore");
        assertThatThrownBy(() -> DtlsEngine.client(DtlsConfig.builder().build(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pskClient");
        assertThatThrownBy(() -> DtlsEngine.client(DtlsConfig.builder().psk(DEVICE)
                .cipherSuites(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256).build(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none of the configured cipher suites");
        // a PSK-only server is accepted
        assertThat(DtlsEngine.server(server(1).build(), TestConfigs.CLIENT_ADDRESS)).isNotNull();
    }

    @Test
    void noPskTypeShowsTheKeyInToString() {
        byte[] key = "a very secret key".getBytes(StandardCharsets.US_ASCII);
        String hex = HexFormat.of().formatHex(key);
        PreSharedKey psk = PreSharedKey.of("someone", key);
        List<Object> objects = List.of(psk, PskKeyStore.of(psk), PskClientCallback.of(psk),
                DtlsConfig.builder().psk(psk).build(), DtlsConfig.builder().pskKeyStore(PskKeyStore.of(psk)).build());
        for (Object o : objects) {
            assertThat(o.toString()).as(o.getClass().getName())
                    .doesNotContain(hex).doesNotContain(hex.toUpperCase()).doesNotContain("a very secret key")
                    .doesNotContain(java.util.Arrays.toString(key)).doesNotContain(java.util.Base64.getEncoder().encodeToString(key));
        }
        assertThat(psk.toString()).contains("someone");
        assertThatThrownBy(() -> PreSharedKey.of("x", new byte[0])).hasMessageNotContaining(hex);
    }
}
