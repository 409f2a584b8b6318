package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import io.dtls4j.session.SrtpKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HexFormat;

import static io.dtls4j.config.SrtpProfile.SRTP_AEAD_AES_128_GCM;
import static io.dtls4j.config.SrtpProfile.SRTP_AEAD_AES_256_GCM;
import static io.dtls4j.config.SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32;
import static io.dtls4j.config.SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DTLS-SRTP's use_srtp (RFC 5764 §4.1) between two engines: profile choice, MKI, required and optional SRTP. */
class EngineSrtpTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    private SimulatedLink handshake(DtlsConfig.Builder client, DtlsConfig.Builder server, long seed,
                                    SimulatedLink.Interceptor interceptor) {
        SimulatedLink.Builder builder = SimulatedLink.builder().seed(seed);
        if (interceptor != null) {
            builder.interceptor(interceptor);
        }
        SimulatedLink link = builder.connect(DtlsEngine.client(client.build(), "server.test"),
                DtlsEngine.server(server.build(), TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        return link;
    }

    private DtlsConfig.Builder client(long seed, SrtpProfile... profiles) {
        return TestConfigs.client(seed, serverKey).srtpProfiles(profiles);
    }

    private DtlsConfig.Builder server(long seed, SrtpProfile... profiles) {
        return TestConfigs.server(seed, serverKey).srtpProfiles(profiles);
    }

    private static AlertDescription failure(SimulatedLink link, Side side) {
        return link.events(side, DtlsEvent.Failed.class).get(0).cause().alert();
    }

    @Test
    void theServerPicksTheFirstOfItsOwnProfilesThatTheClientOffered() {
        SimulatedLink link = handshake(client(1, SRTP_AES128_CM_HMAC_SHA1_80, SRTP_AEAD_AES_128_GCM, SRTP_AEAD_AES_256_GCM),
                server(1, SRTP_AEAD_AES_256_GCM, SRTP_AEAD_AES_128_GCM), 1, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().srtpProfile()).isEqualTo(SRTP_AEAD_AES_256_GCM);
        assertThat(link.server().session().srtpProfile()).isEqualTo(SRTP_AEAD_AES_256_GCM);
        assertThat(link.client().session().srtpMki()).isEmpty();
    }

    @Test
    void aServerWithoutSrtpConfiguredIgnoresTheOfferAndTheHandshakeIsPlainDtls() {
        SimulatedLink link = handshake(client(2, SRTP_AES128_CM_HMAC_SHA1_80), TestConfigs.server(2, serverKey), 2, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().srtpProfile()).isNull();
        assertThat(link.server().session().srtpProfile()).isNull();
    }

    @Test
    void withoutACommonProfileAServerThatDoesNotRequireSrtpCompletesPlainDtls() {
        SimulatedLink link = handshake(client(3, SRTP_AES128_CM_HMAC_SHA1_32), server(3, SRTP_AEAD_AES_128_GCM), 3, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().srtpProfile()).isNull();
    }

    @Test
    void withoutACommonProfileAServerThatRequiresSrtpFailsWithHandshakeFailure() {
        SimulatedLink link = handshake(client(4, SRTP_AES128_CM_HMAC_SHA1_32),
                server(4, SRTP_AEAD_AES_128_GCM).requireSrtp(true), 4, null);

        assertThat(link.bothConnected()).isFalse();
        assertThat(failure(link, Side.SERVER)).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class).get(0).cause())
                .hasMessageContaining("SRTP is required");
        assertThat(failure(link, Side.CLIENT)).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class).get(0).cause().alertFromPeer()).isTrue();
    }

    @Test
    void aServerThatRequiresSrtpRefusesAClientThatDoesNotOfferIt() {
        SimulatedLink link = handshake(TestConfigs.client(5, serverKey),
                server(5, SRTP_AES128_CM_HMAC_SHA1_80).requireSrtp(true), 5, null);

        assertThat(failure(link, Side.SERVER)).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class).get(0).cause())
                .hasMessageContaining("did not offer use_srtp");
    }

    @Test
    void aClientThatRequiresSrtpRefusesAServerThatDoesNotAnswerIt() {
        SimulatedLink link = handshake(client(6, SRTP_AES128_CM_HMAC_SHA1_80).requireSrtp(true),
                TestConfigs.server(6, serverKey), 6, null);

        assertThat(link.bothConnected()).isFalse();
        assertThat(failure(link, Side.CLIENT)).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class).get(0).cause().alertFromPeer()).isFalse();
    }

    @Test
    void aServerThatAcceptsMkisEchoesTheClientsAndOthersAnswerWithAnEmptyOne() {
        byte[] mki = {1, 2, 3, 4};
        SimulatedLink echoing = handshake(client(7, SRTP_AES128_CM_HMAC_SHA1_80).srtpMki(mki),
                server(7, SRTP_AES128_CM_HMAC_SHA1_80).acceptSrtpMki(true), 7, null);
        assertThat(echoing.bothConnected()).isTrue();
        assertThat(echoing.client().session().srtpMki()).isEqualTo(mki);
        assertThat(echoing.server().session().srtpMki()).isEqualTo(mki);

        SimulatedLink declining = handshake(client(8, SRTP_AES128_CM_HMAC_SHA1_80).srtpMki(mki),
                server(8, SRTP_AES128_CM_HMAC_SHA1_80), 8, null);
        assertThat(declining.bothConnected()).isTrue();
        assertThat(declining.client().session().srtpMki()).isEmpty();
        assertThat(declining.server().session().srtpMki()).isEmpty();
    }

    @Test
    void aServerAnsweringWithAProfileTheClientDidNotOfferIsIllegalParameter() {
        // the server answers use_srtp {profiles 0x0001, mki ""}: rewrite the profile to 0x0007, never offered
        byte[] answer = HexFormat.of().parseHex("000e0005000200010" + "0");
        SimulatedLink link = handshake(client(9, SRTP_AES128_CM_HMAC_SHA1_80), server(9, SRTP_AES128_CM_HMAC_SHA1_80), 9,
                (from, index, datagram) -> {
                    int at = from == Side.SERVER ? indexOf(datagram, answer) : -1;
                    if (at >= 0) {
                        datagram[at + 7] = 0x07;
                    }
                    return datagram;
                });

        assertThat(link.bothConnected()).isFalse();
        assertThat(failure(link, Side.CLIENT)).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class).get(0).cause())
                .hasMessageContaining("0x0007").hasMessageContaining("not offered");
        assertThat(failure(link, Side.SERVER)).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void bothSidesGetTheSameSrtpKeysSplitAsRfc5764Says(SrtpProfile profile) {
        SimulatedLink link = handshake(client(10, profile), server(10, profile), 10, null);
        assertThat(link.bothConnected()).as(link.describe()).isTrue();

        int key = profile.masterKeyLength();
        int salt = profile.masterSaltLength();
        assertThat(key + salt).isEqualTo(switch (profile) {
            case SRTP_AES128_CM_HMAC_SHA1_80, SRTP_AES128_CM_HMAC_SHA1_32 -> 16 + 14;
            case SRTP_AEAD_AES_128_GCM -> 16 + 12;
            case SRTP_AEAD_AES_256_GCM -> 32 + 12;
        });
        // RFC 5764 §4.2: client key, server key, client salt, server salt, from the exporter without context
        byte[] material = link.server().exportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 2 * (key + salt));
        SrtpKeys atClient = link.client().srtpKeys();
        SrtpKeys atServer = link.server().srtpKeys();
        assertThat(atClient.profile()).isEqualTo(profile);
        assertThat(atClient.clientWriteKey()).isEqualTo(Arrays.copyOfRange(material, 0, key))
                .isEqualTo(atServer.clientWriteKey());
        assertThat(atClient.serverWriteKey()).isEqualTo(Arrays.copyOfRange(material, key, 2 * key))
                .isEqualTo(atServer.serverWriteKey());
        assertThat(atClient.clientWriteSalt()).isEqualTo(Arrays.copyOfRange(material, 2 * key, 2 * key + salt))
                .isEqualTo(atServer.clientWriteSalt());
        assertThat(atClient.serverWriteSalt()).isEqualTo(Arrays.copyOfRange(material, 2 * key + salt, material.length))
                .isEqualTo(atServer.serverWriteSalt());
        assertThat(atClient.clientWriteKey()).isNotEqualTo(atClient.serverWriteKey());
        assertThat(atClient.toString()).contains(profile.name())
                .doesNotContain(HexFormat.of().formatHex(atClient.clientWriteKey()))
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(atClient.serverWriteSalt()));
    }

    @Test
    void srtpKeysWithoutANegotiatedProfileAndExportsAfterCloseAreRefused() {
        SimulatedLink link = handshake(TestConfigs.client(11, serverKey), TestConfigs.server(11, serverKey), 11, null);
        assertThat(link.bothConnected()).isTrue();
        assertThatThrownBy(() -> link.client().srtpKeys()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no SRTP profile was negotiated");

        var exporter = link.client().exporter();
        byte[] before = exporter.exportKeyingMaterial("EXPERIMENTAL x", new byte[] {1}, 20);
        assertThat(before).isEqualTo(link.server().exporter().exportKeyingMaterial("EXPERIMENTAL x", new byte[] {1}, 20));
        link.close(Side.CLIENT);
        link.runUntilQuiet();
        // the kept exporter lost its secret with the session
        assertThatThrownBy(() -> exporter.exportKeyingMaterial("EXPERIMENTAL x", new byte[] {1}, 20))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> link.client().exporter().exportKeyingMaterial("EXPERIMENTAL x", null, 20))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEngineThatHasNotCompletedAHandshakeHasNoExporter() {
        DtlsEngine engine = DtlsEngine.client(TestConfigs.client(12, serverKey).build(), "server.test");
        assertThatThrownBy(engine::exporter).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(engine::srtpKeys).isInstanceOf(IllegalStateException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
