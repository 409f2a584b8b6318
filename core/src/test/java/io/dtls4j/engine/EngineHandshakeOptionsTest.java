package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.record.ContentType;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Handshake variants on a perfect link: cookie exchange, small MTU, close_notify, client authentication. */
class EngineHandshakeOptionsTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    private static SimulatedLink link(DtlsConfig client, DtlsConfig server, int mtu, long seed) {
        return SimulatedLink.builder().seed(seed).mtu(mtu)
                .connect(DtlsEngine.client(client, "server.test"), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
    }

    private static List<Integer> firstServerMessages(SimulatedLink link) {
        return Records.plaintextHandshakeTypes(link.sent(Side.SERVER).get(0).bytes());
    }

    @Test
    void withTheCookieExchangeTheServerFirstSendsHelloVerifyRequestAndTheClientSendsTwoClientHellos() {
        SimulatedLink link = link(TestConfigs.client(10, serverKey).build(),
                TestConfigs.server(10, serverKey).cookieExchange(true).build(), 1200, 10);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(firstServerMessages(link)).containsExactly(HandshakeType.HELLO_VERIFY_REQUEST);
        assertThat(Records.plaintextHandshakeTypes(link.sent(Side.CLIENT).get(0).bytes())).containsExactly(HandshakeType.CLIENT_HELLO);
        assertThat(Records.plaintextHandshakeTypes(link.sent(Side.CLIENT).get(1).bytes())).containsExactly(HandshakeType.CLIENT_HELLO);
        Records.Record first = Records.parse(link.sent(Side.CLIENT).get(0).bytes()).get(0);
        Records.Record second = Records.parse(link.sent(Side.CLIENT).get(1).bytes()).get(0);
        // RFC 6347 §4.2.2: the ClientHello that answers HelloVerifyRequest has message_seq 1 and carries the cookie
        assertThat(first.handshakeHeader().messageSeq()).isZero();
        assertThat(second.handshakeHeader().messageSeq()).isEqualTo(1);
        assertThat(second.handshakeHeader().length()).isGreaterThan(first.handshakeHeader().length());
        assertThat(link.sent(Side.SERVER)).hasSize(3); // HelloVerifyRequest, ServerHello…Done, CCS+Finished
    }

    @Test
    void withoutTheCookieExchangeTheServerAnswersTheFirstClientHelloWithServerHello() {
        SimulatedLink link = link(TestConfigs.client(11, serverKey).build(),
                TestConfigs.server(11, serverKey).cookieExchange(false).build(), 1200, 11);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(firstServerMessages(link)).startsWith(HandshakeType.SERVER_HELLO)
                .doesNotContain(HandshakeType.HELLO_VERIFY_REQUEST);
        assertThat(link.sent(Side.SERVER)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048"})
    void aThreeHundredByteMtuFragmentsTheHandshakeAndItStillCompletes(KeyType keyType) {
        CertifiedKey key = TestCredentials.server(keyType);
        CertifiedKey clientKey = TestCredentials.client(keyType);
        DtlsConfig client = TestConfigs.client(12, key).mtu(300).certifiedKey(clientKey).build();
        DtlsConfig server = TestConfigs.server(12, key).mtu(300).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(clientKey.leaf())).build();
        SimulatedLink link = link(client, server, 300, 12);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.oversizeDropped()).isZero();
        assertThat(link.sent(Side.SERVER)).allSatisfy(s -> assertThat(s.bytes().length).isLessThanOrEqualTo(300));
        assertThat(link.sent(Side.CLIENT)).allSatisfy(s -> assertThat(s.bytes().length).isLessThanOrEqualTo(300));
        // the certificates did not fit one record: some handshake fragment starts past offset 0
        boolean fragmented = link.sent(Side.SERVER).stream()
                .flatMap(s -> Records.parse(s.bytes()).stream())
                .filter(r -> r.type() == ContentType.HANDSHAKE && r.epoch() == 0)
                .anyMatch(r -> r.handshakeHeader().fragmentOffset() > 0);
        assertThat(fragmented).isTrue();
        assertThat(link.client().maxApplicationDataSize()).isLessThan(300);
        byte[] data = new byte[20_000];
        new java.util.Random(12).nextBytes(data);
        SimulatedLink.Exchange exchange = link.exchange(data, data);
        assertThat(exchange.atServer()).isEqualTo(data);
        assertThat(exchange.atClient()).isEqualTo(data);
        assertThat(link.oversizeDropped()).isZero();
    }

    @Test
    void aDatagramLargerThanTheLinkMtuIsDroppedAndCounted() {
        // the engines think the path carries 1200 bytes, the link only 600: the server's flight is lost
        CertifiedKey rsa = TestCredentials.server(KeyType.RSA_2048);
        SimulatedLink link = link(TestConfigs.client(13, rsa).maxRetransmissions(1).build(),
                TestConfigs.server(13, rsa).build(), 600, 13);

        link.handshake();

        assertThat(link.oversizeDropped()).isPositive();
        assertThat(link.sent(Side.SERVER)).anySatisfy(s -> assertThat(s.bytes().length).isGreaterThan(600));
        assertThat(link.bothConnected()).isFalse();
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.timedOut()).isTrue());
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void closeNotifyFromOneSideClosesTheOtherAsClosedByPeer(Side closer) {
        SimulatedLink link = link(TestConfigs.client(14, serverKey).build(), TestConfigs.server(14, serverKey).build(), 1200, 14);
        link.handshake();
        assertThat(link.bothConnected()).isTrue();
        link.exchange("ping".getBytes(StandardCharsets.US_ASCII), "pong".getBytes(StandardCharsets.US_ASCII));

        link.close(closer);
        link.runUntilQuiet();

        Side other = closer.peer();
        assertThat(link.events(closer, DtlsEvent.Closed.class)).containsExactly(new DtlsEvent.Closed(false));
        assertThat(link.events(other, DtlsEvent.Closed.class)).containsExactly(new DtlsEvent.Closed(true));
        assertThat(link.engine(closer).state()).isEqualTo(EngineState.CLOSED);
        assertThat(link.engine(other).state()).isEqualTo(EngineState.CLOSED);
        assertThat(link.events(closer, DtlsEvent.Failed.class)).isEmpty();
        assertThat(link.events(other, DtlsEvent.Failed.class)).isEmpty();
    }

    @Test
    void closingBeforeTheHandshakeEndsLocallyAndTheServerKeepsWaiting() {
        SimulatedLink link = link(TestConfigs.client(15, serverKey).build(), TestConfigs.server(15, serverKey).build(), 1200, 15);
        link.client().close(link.now());
        link.runUntilQuiet();

        assertThat(link.client().state()).isEqualTo(EngineState.CLOSED);
        assertThat(link.events(Side.CLIENT, DtlsEvent.Closed.class)).containsExactly(new DtlsEvent.Closed(false));
        assertThat(link.sent(Side.CLIENT)).as("a client that never started sends nothing").isEmpty();
    }

    @Test
    void requiredClientAuthWithAClientCertificateCompletesAndTheServerSeesIt() {
        CertifiedKey clientKey = TestCredentials.client(KeyType.EC_P384);
        DtlsConfig client = TestConfigs.client(16, serverKey).certifiedKey(clientKey).build();
        DtlsConfig server = TestConfigs.server(16, serverKey).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(clientKey.leaf())).build();
        SimulatedLink link = link(client, server, 1200, 16);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.server().session().peerCertificates()).containsExactly(clientKey.leaf());
        assertThat(link.server().session().peerSignatureScheme()).isNotNull();
        assertThat(link.client().session().peerCertificates()).containsExactly(serverKey.leaf());
        SimulatedLink.Exchange exchange = link.exchange(new byte[] {1, 2, 3}, new byte[] {4, 5});
        assertThat(exchange.atServer()).containsExactly(1, 2, 3);
        assertThat(exchange.atClient()).containsExactly(4, 5);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "ED25519"})
    void requiredClientAuthAcceptsOtherClientKeyTypes(KeyType keyType) {
        CertifiedKey clientKey = TestCredentials.client(keyType);
        DtlsConfig client = TestConfigs.client(17, serverKey).certifiedKey(clientKey).build();
        DtlsConfig server = TestConfigs.server(17, serverKey).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(clientKey.leaf())).build();
        SimulatedLink link = link(client, server, 1200, 17);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.server().session().peerCertificates()).containsExactly(clientKey.leaf());
    }

    @Test
    void requiredClientAuthWithoutAClientCertificateFailsWithHandshakeFailureOnTheServer() {
        CertifiedKey clientKey = TestCredentials.client(KeyType.EC_P256);
        DtlsConfig client = TestConfigs.client(18, serverKey).build();
        DtlsConfig server = TestConfigs.server(18, serverKey).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(clientKey.leaf())).build();
        SimulatedLink link = link(client, server, 1200, 18);

        link.handshake();
        link.runUntilQuiet();

        List<DtlsEvent.Failed> serverFailures = link.events(Side.SERVER, DtlsEvent.Failed.class);
        assertThat(serverFailures).as(link.describe()).hasSize(1);
        assertThat(serverFailures.get(0).cause().alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(serverFailures.get(0).cause().alertFromPeer()).isFalse();
        assertThat(serverFailures.get(0).timedOut()).isFalse();
        // the client hears the alert
        List<DtlsEvent.Failed> clientFailures = link.events(Side.CLIENT, DtlsEvent.Failed.class);
        assertThat(clientFailures).hasSize(1);
        assertThat(clientFailures.get(0).cause().alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(clientFailures.get(0).cause().alertFromPeer()).isTrue();
        assertThat(link.events(Side.CLIENT, DtlsEvent.HandshakeCompleted.class)).isEmpty();
        assertThat(link.events(Side.SERVER, DtlsEvent.HandshakeCompleted.class)).isEmpty();
    }

    @Test
    void aServerWhoseEcKeyIsOnACurveTheClientDidNotListFailsWithHandshakeFailure() {
        // RFC 8422 §5.3; OpenSSL clients would refuse the certificate with illegal_parameter ("wrong curve")
        DtlsConfig client = TestConfigs.client(19, serverKey).namedGroups(NamedGroup.X25519, NamedGroup.SECP384R1).build();
        SimulatedLink link = link(client, TestConfigs.server(19, serverKey).build(), 1200, 19);

        link.handshake();
        link.runUntilQuiet();

        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
            assertThat(f.cause().getMessage()).contains("SECP256R1", "supported_groups");
        });
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.cause().alert()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE));

        // the same client with P-256 listed last: the server's key fits, X25519 is still the group agreed on
        DtlsConfig listing = TestConfigs.client(20, serverKey)
                .namedGroups(NamedGroup.X25519, NamedGroup.SECP384R1, NamedGroup.SECP256R1).build();
        SimulatedLink fitting = link(listing, TestConfigs.server(20, serverKey).build(), 1200, 20);
        fitting.handshake();
        assertThat(fitting.bothConnected()).as(fitting.describe()).isTrue();
        assertThat(fitting.client().session().namedGroup()).isEqualTo(NamedGroup.X25519);
    }

    @Test
    void optionalClientAuthWithoutAClientCertificateCompletes() {
        CertifiedKey clientKey = TestCredentials.client(KeyType.EC_P256);
        DtlsConfig client = TestConfigs.client(19, serverKey).build();
        DtlsConfig server = TestConfigs.server(19, serverKey).clientAuth(ClientAuth.OPTIONAL)
                .peerVerifier(TestCredentials.expecting(clientKey.leaf())).build();
        SimulatedLink link = link(client, server, 1200, 19);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.server().session().peerCertificates()).isEmpty();
        assertThat(link.server().session().peerSignatureScheme()).isNull();
    }

    @Test
    void aClientCertificateTheServerDoesNotTrustFailsWithTheVerifiersAlert() {
        CertifiedKey trusted = TestCredentials.client(KeyType.EC_P256);
        CertifiedKey presented = TestCredentials.client(KeyType.EC_P384);
        DtlsConfig client = TestConfigs.client(20, serverKey).certifiedKey(presented).build();
        DtlsConfig server = TestConfigs.server(20, serverKey).clientAuth(ClientAuth.OPTIONAL)
                .peerVerifier(TestCredentials.expecting(trusted.leaf())).build();
        SimulatedLink link = link(client, server, 1200, 20);

        link.handshake();
        link.runUntilQuiet();

        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.cause().alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE));
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.cause().alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE));
    }

    @Test
    void aServerCertificateTheClientDoesNotTrustFailsTheClient() {
        DtlsConfig client = TestConfigs.client(21, TestCredentials.server(KeyType.EC_P384)).build();
        SimulatedLink link = link(client, TestConfigs.server(21, serverKey).build(), 1200, 21);

        link.handshake();
        link.runUntilQuiet();

        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.cause().alert()).isEqualTo(AlertDescription.BAD_CERTIFICATE));
        assertThat(link.server().state()).isEqualTo(EngineState.FAILED);
    }

    @Test
    void aClientEngineRefusesAServerNameThatCannotBeSentAsSniWhenItIsMade() {
        DtlsConfig config = TestConfigs.client(22, serverKey).build();

        assertThatThrownBy(() -> DtlsEngine.client(config, "not a host name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a host name");
        assertThatCode(() -> DtlsEngine.client(config, "::1")).doesNotThrowAnyException();
        assertThatCode(() -> DtlsEngine.client(config, "192.0.2.1")).doesNotThrowAnyException();
    }
}
