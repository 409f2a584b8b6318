package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
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

/** connection_id's encoding and the negotiation rules of RFC 9146 §3. */
class ConnectionIdExtensionTest {
    private static final HexFormat HEX = HexFormat.of();
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
    private final HelloExtensions extensions = HelloExtensions.dtls12();

    private HelloNegotiation client(int cidLength) {
        return new HelloNegotiation(TestConfigs.client(1, serverKey).connectionIdLength(cidLength)
                .connectionIdGenerator((length, random) -> java.util.Arrays.copyOf(HEX.parseHex("c1c2c3c4c5c6c7c8"), length))
                .build(), true, null);
    }

    private HelloNegotiation server(int cidLength) {
        return new HelloNegotiation(TestConfigs.server(2, serverKey).connectionIdLength(cidLength)
                .connectionIdGenerator((length, random) -> java.util.Arrays.copyOf(HEX.parseHex("5151515151"), length))
                .build(), false, null);
    }

    private static Extensions hello(String hex) {
        return ExtensionAnswers.answer(ExtensionType.CONNECTION_ID, hex);
    }

    @Test
    void theClientOffersItsCidAsAnOpaqueVector() {
        assertThat(HEX.formatHex(extensions.offer(client(3)).get(ExtensionType.CONNECTION_ID))).isEqualTo("03c1c2c3");
        // RFC 9146 §3: a zero-length CID still takes part
        assertThat(HEX.formatHex(extensions.offer(client(0)).get(ExtensionType.CONNECTION_ID))).isEqualTo("00");
        assertThat(extensions.offer(client(-1)).has(ExtensionType.CONNECTION_ID)).isFalse();
    }

    @Test
    void theServerAnswersWithItsOwnCidAndWritesTheClients() throws Exception {
        HelloNegotiation server = server(5);
        Extensions offer = hello("02abcd");
        extensions.readOffer(offer, server);
        assertThat(HEX.formatHex(extensions.answer(offer, server).get(ExtensionType.CONNECTION_ID))).isEqualTo("055151515151");
        assertThat(server.readConnectionId).containsExactly(0x51, 0x51, 0x51, 0x51, 0x51);
        assertThat(server.writeConnectionId).containsExactly(0xab, 0xcd);
    }

    @Test
    void aServerWithoutConnectionIdsOrAClientWithoutTheOfferNegotiatesNone() throws Exception {
        HelloNegotiation unconfigured = server(-1);
        Extensions offer = hello("02abcd");
        extensions.readOffer(offer, unconfigured);
        assertThat(extensions.answer(offer, unconfigured).has(ExtensionType.CONNECTION_ID)).isFalse();
        assertThat(unconfigured.readConnectionId).isNull();

        HelloNegotiation configured = server(5);
        Extensions noOffer = Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]);
        extensions.readOffer(noOffer, configured);
        assertThat(extensions.answer(noOffer, configured).has(ExtensionType.CONNECTION_ID)).isFalse();
        assertThat(configured.writeConnectionId).isNull();
    }

    @Test
    void theClientTakesTheServersCidAndItsOwnFromItsHello() throws Exception {
        HelloNegotiation client = client(2);
        Extensions offered = extensions.offer(client);
        extensions.readAnswer(hello("0399aabb"), offered, client);
        assertThat(client.readConnectionId).containsExactly(0xc1, 0xc2);
        assertThat(client.writeConnectionId).containsExactly(0x99, 0xaa, 0xbb);
        // an empty answer: the server takes part but wants records without CID
        HelloNegotiation second = client(2);
        extensions.readAnswer(hello("00"), extensions.offer(second), second);
        assertThat(second.writeConnectionId).isEmpty();
    }

    @Test
    void anAnswerToAnOfferNeverMadeIsUnsupportedExtension() {
        HelloNegotiation client = client(-1);
        assertThat(ExtensionAnswers.alertFor(extensions, hello("0101"), extensions.offer(client), client))
                .isEqualTo(AlertDescription.UNSUPPORTED_EXTENSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02aa", "01aabb", "0000", "ff" + "00"})
    void malformedConnectionIdIsDecodeError(String hex) {
        HelloNegotiation client = client(2);
        assertThat(ExtensionAnswers.alertFor(extensions, hello(hex), extensions.offer(client), client))
                .isEqualTo(AlertDescription.DECODE_ERROR);
        assertThatThrownBy(() -> extensions.readOffer(hello(hex), server(4)))
                .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.alert()).isEqualTo(AlertDescription.DECODE_ERROR));
    }

    @Test
    void theLongestCidRoundTrips() throws Exception {
        byte[] cid = new byte[255];
        java.util.Arrays.fill(cid, (byte) 7);
        byte[] data = ConnectionIdExtension.encode(cid);
        assertThat(data).hasSize(256);
        assertThat(ConnectionIdExtension.decode(data)).isEqualTo(cid);
        assertThatThrownBy(() -> ConnectionIdExtension.encode(new byte[256])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configurationChecksTheLengthAndTheGenerator() {
        assertThatThrownBy(() -> DtlsConfig.builder().connectionIdLength(256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 255");
        assertThatThrownBy(() -> DtlsConfig.builder().connectionIdLength(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DtlsConfig.builder().build().connectionIdEnabled()).isFalse();
        assertThat(DtlsConfig.builder().connectionIdLength(0).build().connectionIdEnabled()).isTrue();
        // a generator that returns the wrong length is a programming error, not a peer's
        HelloNegotiation broken = new HelloNegotiation(TestConfigs.client(3, serverKey).connectionIdLength(4)
                .connectionIdGenerator((length, random) -> new byte[3]).build(), true, null);
        assertThatThrownBy(() -> extensions.offer(broken)).isInstanceOf(IllegalStateException.class).hasMessageContaining("3 bytes");
    }
}
