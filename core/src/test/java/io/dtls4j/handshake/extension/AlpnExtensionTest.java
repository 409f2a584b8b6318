package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** ALPN's encoding and the client's check of the answer (RFC 7301 §3.1, §3.2). */
class AlpnExtensionTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
    private final HelloExtensions extensions = HelloExtensions.dtls12();
    private final HelloNegotiation client = new HelloNegotiation(TestConfigs.client(1, serverKey)
            .applicationProtocols("webrtc", "coap").build(), true, null);
    private final Extensions offered = extensions.offer(client);

    private static Extensions answer(String hex) {
        return ExtensionAnswers.answer(ExtensionType.ALPN, hex);
    }

    private AlertDescription alertFor(String hex) {
        return ExtensionAnswers.alertFor(extensions, answer(hex), offered, client);
    }

    @Test
    void theClientOffersItsNamesAsLengthPrefixedBytes() throws Exception {
        // "webrtc" (6 bytes) and "coap" (4 bytes) in a 12-byte protocol_name_list
        assertThat(HexFormat.of().formatHex(offered.get(ExtensionType.ALPN))).isEqualTo("000c" + "06776562727463" + "04636f6170");
        extensions.readAnswer(answer("0005" + "04636f6170"), offered, client);
        assertThat(client.applicationProtocol).isEqualTo("coap");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "000c" + "06776562727463" + "04636f6170", // two names: the server must choose one
            "0005" + "0468323a31", // "h2:1", not offered
            "0003" + "02ff00" // not UTF-8: never offered
    })
    void answersTheClientCannotAcceptAreIllegalParameter(String hex) {
        assertThat(alertFor(hex)).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0000", "000100", "0002" + "0000", "0005" + "04636f61", "0005" + "04636f617000"})
    void malformedListsAreDecodeError(String hex) {
        assertThat(alertFor(hex)).isEqualTo(AlertDescription.DECODE_ERROR);
    }
}
