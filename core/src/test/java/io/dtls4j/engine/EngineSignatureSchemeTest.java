package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.handshake.HandshakeHeader;
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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signature schemes of ServerKeyExchange and CertificateVerify (RFC 5246 §7.4.1.4.1, §7.4.3,
 * §7.4.8): each side signs with a scheme the other offered that fits its key, and each checks the
 * peer's signature under the scheme the message names, which must be one it offered (or requested)
 * and fit the key of the peer's certificate. Messages are altered in flight to show the checks.
 */
class EngineSignatureSchemeTest {
    private static final CertifiedKey SERVER_EC = TestCredentials.server(KeyType.EC_P256);
    private static final CertifiedKey SERVER_RSA = TestCredentials.server(KeyType.RSA_2048);
    private static final CertifiedKey CLIENT_EC = TestCredentials.client(KeyType.EC_P256);
    private static final CertifiedKey CLIENT_RSA = TestCredentials.client(KeyType.RSA_2048);

    /** Changes the body of every plaintext handshake message of {@code type} that {@code side} sends whole in one record. */
    static SimulatedLink.Interceptor altering(Side side, int type, Consumer<byte[]> change) {
        return (from, index, datagram) -> {
            if (from != side) {
                return datagram;
            }
            List<Records.Record> records = new ArrayList<>(Records.parse(datagram));
            for (Records.Record record : records) {
                if (record.type() == ContentType.HANDSHAKE && record.epoch() == 0
                        && record.handshakeHeader().type() == type
                        && record.handshakeHeader().fragmentLength() == record.handshakeHeader().length()) {
                    byte[] body = record.handshakeBody();
                    change.accept(body);
                    System.arraycopy(body, 0, record.fragment(), HandshakeHeader.LENGTH, body.length);
                }
            }
            return Records.datagram(records);
        };
    }

    static SimulatedLink handshake(DtlsConfig client, DtlsConfig server, long seed, SimulatedLink.Interceptor interceptor) {
        SimulatedLink.Builder builder = SimulatedLink.builder().seed(seed);
        if (interceptor != null) {
            builder.interceptor(interceptor);
        }
        SimulatedLink link = builder.connect(DtlsEngine.client(client, "server.test"),
                DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        link.runUntilQuiet();
        return link;
    }

    static void assertRefused(SimulatedLink link, Side refuser, AlertDescription alert, String... named) {
        assertThat(link.events(refuser, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).as(f.cause().getMessage()).isEqualTo(alert);
            assertThat(f.cause().alertFromPeer()).isFalse();
            assertThat(f.cause().getMessage()).contains(named);
        });
        assertThat(link.events(refuser.peer(), DtlsEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.cause().alert()).isEqualTo(alert));
    }

    /** Offset of the signature scheme in an ECDHE ServerKeyExchange body (RFC 8422 §5.4): after curve type, group, point. */
    private static int schemeOffset(byte[] serverKeyExchange) {
        return 1 + 2 + 1 + (serverKeyExchange[3] & 0xFF);
    }

    private static void setScheme(byte[] body, int offset, int scheme) {
        body[offset] = (byte) (scheme >> 8);
        body[offset + 1] = (byte) scheme;
    }

    // ---- choosing ----

    @Test
    void theServerSignsWithTheFirstOfItsSchemesThatTheClientOfferedAndItsKeyFits() {
        DtlsConfig client = TestConfigs.client(1, SERVER_RSA).signatureSchemes(SignatureScheme.ECDSA_SECP256R1_SHA256,
                SignatureScheme.RSA_PKCS1_SHA384, SignatureScheme.RSA_PSS_RSAE_SHA384).build();
        DtlsConfig server = TestConfigs.server(1, SERVER_RSA).build();

        SimulatedLink link = handshake(client, server, 1, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        // the server's default order puts PSS before PKCS#1 v1.5
        assertThat(link.client().session().peerSignatureScheme()).isEqualTo(SignatureScheme.RSA_PSS_RSAE_SHA384);
    }

    @ParameterizedTest
    @EnumSource(value = SignatureScheme.class, names = {"RSA_PSS_RSAE_SHA512", "RSA_PKCS1_SHA512"})
    void anRsaServerSignsWithSha512WhenThatIsAllTheClientOffers(SignatureScheme only) {
        DtlsConfig client = TestConfigs.client(10, SERVER_RSA).signatureSchemes(only).build();

        SimulatedLink link = handshake(client, TestConfigs.server(10, SERVER_RSA).build(), 10, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().peerSignatureScheme()).isEqualTo(only);
    }

    @Test
    void aP384ServerSignsWithSha256AndEcdsaWhenThatIsTheClientsOnlyEcdsaScheme() {
        // DTLS 1.2: 0x0403 is SHA-256 with ECDSA on any curve, as OpenSSL sends it from P-384 and P-521 keys
        CertifiedKey serverP384 = TestCredentials.server(KeyType.EC_P384);
        DtlsConfig client = TestConfigs.client(12, serverP384).signatureSchemes(SignatureScheme.ECDSA_SECP256R1_SHA256).build();

        SimulatedLink link = handshake(client, TestConfigs.server(12, serverP384).build(), 12, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().peerSignatureScheme()).isEqualTo(SignatureScheme.ECDSA_SECP256R1_SHA256);
    }

    @Test
    void anEcdsaServerPrefersTheSchemeOfItsOwnCurve() {
        // the client's order puts SHA-256 first; the server's P-384 key still chooses ecdsa_secp384r1_sha384
        CertifiedKey serverP384 = TestCredentials.server(KeyType.EC_P384);
        DtlsConfig client = TestConfigs.client(13, serverP384).signatureSchemes(SignatureScheme.ECDSA_SECP256R1_SHA256,
                SignatureScheme.ECDSA_SECP384R1_SHA384).build();

        SimulatedLink link = handshake(client, TestConfigs.server(13, serverP384).build(), 13, null);

        assertThat(link.client().session().peerSignatureScheme()).isEqualTo(SignatureScheme.ECDSA_SECP384R1_SHA384);
    }

    @Test
    void aP521KeySignsWithEcdsaSecp521r1Sha512BothWays() {
        CertifiedKey serverP521 = TestCredentials.server(KeyType.EC_P521);
        CertifiedKey clientP521 = TestCredentials.client(KeyType.EC_P521);
        DtlsConfig client = TestConfigs.client(11, serverP521).certifiedKey(clientP521).build();
        DtlsConfig server = TestConfigs.server(11, serverP521).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(clientP521.leaf())).build();

        SimulatedLink link = handshake(client, server, 11, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().peerSignatureScheme()).isEqualTo(SignatureScheme.ECDSA_SECP521R1_SHA512);
        assertThat(link.server().session().peerSignatureScheme()).isEqualTo(SignatureScheme.ECDSA_SECP521R1_SHA512);
    }

    @Test
    void withNoSchemeInCommonForItsKeyTheServerFailsWithHandshakeFailure() {
        DtlsConfig client = TestConfigs.client(2, SERVER_EC).signatureSchemes(SignatureScheme.RSA_PSS_RSAE_SHA256).build();

        SimulatedLink link = handshake(client, TestConfigs.server(2, SERVER_EC).build(), 2, null);

        assertRefused(link, Side.SERVER, AlertDescription.HANDSHAKE_FAILURE, "no signature scheme in common");
    }

    @Test
    void theClientSignsCertificateVerifyWithASchemeTheCertificateRequestListed() {
        DtlsConfig client = TestConfigs.client(3, SERVER_EC).certifiedKey(CLIENT_RSA).build();
        DtlsConfig server = TestConfigs.server(3, SERVER_EC).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(CLIENT_RSA.leaf()))
                .signatureSchemes(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PKCS1_SHA384).build();

        SimulatedLink link = handshake(client, server, 3, null);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.server().session().peerSignatureScheme()).isEqualTo(SignatureScheme.RSA_PKCS1_SHA384);
    }

    // ---- checking the ServerKeyExchange ----

    @Test
    void aServerKeyExchangeNamingASchemeTheClientDidNotOfferIsRefusedWithIllegalParameter() {
        SimulatedLink link = handshake(TestConfigs.client(4, SERVER_EC).build(), TestConfigs.server(4, SERVER_EC).build(), 4,
                altering(Side.SERVER, HandshakeType.SERVER_KEY_EXCHANGE, body -> setScheme(body, schemeOffset(body), 0x0203)));

        assertRefused(link, Side.CLIENT, AlertDescription.ILLEGAL_PARAMETER, "scheme 0x0203", "server certificate CN=server.test");
    }

    @Test
    void aServerKeyExchangeNamingAnOfferedSchemeThatDoesNotFitTheCertificateKeyIsRefusedWithIllegalParameter() {
        // RSA-PSS was offered, but the certificate's key is EC
        SimulatedLink link = handshake(TestConfigs.client(5, SERVER_EC).build(), TestConfigs.server(5, SERVER_EC).build(), 5,
                altering(Side.SERVER, HandshakeType.SERVER_KEY_EXCHANGE,
                        body -> setScheme(body, schemeOffset(body), SignatureScheme.RSA_PSS_RSAE_SHA256.id())));

        assertRefused(link, Side.CLIENT, AlertDescription.ILLEGAL_PARAMETER, "scheme 0x0804", "does not fit the key");
    }

    @Test
    void aServerKeyExchangeNamingAnotherEcdsaHashThanTheOneItWasSignedWithIsRefusedWithDecryptError() {
        // DTLS 1.2: SHA-384 with ECDSA fits the P-256 key, but the signature was made over SHA-256
        SimulatedLink link = handshake(TestConfigs.client(6, SERVER_EC).build(), TestConfigs.server(6, SERVER_EC).build(), 6,
                altering(Side.SERVER, HandshakeType.SERVER_KEY_EXCHANGE,
                        body -> setScheme(body, schemeOffset(body), SignatureScheme.ECDSA_SECP384R1_SHA384.id())));

        assertRefused(link, Side.CLIENT, AlertDescription.DECRYPT_ERROR, "ServerKeyExchange signature", "server certificate CN=server.test");
    }

    @Test
    void aServerKeyExchangeWhoseSignedParametersWereChangedIsRefusedWithDecryptError() {
        // one bit of the server's ECDHE public value: the signature no longer covers what arrived
        SimulatedLink link = handshake(TestConfigs.client(6, SERVER_RSA).build(), TestConfigs.server(6, SERVER_RSA).build(), 6,
                altering(Side.SERVER, HandshakeType.SERVER_KEY_EXCHANGE, body -> body[5] ^= 0x01));

        assertRefused(link, Side.CLIENT, AlertDescription.DECRYPT_ERROR, "ServerKeyExchange signature",
                "server certificate CN=server.test");
    }

    // ---- checking the CertificateVerify ----

    private static DtlsConfig requiringServer(long seed, CertifiedKey client) {
        return TestConfigs.server(seed, SERVER_EC).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(client.leaf())).build();
    }

    @Test
    void aCertificateVerifyNamingASchemeTheServerDidNotRequestIsRefusedWithIllegalParameter() {
        SimulatedLink link = handshake(TestConfigs.client(7, SERVER_EC).certifiedKey(CLIENT_EC).build(), requiringServer(7, CLIENT_EC), 7,
                altering(Side.CLIENT, HandshakeType.CERTIFICATE_VERIFY, body -> setScheme(body, 0, 0x0203)));

        assertRefused(link, Side.SERVER, AlertDescription.ILLEGAL_PARAMETER, "scheme 0x0203", "client certificate CN=client.test");
    }

    @Test
    void aCertificateVerifyNamingARequestedSchemeOfAnotherKeyKindIsRefusedWithIllegalParameter() {
        SimulatedLink link = handshake(TestConfigs.client(8, SERVER_EC).certifiedKey(CLIENT_EC).build(), requiringServer(8, CLIENT_EC), 8,
                altering(Side.CLIENT, HandshakeType.CERTIFICATE_VERIFY,
                        body -> setScheme(body, 0, SignatureScheme.RSA_PSS_RSAE_SHA256.id())));

        assertRefused(link, Side.SERVER, AlertDescription.ILLEGAL_PARAMETER, "scheme 0x0804", "does not fit the key");
    }

    @Test
    void aCertificateVerifyWithADamagedSignatureIsRefusedWithDecryptError() {
        SimulatedLink link = handshake(TestConfigs.client(9, SERVER_EC).certifiedKey(CLIENT_RSA).build(), requiringServer(9, CLIENT_RSA), 9,
                altering(Side.CLIENT, HandshakeType.CERTIFICATE_VERIFY, body -> body[body.length - 1] ^= 0x01));

        assertRefused(link, Side.SERVER, AlertDescription.DECRYPT_ERROR, "CertificateVerify signature", "client certificate CN=client.test");
    }
}
