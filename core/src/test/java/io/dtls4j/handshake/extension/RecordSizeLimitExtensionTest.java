package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
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

/** record_size_limit's encoding and the checks both sides make (RFC 8449 §4). */
class RecordSizeLimitExtensionTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
    private final HelloExtensions extensions = HelloExtensions.dtls12();

    private HelloNegotiation client(int limit) {
        return new HelloNegotiation(TestConfigs.client(1, serverKey).recordSizeLimit(limit).build(), true, null);
    }

    private HelloNegotiation server(int limit) {
        return new HelloNegotiation(TestConfigs.server(2, serverKey).recordSizeLimit(limit).build(), false, null);
    }

    private static Extensions hello(String hex) {
        return ExtensionAnswers.answer(ExtensionType.RECORD_SIZE_LIMIT, hex);
    }

    private static String hex(byte[] data) {
        return data == null ? null : HexFormat.of().formatHex(data);
    }

    @Test
    void aClientOffersTheConfiguredLimitAndNothingWhenNoneIsConfigured() {
        assertThat(hex(extensions.offer(client(256)).get(ExtensionType.RECORD_SIZE_LIMIT))).isEqualTo("0100");
        assertThat(extensions.offer(client(0)).has(ExtensionType.RECORD_SIZE_LIMIT)).isFalse();
        // 2^14 + 1 is TLS 1.3's maximum; a DTLS 1.2 hello never carries more than 2^14 (RFC 8449 §4)
        assertThat(hex(extensions.offer(client(16385)).get(ExtensionType.RECORD_SIZE_LIMIT))).isEqualTo("4000");
    }

    @Test
    void aServerAnswersAnOfferWithItsLimitOrTheProtocolMaximum() throws Exception {
        HelloNegotiation configured = server(512);
        Extensions offer = hello("0100");
        extensions.readOffer(offer, configured);
        assertThat(configured.peerRecordSizeLimit).isEqualTo(256);
        assertThat(configured.ownRecordSizeLimit).isEqualTo(512);
        assertThat(hex(extensions.answer(offer, configured).get(ExtensionType.RECORD_SIZE_LIMIT))).isEqualTo("0200");

        HelloNegotiation unconfigured = server(0);
        extensions.readOffer(offer, unconfigured);
        assertThat(hex(extensions.answer(offer, unconfigured).get(ExtensionType.RECORD_SIZE_LIMIT))).isEqualTo("4000");
        assertThat(unconfigured.ownRecordSizeLimit).isEqualTo(16384);
    }

    @Test
    void aServerNeverAnswersAClientThatDidNotOffer() throws Exception {
        HelloNegotiation server = server(256);
        Extensions offer = Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]);
        extensions.readOffer(offer, server);
        assertThat(extensions.answer(offer, server).has(ExtensionType.RECORD_SIZE_LIMIT)).isFalse();
        assertThat(server.peerRecordSizeLimit).isZero();
        assertThat(server.ownRecordSizeLimit).isZero();
    }

    @Test
    void aServerTakesAClientLimitAboveTheMaximumAsTheMaximum() throws Exception {
        // RFC 8449 §4: "A server MUST NOT enforce this restriction"
        HelloNegotiation server = server(0);
        extensions.readOffer(hello("4001"), server);
        assertThat(server.peerRecordSizeLimit).isEqualTo(16384);
        extensions.readOffer(hello("ffff"), server);
        assertThat(server.peerRecordSizeLimit).isEqualTo(16384);
    }

    @Test
    void theClientLearnsTheServersLimit() throws Exception {
        HelloNegotiation client = client(1000);
        extensions.readAnswer(hello("0040"), extensions.offer(client), client);
        assertThat(client.peerRecordSizeLimit).isEqualTo(64);
        assertThat(client.ownRecordSizeLimit).isEqualTo(1000);
    }

    @Test
    void anAnswerToAClientThatDidNotOfferIsUnsupportedExtension() {
        HelloNegotiation client = client(0);
        assertThat(ExtensionAnswers.alertFor(extensions, hello("0100"), extensions.offer(client), client))
                .isEqualTo(AlertDescription.UNSUPPORTED_EXTENSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000", "0001", "003f"})
    void limitsBelow64AreIllegalParameterOnBothSides(String limit) {
        assertBothSidesRefuse(limit, AlertDescription.ILLEGAL_PARAMETER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4001", "ffff"})
    void aClientRefusesAServerLimitAboveTheDtls12Maximum(String limit) {
        HelloNegotiation client = client(256);
        assertThat(ExtensionAnswers.alertFor(extensions, hello(limit), extensions.offer(client), client))
                .isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "01", "010000"})
    void aMalformedLimitIsDecodeError(String hex) {
        assertBothSidesRefuse(hex, AlertDescription.DECODE_ERROR);
    }

    /** A client refuses {@code hex} as the server's answer, and a server as the client's offer, both with {@code alert}. */
    private void assertBothSidesRefuse(String hex, AlertDescription alert) {
        HelloNegotiation client = client(256);
        assertThat(ExtensionAnswers.alertFor(extensions, hello(hex), extensions.offer(client), client)).isEqualTo(alert);
        AlertDescription serverAlert = null;
        try {
            extensions.readOffer(hello(hex), server(0));
        } catch (DtlsException e) {
            serverAlert = e.alert();
        } catch (DecodeException e) {
            serverAlert = e.alert();
        }
        assertThat(serverAlert).as("the server's alert").isEqualTo(alert);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 63, 16386, 65535})
    void theConfigurationRefusesLimitsOutside64To16385(int limit) {
        assertThatThrownBy(() -> DtlsConfig.builder().recordSizeLimit(limit))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64..16385");
    }
}
