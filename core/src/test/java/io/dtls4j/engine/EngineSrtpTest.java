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
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static io.dtls4j.config.SrtpProfile.SRTP_AEAD_AES_128_GCM;
import static io.dtls4j.config.SrtpProfile.SRTP_AEAD_AES_256_GCM;
import static io.dtls4j.config.SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_32;
import static io.dtls4j.config.SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
import static org.assertj.core.api.Assertions.assertThat;

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
