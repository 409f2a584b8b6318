package io.dtls4j.engine;

import io.dtls4j.session.SessionInfo;
import io.dtls4j.AlertDescription;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.credentials.RawKeyPair;
import io.dtls4j.credentials.RawPublicKeyVerifier;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.CertificateType;
import io.dtls4j.handshake.message.ClientHello;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.handshake.message.RawPublicKeyCertificate;
import io.dtls4j.handshake.message.ServerHello;
import io.dtls4j.record.ContentType;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import io.dtls4j.wire.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw public keys (RFC 7250) on the simulated link: the certificate type negotiation in both
 * directions, a SubjectPublicKeyInfo in place of a chain, trust by a set of keys or by callback,
 * raw keys mixed with certificates, and the unsupported_certificate refusals when the types do not meet.
 */
class EngineRawPublicKeyTest {

    /** A test credential's key pair used bare, without its certificate. */
    private static RawKeyPair raw(CertifiedKey key) {
        return new RawKeyPair(key.leaf().getPublicKey(), key.privateKey());
    }

    private static RawKeyPair serverRaw(KeyType type) {
        return raw(TestCredentials.server(type));
    }

    private static RawKeyPair clientRaw(KeyType type) {
        return raw(TestCredentials.client(type));
    }

    private static RawPublicKeyVerifier trusting(PublicKey... keys) {
        return RawPublicKeyVerifier.trusting(List.of(keys));
    }

    private static DtlsConfig.Builder config(long seed) {
        return DtlsConfig.builder().random(TestConfigs.seededRandom(seed));
    }

    private static SimulatedLink handshake(DtlsConfig client, DtlsConfig server, long seed) {
        SimulatedLink link = SimulatedLink.builder().seed(seed)
                .connect(DtlsEngine.client(client, "server.test"), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        link.runUntilQuiet();
        return link;
    }

    private static void assertConnectedAndTalking(SimulatedLink link) {
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        SimulatedLink.Exchange exchange = link.exchange("ping".getBytes(StandardCharsets.US_ASCII),
                "pong".getBytes(StandardCharsets.US_ASCII));
        assertThat(exchange.atServer()).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
        assertThat(exchange.atClient()).asString(StandardCharsets.US_ASCII).isEqualTo("pong");
    }

    private static void assertRefused(SimulatedLink link, Side refuser, AlertDescription alert, String... named) {
        assertThat(link.events(refuser, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).as(f.cause().getMessage()).isEqualTo(alert);
            assertThat(f.cause().alertFromPeer()).isFalse();
            assertThat(f.cause().getMessage()).contains(named);
        });
        assertThat(link.events(refuser.peer(), DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).isEqualTo(alert);
            assertThat(f.cause().alertFromPeer()).isTrue();
        });
        assertThat(link.events(Side.CLIENT, DtlsEvent.HandshakeCompleted.class)).isEmpty();
        assertThat(link.events(Side.SERVER, DtlsEvent.HandshakeCompleted.class)).isEmpty();
    }

    /** The body of the first plaintext handshake message of {@code type} that {@code from} sent whole in one record. */
    private static byte[] firstMessage(SimulatedLink link, Side from, int type) {
        for (SimulatedLink.Sent sent : link.sent(from)) {
            for (Records.Record record : Records.parse(sent.bytes())) {
                if (record.type() == ContentType.HANDSHAKE && record.epoch() == 0 && record.handshakeHeader().type() == type
                        && record.handshakeHeader().fragmentLength() == record.handshakeHeader().length()) {
                    return record.handshakeBody();
                }
            }
        }
        throw new AssertionError(from + " sent no whole " + HandshakeType.name(type));
    }

    private static Extensions clientHelloExtensions(SimulatedLink link) throws DecodeException {
        return ClientHello.decode(firstMessage(link, Side.CLIENT, HandshakeType.CLIENT_HELLO)).extensions();
    }

    private static Extensions serverHelloExtensions(SimulatedLink link) throws DecodeException {
        return ServerHello.decode(firstMessage(link, Side.SERVER, HandshakeType.SERVER_HELLO)).extensions();
    }

    // ---- the server authenticates with a raw public key ----

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "ED25519", "RSA_2048"})
    void aServerRawPublicKeyTrustedByTheClientCompletesTheHandshake(KeyType type) throws Exception {
        RawKeyPair serverKey = serverRaw(type);
        DtlsConfig client = config(1).rawPublicKeyVerifier(trusting(serverKey.publicKey())).build();
        DtlsConfig server = config(2).rawKeyPair(serverKey).build();

        SimulatedLink link = handshake(client, server, 1);

        assertConnectedAndTalking(link);
        SessionInfo session = link.client().session();
        assertThat(session.peerUsedRawPublicKey()).isTrue();
        assertThat(session.peerCertificates()).isEmpty();
        assertThat(session.peerPublicKey().getEncoded()).isEqualTo(serverKey.publicKey().getEncoded());
        assertThat(session.peerSignatureScheme()).isNotNull();
        // RFC 7250 §4.1, §4.2: a client that checks only raw keys offers only them; the server names its choice
        assertThat(ExtensionCodecs.parseCertificateTypes(clientHelloExtensions(link).get(ExtensionType.SERVER_CERTIFICATE_TYPE)))
                .containsExactly(CertificateType.RAW_PUBLIC_KEY);
        assertThat(clientHelloExtensions(link).has(ExtensionType.CLIENT_CERTIFICATE_TYPE)).isFalse();
        assertThat(ExtensionCodecs.parseCertificateType(serverHelloExtensions(link).get(ExtensionType.SERVER_CERTIFICATE_TYPE)))
                .isEqualTo(CertificateType.RAW_PUBLIC_KEY);
        // §3: the Certificate message holds the SubjectPublicKeyInfo, not a chain
        byte[] certificate = firstMessage(link, Side.SERVER, HandshakeType.CERTIFICATE);
        assertThat(RawPublicKeyCertificate.decode(certificate).subjectPublicKeyInfo()).isEqualTo(serverKey.publicKey().getEncoded());
    }

    @Test
    void aServerRawPublicKeyTheClientDoesNotTrustIsRefusedWithBadCertificate() {
        DtlsConfig client = config(3).rawPublicKeyVerifier(trusting(serverRaw(KeyType.EC_P384).publicKey())).build();
        DtlsConfig server = config(4).rawKeyPair(serverRaw(KeyType.EC_P256)).build();

        SimulatedLink link = handshake(client, server, 3);

        assertRefused(link, Side.CLIENT, AlertDescription.BAD_CERTIFICATE, "server raw public key (EC, SPKI sha-256 ", "not among the 1 trusted keys");
    }

    @Test
    void anApplicationCallbackDecidesOnTheServerKeyAndRefusesWithAccessDenied() {
        AtomicReference<PublicKey> seen = new AtomicReference<>();
        RawPublicKeyVerifier callback = (key, context) -> {
            seen.set(key);
            assertThat(context.peerIsServer()).isTrue();
            throw new PeerVerificationException(AlertDescription.ACCESS_DENIED, "key revoked by the device registry");
        };
        RawKeyPair serverKey = serverRaw(KeyType.ED25519);

        SimulatedLink link = handshake(config(5).rawPublicKeyVerifier(callback).build(), config(6).rawKeyPair(serverKey).build(), 5);

        assertRefused(link, Side.CLIENT, AlertDescription.ACCESS_DENIED, "server raw public key (Ed25519, SPKI sha-256 ", "key revoked by the device registry");
        assertThat(seen.get().getEncoded()).isEqualTo(serverKey.publicKey().getEncoded());
    }

    // ---- the client authenticates with a raw public key ----

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "ED25519", "RSA_2048"})
    void bothSidesAuthenticateWithRawPublicKeys(KeyType type) {
        RawKeyPair serverKey = serverRaw(KeyType.EC_P256);
        RawKeyPair clientKey = clientRaw(type);
        DtlsConfig client = config(7).rawKeyPair(clientKey).rawPublicKeyVerifier(trusting(serverKey.publicKey())).build();
        DtlsConfig server = config(8).rawKeyPair(serverKey).clientAuth(ClientAuth.REQUIRED)
                .rawPublicKeyVerifier(trusting(clientKey.publicKey())).build();

        SimulatedLink link = handshake(client, server, 7);

        assertConnectedAndTalking(link);
        assertThat(link.server().session().peerUsedRawPublicKey()).isTrue();
        assertThat(link.server().session().peerPublicKey().getEncoded()).isEqualTo(clientKey.publicKey().getEncoded());
        assertThat(link.server().session().peerSignatureScheme().keyType().name()).isEqualTo(
                type == KeyType.RSA_2048 ? "RSA" : type == KeyType.ED25519 ? "ED25519" : "EC");
        assertThat(link.client().session().peerUsedRawPublicKey()).isTrue();
    }

    @Test
    void aClientRawPublicKeyTheServerDoesNotTrustIsRefusedWithBadCertificate() {
        RawKeyPair serverKey = serverRaw(KeyType.EC_P256);
        DtlsConfig client = config(9).rawKeyPair(clientRaw(KeyType.EC_P256)).rawPublicKeyVerifier(trusting(serverKey.publicKey())).build();
        DtlsConfig server = config(10).rawKeyPair(serverKey).clientAuth(ClientAuth.REQUIRED)
                .rawPublicKeyVerifier(trusting(clientRaw(KeyType.ED25519).publicKey())).build();

        SimulatedLink link = handshake(client, server, 9);

        assertRefused(link, Side.SERVER, AlertDescription.BAD_CERTIFICATE, "client raw public key (EC, SPKI sha-256 ");
    }

    // ---- raw keys mixed with certificates ----

    @Test
    void aServerCertificateWithAClientRawPublicKey() throws Exception {
        CertifiedKey serverCertificate = TestCredentials.server(KeyType.EC_P256);
        RawKeyPair clientKey = clientRaw(KeyType.ED25519);
        DtlsConfig client = config(11).rawKeyPair(clientKey).peerVerifier(TestCredentials.expecting(serverCertificate.leaf())).build();
        DtlsConfig server = config(12).certifiedKey(serverCertificate).clientAuth(ClientAuth.REQUIRED)
                .rawPublicKeyVerifier(trusting(clientKey.publicKey())).build();

        SimulatedLink link = handshake(client, server, 11);

        assertConnectedAndTalking(link);
        assertThat(link.client().session().peerCertificates()).containsExactly(serverCertificate.leaf());
        assertThat(link.server().session().peerUsedRawPublicKey()).isTrue();
        assertThat(ExtensionCodecs.parseCertificateType(serverHelloExtensions(link).get(ExtensionType.CLIENT_CERTIFICATE_TYPE)))
                .isEqualTo(CertificateType.RAW_PUBLIC_KEY);
        assertThat(serverHelloExtensions(link).has(ExtensionType.SERVER_CERTIFICATE_TYPE)).isFalse();
    }

    @Test
    void aServerRawPublicKeyWithAClientCertificate() throws Exception {
        RawKeyPair serverKey = serverRaw(KeyType.RSA_2048);
        CertifiedKey clientCertificate = TestCredentials.client(KeyType.EC_P384);
        DtlsConfig client = config(13).certifiedKey(clientCertificate).rawPublicKeyVerifier(trusting(serverKey.publicKey())).build();
        DtlsConfig server = config(14).rawKeyPair(serverKey).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(clientCertificate.leaf())).build();

        SimulatedLink link = handshake(client, server, 13);

        assertConnectedAndTalking(link);
        assertThat(link.client().session().peerUsedRawPublicKey()).isTrue();
        assertThat(link.server().session().peerCertificates()).containsExactly(clientCertificate.leaf());
        assertThat(serverHelloExtensions(link).has(ExtensionType.CLIENT_CERTIFICATE_TYPE)).isFalse();
    }

    @Test
    void aClientThatChecksBothTypesGetsTheServersCertificateFromAServerWithoutARawKey() throws Exception {
        CertifiedKey serverCertificate = TestCredentials.server(KeyType.EC_P256);
        DtlsConfig client = config(15).peerVerifier(TestCredentials.expecting(serverCertificate.leaf()))
                .rawPublicKeyVerifier(trusting(serverRaw(KeyType.EC_P256).publicKey())).build();

        SimulatedLink link = handshake(client, config(16).certifiedKey(serverCertificate).build(), 15);

        assertConnectedAndTalking(link);
        assertThat(ExtensionCodecs.parseCertificateTypes(clientHelloExtensions(link).get(ExtensionType.SERVER_CERTIFICATE_TYPE)))
                .containsExactly(CertificateType.RAW_PUBLIC_KEY, CertificateType.X509);
        assertThat(ExtensionCodecs.parseCertificateType(serverHelloExtensions(link).get(ExtensionType.SERVER_CERTIFICATE_TYPE)))
                .isEqualTo(CertificateType.X509);
        assertThat(link.client().session().peerCertificates()).containsExactly(serverCertificate.leaf());
    }

    @Test
    void aServerWithBothIdentitiesFollowsTheClientsPreferenceForARawKey() {
        CertifiedKey serverCertificate = TestCredentials.server(KeyType.EC_P256);
        RawKeyPair serverKey = raw(serverCertificate);
        DtlsConfig client = config(17).peerVerifier(TestCredentials.expecting(serverCertificate.leaf()))
                .rawPublicKeyVerifier(trusting(serverKey.publicKey())).build();
        DtlsConfig server = config(18).certifiedKey(serverCertificate).rawKeyPair(serverKey).build();

        SimulatedLink link = handshake(client, server, 17);

        assertConnectedAndTalking(link);
        assertThat(link.client().session().peerUsedRawPublicKey()).isTrue();
    }

    // ---- types that do not meet ----

    @Test
    void aClientThatAcceptsOnlyRawKeysIsRefusedByAServerWithOnlyACertificate() {
        DtlsConfig client = config(19).rawPublicKeyVerifier(trusting(serverRaw(KeyType.EC_P256).publicKey())).build();
        DtlsConfig server = config(20).certifiedKey(TestCredentials.server(KeyType.EC_P256)).build();

        SimulatedLink link = handshake(client, server, 19);

        // RFC 7250 §4.2: no server certificate type in common ends the handshake with unsupported_certificate
        assertRefused(link, Side.SERVER, AlertDescription.UNSUPPORTED_CERTIFICATE, "server certificate type");
    }

    @Test
    void aClientThatAcceptsOnlyCertificatesIsRefusedByAServerWithOnlyARawKey() {
        CertifiedKey anyCertificate = TestCredentials.server(KeyType.EC_P256);
        DtlsConfig client = config(21).peerVerifier(TestCredentials.expecting(anyCertificate.leaf())).build();
        DtlsConfig server = config(22).rawKeyPair(serverRaw(KeyType.EC_P256)).build();

        SimulatedLink link = handshake(client, server, 21);

        assertRefused(link, Side.SERVER, AlertDescription.UNSUPPORTED_CERTIFICATE, "server certificate type");
    }

    @Test
    void aServerThatVerifiesOnlyRawKeysAndRequiresOneRefusesAClientWithOnlyACertificate() {
        RawKeyPair serverKey = serverRaw(KeyType.EC_P256);
        DtlsConfig client = config(23).certifiedKey(TestCredentials.client(KeyType.EC_P256))
                .rawPublicKeyVerifier(trusting(serverKey.publicKey())).build();
        DtlsConfig server = config(24).rawKeyPair(serverKey).clientAuth(ClientAuth.REQUIRED)
                .rawPublicKeyVerifier(trusting(clientRaw(KeyType.EC_P256).publicKey())).build();

        SimulatedLink link = handshake(client, server, 23);

        assertRefused(link, Side.SERVER, AlertDescription.UNSUPPORTED_CERTIFICATE, "client offers no certificate type");
    }

    @Test
    void withOptionalClientAuthTheSameClientConnectsUnauthenticated() {
        RawKeyPair serverKey = serverRaw(KeyType.EC_P256);
        DtlsConfig client = config(25).certifiedKey(TestCredentials.client(KeyType.EC_P256))
                .rawPublicKeyVerifier(trusting(serverKey.publicKey())).build();
        DtlsConfig server = config(26).rawKeyPair(serverKey).clientAuth(ClientAuth.OPTIONAL)
                .rawPublicKeyVerifier(trusting(clientRaw(KeyType.EC_P256).publicKey())).build();

        SimulatedLink link = handshake(client, server, 25);

        assertConnectedAndTalking(link);
        assertThat(link.server().session().peerPublicKey()).isNull();
        assertThat(Records.plaintextHandshakeTypes(link.sent(Side.SERVER).get(1).bytes()))
                .doesNotContain(HandshakeType.CERTIFICATE_REQUEST);
    }

    @Test
    void aClientRawKeyThatCanSignNoRequestedSchemeEndsTheHandshakeWithHandshakeFailure() {
        // the server asks for ECDSA P-256 signatures only; the client's raw key is Ed25519
        RawKeyPair serverKey = serverRaw(KeyType.EC_P256);
        DtlsConfig client = config(27).rawKeyPair(clientRaw(KeyType.ED25519)).rawPublicKeyVerifier(trusting(serverKey.publicKey())).build();
        DtlsConfig server = config(28).rawKeyPair(serverKey).signatureSchemes(SignatureScheme.ECDSA_SECP256R1_SHA256)
                .clientAuth(ClientAuth.OPTIONAL).rawPublicKeyVerifier(trusting(clientRaw(KeyType.ED25519).publicKey())).build();

        SimulatedLink link = handshake(client, server, 27);

        // an empty certificate list has no raw-key form (RFC 7250 §3: SubjectPublicKeyInfo<1..2^24-1>)
        assertRefused(link, Side.CLIENT, AlertDescription.HANDSHAKE_FAILURE, "raw public key (Ed25519, SPKI sha-256 ",
                "[ECDSA_SECP256R1_SHA256]", "can sign none of them");
    }
}
