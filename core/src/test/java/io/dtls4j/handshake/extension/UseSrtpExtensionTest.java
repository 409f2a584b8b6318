package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import io.dtls4j.wire.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** use_srtp's encoding and the checks both sides make (RFC 5764 §4.1.1–§4.1.3). */
class UseSrtpExtensionTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
    private final HelloExtensions extensions = HelloExtensions.dtls12();
    private final HelloNegotiation client = new HelloNegotiation(TestConfigs.client(1, serverKey)
            .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProfile.SRTP_AEAD_AES_128_GCM)
            .srtpMki(new byte[] {9, 9}).build(), true, null);
    private final Extensions offered = extensions.offer(client);

    private static Extensions answer(String hex) {
        return ExtensionAnswers.answer(ExtensionType.USE_SRTP, hex);
    }

    private AlertDescription clientAlert(String hex) {
        return ExtensionAnswers.alertFor(extensions, answer(hex), offered, client);
    }

    @Test
    void theClientOffersItsProfilesInOrderWithItsMki() {
        // RFC 5764 §4.1.1: SRTPProtectionProfiles<2..2^16-1> then srtp_mki<0..255>
        assertThat(HexFormat.of().formatHex(offered.get(ExtensionType.USE_SRTP))).isEqualTo("00040001000702" + "0909");
    }

    @Test
    void aValidAnswerSetsTheProfileAndAnEmptyMkiDeclinesTheClients() throws Exception {
        extensions.readAnswer(answer("00020007" + "00"), offered, client);
        assertThat(client.srtpProfile).isEqualTo(SrtpProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(client.srtpMki).isEmpty();
    }

    @Test
    void anEchoedMkiIsAccepted() throws Exception {
        extensions.readAnswer(answer("00020001" + "020909"), offered, client);
        assertThat(client.srtpMki).containsExactly(9, 9);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00040001000700", // two profiles: the server must choose one
            "00020002" + "00", // SRTP_AES128_CM_HMAC_SHA1_32 was not offered
            "00020005" + "00", // SRTP_NULL_HMAC_SHA1_80: not offered (and not implemented)
            "00020001" + "020908" // a non-empty MKI other than ours
    })
    void answersTheClientCannotAcceptAreIllegalParameter(String hex) {
        assertThat(clientAlert(hex)).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "000000", "0001000100", "00020001", "0002000100" + "ff", "0002000103aa"})
    void malformedUseSrtpIsDecodeError(String hex) {
        assertThat(clientAlert(hex)).isEqualTo(AlertDescription.DECODE_ERROR);
        HelloNegotiation server = new HelloNegotiation(TestConfigs.server(2, serverKey)
                .srtpProfiles(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80).build(), false, null);
        assertThatThrownBy(() -> extensions.readOffer(answer(hex), server))
                .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.alert()).isEqualTo(AlertDescription.DECODE_ERROR));
    }

    @Test
    void aServerAnswersItsChoiceAndIgnoresProfilesItDoesNotKnow() throws Exception {
        DtlsConfig config = TestConfigs.server(3, serverKey)
                .srtpProfiles(SrtpProfile.SRTP_AEAD_AES_128_GCM, SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80).build();
        HelloNegotiation server = new HelloNegotiation(config, false, null);
        Extensions hello = Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]).with(ExtensionType.USE_SRTP, ExtensionCodecs.useSrtp(new int[] {0xBEEF, 1, 7}, new byte[] {5}));
        extensions.readOffer(hello, server);
        assertThat(server.srtpProfile).isEqualTo(SrtpProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(HexFormat.of().formatHex(extensions.answer(hello, server).get(ExtensionType.USE_SRTP))).isEqualTo("00020007" + "00");
    }
}
