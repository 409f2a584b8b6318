package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.handshake.message.CertificateType;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one negotiation mechanism of hello extensions: offer, read the offer, answer, check the answer. */
class HelloExtensionsTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
    private final DtlsConfig clientConfig = TestConfigs.client(1, serverKey).build();
    private final DtlsConfig serverConfig = TestConfigs.server(2, serverKey).build();
    private final HelloExtensions extensions = HelloExtensions.dtls12();

    @Test
    void aClientOffersItsExtensionsAndTheServerAnswersTheOnesItUses() throws Exception {
        HelloNegotiation client = new HelloNegotiation(clientConfig, true, "example.test");
        Extensions offered = extensions.offer(client);
        assertThat(offered.list()).extracting(Extensions.Extension::type).containsExactly(
                ExtensionType.SERVER_NAME, ExtensionType.SUPPORTED_GROUPS, ExtensionType.EC_POINT_FORMATS,
                ExtensionType.SIGNATURE_ALGORITHMS, ExtensionType.SIGNATURE_ALGORITHMS_CERT,
                ExtensionType.EXTENDED_MASTER_SECRET, ExtensionType.RENEGOTIATION_INFO, ExtensionType.SESSION_TICKET);

        HelloNegotiation server = new HelloNegotiation(serverConfig, false, null);
        extensions.readOffer(offered, server);
        assertThat(server.extendedMasterSecret).isTrue();
        assertThat(server.clientGroups).isNotEmpty();
        Extensions answered = extensions.answer(offered, server);
        assertThat(answered.list()).extracting(Extensions.Extension::type).containsExactly(
                ExtensionType.EC_POINT_FORMATS, ExtensionType.EXTENDED_MASTER_SECRET, ExtensionType.RENEGOTIATION_INFO);

        extensions.readAnswer(answered, offered, client);
        assertThat(client.extendedMasterSecret).isTrue();
        assertThat(client.serverCertificateType).isEqualTo(CertificateType.X509);
    }

    @Test
    void anIpLiteralIsNeverSentAsServerName() {
        HelloNegotiation client = new HelloNegotiation(clientConfig, true, "127.0.0.1");
        assertThat(extensions.offer(client).has(ExtensionType.SERVER_NAME)).isFalse();
    }

    @Test
    void theRenegotiationScsvAloneGetsRenegotiationInfoAnswered() throws Exception {
        // RFC 5746 §3.6: a client that sent only TLS_EMPTY_RENEGOTIATION_INFO_SCSV hears the empty extension
        Extensions offered = extensions.offer(new HelloNegotiation(clientConfig, true, null))
                .without(ExtensionType.RENEGOTIATION_INFO);
        HelloNegotiation server = new HelloNegotiation(serverConfig, false, null);
        extensions.readOffer(offered, server);
        assertThat(extensions.answer(offered, server).has(ExtensionType.RENEGOTIATION_INFO)).isFalse();
        server.secureRenegotiation = true; // what the server state sets on seeing the SCSV
        assertThat(extensions.answer(offered, server).get(ExtensionType.RENEGOTIATION_INFO))
                .isEqualTo(ExtensionCodecs.renegotiationInfo(new byte[0]));
    }

    @Test
    void anAnswerToSomethingNotOfferedIsUnsupportedExtension() {
        HelloNegotiation client = new HelloNegotiation(clientConfig, true, null);
        Extensions offered = extensions.offer(client);
        Extensions answered = Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0])
                .with(ExtensionType.USE_SRTP, new byte[] {0, 2, 0, 1, 0});
        assertThatThrownBy(() -> extensions.readAnswer(answered, offered, client))
                .isInstanceOfSatisfying(DtlsException.class,
                        e -> assertThat(e.alert()).isEqualTo(AlertDescription.UNSUPPORTED_EXTENSION))
                .hasMessageContaining("use_srtp");
    }

    @Test
    void aServerWithoutTheExtendedMasterSecretIsRefusedByDefault() {
        HelloNegotiation client = new HelloNegotiation(clientConfig, true, null);
        Extensions offered = extensions.offer(client);
        assertThatThrownBy(() -> extensions.readAnswer(Extensions.EMPTY, offered, client))
                .isInstanceOfSatisfying(DtlsException.class,
                        e -> assertThat(e.alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE))
                .hasMessageContaining("extended master secret");
    }

    @Test
    void aServerCertificateTypeThatWasNotOfferedIsIllegalParameter() {
        HelloNegotiation client = new HelloNegotiation(clientConfig, true, null);
        Extensions offered = extensions.offer(client).with(ExtensionType.SERVER_CERTIFICATE_TYPE,
                ExtensionCodecs.certificateTypes(new byte[] {CertificateType.X509}));
        Extensions answered = Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0])
                .with(ExtensionType.SERVER_CERTIFICATE_TYPE, new byte[] {CertificateType.RAW_PUBLIC_KEY});
        assertThatThrownBy(() -> extensions.readAnswer(answered, offered, client))
                .isInstanceOfSatisfying(DtlsException.class,
                        e -> assertThat(e.alert()).isEqualTo(AlertDescription.ILLEGAL_PARAMETER));
    }

    @Test
    void sessionTicketIsAskedForEmptyOfferedWithATicketAndAnsweredEmptyOnlyWhenOneWillBeIssued() throws Exception {
        HelloNegotiation client = new HelloNegotiation(clientConfig, true, null);
        client.offeredTicket = new byte[] {9, 9, 9};
        Extensions offered = extensions.offer(client);
        assertThat(offered.get(ExtensionType.SESSION_TICKET)).containsExactly(9, 9, 9);

        HelloNegotiation server = new HelloNegotiation(serverConfig, false, null);
        extensions.readOffer(offered, server);
        assertThat(server.clientTicket).containsExactly(9, 9, 9);
        assertThat(extensions.answer(offered, server).has(ExtensionType.SESSION_TICKET)).isFalse();
        server.sessionTicketIssued = true;
        Extensions answered = extensions.answer(offered, server);
        assertThat(answered.get(ExtensionType.SESSION_TICKET)).isEmpty();
        extensions.readAnswer(answered, offered, client);
        assertThat(client.sessionTicketIssued).isTrue();

        HelloNegotiation asking = new HelloNegotiation(clientConfig, true, null);
        assertThat(extensions.offer(asking).get(ExtensionType.SESSION_TICKET)).isEmpty();
        HelloNegotiation off = new HelloNegotiation(TestConfigs.client(1, serverKey).sessionTickets(false).build(), true, null);
        assertThat(extensions.offer(off).has(ExtensionType.SESSION_TICKET)).isFalse();
    }

    @Test
    void aSessionTicketAnswerWithContentIsDecodeErrorAndOneNotAskedForUnsupportedExtension() {
        HelloNegotiation client = new HelloNegotiation(clientConfig, true, null);
        Extensions offered = extensions.offer(client);
        Extensions withContent = Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0])
                .with(ExtensionType.SESSION_TICKET, new byte[] {1});
        assertThatThrownBy(() -> extensions.readAnswer(withContent, offered, client))
                .isInstanceOfSatisfying(DtlsException.class, e -> assertThat(e.alert()).isEqualTo(AlertDescription.DECODE_ERROR));

        HelloNegotiation noTickets = new HelloNegotiation(TestConfigs.client(1, serverKey).sessionTickets(false).build(), true, null);
        Extensions notOffered = extensions.offer(noTickets);
        Extensions unsolicited = Extensions.EMPTY.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0])
                .with(ExtensionType.SESSION_TICKET, new byte[0]);
        assertThatThrownBy(() -> extensions.readAnswer(unsolicited, notOffered, noTickets))
                .isInstanceOfSatisfying(DtlsException.class, e -> assertThat(e.alert()).isEqualTo(AlertDescription.UNSUPPORTED_EXTENSION))
                .hasMessageContaining("session_ticket");
    }
}
