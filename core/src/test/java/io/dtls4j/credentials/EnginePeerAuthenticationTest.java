package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Peer authentication end to end: two engines on the simulated link, real {@link PeerVerifiers},
 * and a PKI made by the {@code openssl} command (root → intermediate → leaves of EC P-256, RSA 2048
 * and Ed25519 keys), loaded from its PEM files; every refusal ends with the expected alert on the
 * refusing side, the same alert received by the other, and a message that names the certificate.
 *
 * <p>Certificates are dated by the configuration's wall clock: the system's, or a fixed clock set
 * past a leaf's expiry for the expiry cases.
 */
class EnginePeerAuthenticationTest {
    private static final long DAY = 24L * 3600 * 1000;
    private static final String HOST = "leaf.test";
    private static final List<String> KEY_TYPES = List.of("EC", "RSA", "ED25519");

    @TempDir
    static Path dir;
    private static OpenSslPki pki;
    private static X509Certificate root;
    private static long now;

    @BeforeAll
    static void makePki() throws IOException {
        if (!OpenSsl.available()) {
            return;
        }
        pki = new OpenSslPki(dir).createCas();
        for (String type : KEY_TYPES) {
            pki.createLeaf("server-" + type, type, "dtls4j server " + type, OpenSslPki.INTERMEDIATE, null, 30);
            pki.createLeaf("client-" + type, type, "dtls4j client " + type, OpenSslPki.INTERMEDIATE, null, 30);
        }
        pki.createLeaf("server-EC-2", "EC", "dtls4j second server EC", OpenSslPki.INTERMEDIATE, null, 30);
        pki.createLeaf("client-EC-2", "EC", "dtls4j second client EC", OpenSslPki.INTERMEDIATE, null, 30);
        pki.createLeaf("short-lived", "EC", "dtls4j short-lived leaf", OpenSslPki.INTERMEDIATE, null, 1);
        pki.createLeaf("client-auth-only", "EC", "dtls4j client-auth-only leaf", OpenSslPki.INTERMEDIATE,
                "keyUsage = critical,digitalSignature\nextendedKeyUsage = clientAuth\n"
                        + "subjectAltName = DNS:" + HOST + "\n", 30);
        pki.createRoot("other-root", "dtls4j Other Root");
        pki.createCa("other-intermediate", "dtls4j Other Intermediate", "other-root");
        pki.createLeaf("foreign", "EC", "dtls4j foreign leaf", "other-intermediate", null, 30);
        root = PemFiles.readCertificates(pki.file(OpenSslPki.ROOT + ".pem")).get(0);
        now = System.currentTimeMillis();
    }

    // ---- helpers ----

    /**
     * The leaf's certificate file with the intermediate appended (what an operator does with
     * {@code cat leaf.pem intermediate.pem}), and its key file, read by {@link PemFiles}.
     */
    private static CertifiedKey credentials(String leafName) throws IOException {
        return credentials(leafName, "intermediate");
    }

    private static CertifiedKey credentials(String leafName, String intermediateName) throws IOException {
        OpenSsl.assumeAvailable();
        Path chain = pki.file(leafName + "-chain.pem");
        Files.writeString(chain, Files.readString(pki.file(leafName + ".pem"), StandardCharsets.US_ASCII)
                + Files.readString(pki.file(intermediateName + ".pem"), StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
        return PemFiles.readCertifiedKey(chain, pki.file(leafName + ".key"), null);
    }

    private static DtlsConfig.Builder clientConfig(long seed) {
        return DtlsConfig.builder().random(TestConfigs.seededRandom(seed * 2 + 1)).peerVerifier(PeerVerifiers.pkix(List.of(root)));
    }

    private static DtlsConfig.Builder serverConfig(long seed, CertifiedKey key) {
        return DtlsConfig.builder().random(TestConfigs.seededRandom(seed * 2)).certifiedKey(key);
    }

    private static SimulatedLink handshake(DtlsConfig client, String serverName, DtlsConfig server, long seed) {
        SimulatedLink link = SimulatedLink.builder().seed(seed)
                .connect(DtlsEngine.client(client, serverName), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        link.runUntilQuiet();
        return link;
    }

    private static void assertConnectedAndTalking(SimulatedLink link) {
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        SimulatedLink.Exchange exchange = link.exchange("from client".getBytes(StandardCharsets.US_ASCII),
                "from server".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(exchange.atServer(), StandardCharsets.US_ASCII)).isEqualTo("from client");
        assertThat(new String(exchange.atClient(), StandardCharsets.US_ASCII)).isEqualTo("from server");
    }

    /**
     * {@code refuser} failed with {@code alert}, sent by itself, with every {@code named} text in
     * its message; the other side failed on receiving that alert; neither completed.
     */
    private static DtlsEvent.Failed assertRefused(SimulatedLink link, Side refuser, AlertDescription alert, String... named) {
        List<DtlsEvent.Failed> own = link.events(refuser, DtlsEvent.Failed.class);
        assertThat(own).as(link.describe()).hasSize(1);
        DtlsEvent.Failed failure = own.get(0);
        assertThat(failure.timedOut()).isFalse();
        assertThat(failure.cause().alert()).as(failure.cause().getMessage()).isEqualTo(alert);
        assertThat(failure.cause().alertFromPeer()).isFalse();
        assertThat(failure.cause().getMessage()).contains(named);
        List<DtlsEvent.Failed> other = link.events(refuser.peer(), DtlsEvent.Failed.class);
        assertThat(other).as(link.describe()).hasSize(1);
        assertThat(other.get(0).cause().alert()).isEqualTo(alert);
        assertThat(other.get(0).cause().alertFromPeer()).as("the alert came from the peer").isTrue();
        assertThat(link.events(Side.CLIENT, DtlsEvent.HandshakeCompleted.class)).isEmpty();
        assertThat(link.events(Side.SERVER, DtlsEvent.HandshakeCompleted.class)).isEmpty();
        return failure;
    }

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static SignatureScheme.KeyType schemeKeyType(String keyType) {
        return switch (keyType) {
            case "EC" -> SignatureScheme.KeyType.EC;
            case "RSA" -> SignatureScheme.KeyType.RSA;
            default -> SignatureScheme.KeyType.ED25519;
        };
    }

    /** The handshake message types {@code side} sent in plaintext (epoch 0), in order. */
    private static List<Integer> plaintextMessages(SimulatedLink link, Side side) {
        List<Integer> types = new ArrayList<>();
        for (SimulatedLink.Sent sent : link.sent(side)) {
            types.addAll(Records.plaintextHandshakeTypes(sent.bytes()));
        }
        return types;
    }

    // ---- chains that verify ----

    @ParameterizedTest(name = "{0} server leaf")
    @ValueSource(strings = {"EC", "RSA", "ED25519"})
    void anOpenSslMadeServerChainVerifiesByPkixToTheRoot(String keyType) throws IOException {
        CertifiedKey server = credentials("server-" + keyType);
        assertThat(server.chain()).hasSize(2);

        SimulatedLink link = handshake(clientConfig(1).build(), HOST, serverConfig(1, server).build(), 1);

        assertConnectedAndTalking(link);
        SessionInfo session = link.client().session();
        // the intermediate travelled in the Certificate message: the client only had the root
        assertThat(session.peerCertificates()).containsExactlyElementsOf(server.chain());
        assertThat(session.peerSignatureScheme().keyType()).isEqualTo(schemeKeyType(keyType));
        assertThat(session.cipherSuite().keyExchange()).isEqualTo(keyType.equals("RSA")
                ? CipherSuite.KeyExchange.ECDHE_RSA : CipherSuite.KeyExchange.ECDHE_ECDSA);
        assertThat(link.server().session().peerCertificates()).isEmpty();
    }

    static Stream<Arguments> keyTypePairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (String server : KEY_TYPES) {
            for (String client : KEY_TYPES) {
                pairs.add(Arguments.of(server, client));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} server, {1} client")
    @MethodSource("keyTypePairs")
    void mutualAuthenticationWithOpenSslMadeChainsOfEveryKeyType(String serverType, String clientType) throws IOException {
        CertifiedKey server = credentials("server-" + serverType);
        CertifiedKey client = credentials("client-" + clientType);

        SimulatedLink link = handshake(clientConfig(2).certifiedKey(client).build(), HOST,
                serverConfig(2, server).clientAuth(ClientAuth.REQUIRED).peerVerifier(PeerVerifiers.pkix(List.of(root))).build(), 2);

        assertConnectedAndTalking(link);
        assertThat(link.server().session().peerCertificates()).containsExactlyElementsOf(client.chain());
        assertThat(link.server().session().peerSignatureScheme().keyType()).isEqualTo(schemeKeyType(clientType));
        assertThat(link.client().session().peerCertificates()).containsExactlyElementsOf(server.chain());
        assertThat(plaintextMessages(link, Side.CLIENT)).contains(HandshakeType.CERTIFICATE, HandshakeType.CERTIFICATE_VERIFY);
    }

    @Test
    void theServerNameMayBeAnIpAddressListedInTheCertificate() throws IOException {
        SimulatedLink link = handshake(clientConfig(3).build(), "127.0.0.1", serverConfig(3, credentials("server-EC")).build(), 3);

        assertConnectedAndTalking(link);
    }

    @Test
    void aCertificateAndKeyFromAnOpenSslPkcs12FileAuthenticateTheServer() throws IOException {
        OpenSsl.assumeAvailable();
        OpenSsl.run(dir, "pkcs12", "-export", "-in", "server-RSA.pem", "-inkey", "server-RSA.key",
                "-certfile", "intermediate.pem", "-name", "server", "-passout", "pass:store secret", "-out", "server-RSA.p12");
        CertifiedKey server = KeyStoreFiles.readCertifiedKey(pki.file("server-RSA.p12"), "store secret".toCharArray());

        SimulatedLink link = handshake(clientConfig(4).build(), HOST, serverConfig(4, server).build(), 4);

        assertConnectedAndTalking(link);
        assertThat(link.client().session().peerCertificates()).hasSize(2);
    }

    @Test
    void noDefaultAcceptsAnyPeerAndTheVerifierThatDoesSaysSoByItsName() throws IOException {
        CertifiedKey server = credentials("foreign", "other-intermediate");

        assertThatThrownBy(() -> DtlsEngine.client(DtlsConfig.builder().build(), HOST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a peer verifier");
        assertThatThrownBy(() -> DtlsEngine.server(serverConfig(24, server).clientAuth(ClientAuth.OPTIONAL).build(),
                TestConfigs.CLIENT_ADDRESS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a peer verifier");
        PeerVerifier insecure = PeerVerifiers.insecureAcceptAnyCertificate();
        assertThat(insecure.toString()).startsWith("INSECURE");
        // asked for by that name, it takes a chain to an unknown root for a name it does not list
        SimulatedLink link = handshake(clientConfig(24).peerVerifier(insecure).build(), "unlisted.test",
                serverConfig(24, server).build(), 24);
        assertConnectedAndTalking(link);
    }

    // ---- refusals of the server's certificate by the client ----

    @Test
    void anExpiredServerLeafIsRefusedWithCertificateExpired() throws IOException {
        CertifiedKey server = credentials("short-lived");
        long afterExpiry = server.leaf().getNotAfter().getTime() + DAY;

        SimulatedLink link = handshake(clientConfig(5).wallClock(at(afterExpiry)).build(), HOST, serverConfig(5, server).build(), 5);

        assertRefused(link, Side.CLIENT, AlertDescription.CERTIFICATE_EXPIRED,
                "server certificate CN=dtls4j short-lived leaf", "expired at " + server.leaf().getNotAfter().toInstant());
    }

    @Test
    void theSameLeafIsAcceptedWhileItIsValid() throws IOException {
        CertifiedKey server = credentials("short-lived");

        SimulatedLink link = handshake(clientConfig(5).wallClock(at(server.leaf().getNotAfter().getTime() - 60_000)).build(),
                HOST, serverConfig(5, server).build(), 5);

        assertConnectedAndTalking(link);
    }

    @Test
    void aServerCertificateForAnotherHostNameIsRefusedWithBadCertificate() throws IOException {
        SimulatedLink link = handshake(clientConfig(6).build(), "other.test", serverConfig(6, credentials("server-EC")).build(), 6);

        assertRefused(link, Side.CLIENT, AlertDescription.BAD_CERTIFICATE, "CN=dtls4j server EC", "other.test");
    }

    @Test
    void aServerCertificateForAnotherIpAddressIsRefusedWithBadCertificate() throws IOException {
        SimulatedLink link = handshake(clientConfig(7).build(), "192.0.2.7", serverConfig(7, credentials("server-EC")).build(), 7);

        assertRefused(link, Side.CLIENT, AlertDescription.BAD_CERTIFICATE, "CN=dtls4j server EC", "192.0.2.7");
    }

    @Test
    void aServerChainToAnUntrustedRootIsRefusedWithUnknownCa() throws IOException {
        CertifiedKey server = credentials("foreign", "other-intermediate");

        SimulatedLink link = handshake(clientConfig(8).build(), HOST, serverConfig(8, server).build(), 8);

        assertRefused(link, Side.CLIENT, AlertDescription.UNKNOWN_CA, "CN=dtls4j foreign leaf",
                "CN=dtls4j Other Intermediate", "not issued by any of the 1 trust anchors");
    }

    @Test
    void aServerCertificateNotForServerAuthenticationIsRefusedWithUnsupportedCertificate() throws IOException {
        SimulatedLink link = handshake(clientConfig(9).build(), HOST, serverConfig(9, credentials("client-auth-only")).build(), 9);

        assertRefused(link, Side.CLIENT, AlertDescription.UNSUPPORTED_CERTIFICATE,
                "CN=dtls4j client-auth-only leaf", "not for server authentication");
    }

    @Test
    void aServerKeyExchangeSignedWithAKeyOtherThanTheCertificatesIsRefusedWithDecryptError() throws IOException {
        CertifiedKey certificateOwner = credentials("server-EC");
        CertifiedKey otherKey = credentials("server-EC-2");
        // CertifiedKey does not check that the key belongs to the certificate: a misconfigured (or lying) server
        CertifiedKey mismatched = new CertifiedKey(certificateOwner.chain(), otherKey.privateKey());

        SimulatedLink link = handshake(clientConfig(10).build(), HOST, serverConfig(10, mismatched).build(), 10);

        assertRefused(link, Side.CLIENT, AlertDescription.DECRYPT_ERROR, "ServerKeyExchange",
                "server certificate CN=dtls4j server EC");
    }

    // ---- refusals of the client's certificate by the server ----

    private static DtlsConfig.Builder requiringServer(long seed) throws IOException {
        return serverConfig(seed, credentials("server-EC")).clientAuth(ClientAuth.REQUIRED).peerVerifier(PeerVerifiers.pkix(List.of(root)));
    }

    @Test
    void anExpiredClientLeafIsRefusedWithCertificateExpired() throws IOException {
        CertifiedKey client = credentials("short-lived");
        long afterExpiry = client.leaf().getNotAfter().getTime() + DAY;

        SimulatedLink link = handshake(clientConfig(11).certifiedKey(client).build(), HOST,
                requiringServer(11).wallClock(at(afterExpiry)).build(), 11);

        assertRefused(link, Side.SERVER, AlertDescription.CERTIFICATE_EXPIRED, "client certificate CN=dtls4j short-lived leaf", "expired");
    }

    @Test
    void aClientChainToAnUntrustedRootIsRefusedWithUnknownCa() throws IOException {
        CertifiedKey client = credentials("foreign", "other-intermediate");

        SimulatedLink link = handshake(clientConfig(12).certifiedKey(client).build(), HOST, requiringServer(12).build(), 12);

        assertRefused(link, Side.SERVER, AlertDescription.UNKNOWN_CA, "client certificate CN=dtls4j foreign leaf");
    }

    @Test
    void aCertificateVerifySignedWithAKeyOtherThanTheClientCertificatesIsRefusedWithDecryptError() throws IOException {
        CertifiedKey certificateOwner = credentials("client-EC");
        CertifiedKey mismatched = new CertifiedKey(certificateOwner.chain(), credentials("client-EC-2").privateKey());

        SimulatedLink link = handshake(clientConfig(13).certifiedKey(mismatched).build(), HOST, requiringServer(13).build(), 13);

        assertRefused(link, Side.SERVER, AlertDescription.DECRYPT_ERROR, "CertificateVerify",
                "client certificate CN=dtls4j client EC");
    }

    @Test
    void aMissingClientCertificateIsRefusedWithHandshakeFailureWhenOneIsRequired() throws IOException {
        SimulatedLink link = handshake(clientConfig(14).build(), HOST, requiringServer(14).build(), 14);

        assertRefused(link, Side.SERVER, AlertDescription.HANDSHAKE_FAILURE, "client sent no certificate");
        // RFC 5246 §7.4.6: asked for a certificate, the client without one still sends an empty Certificate
        assertThat(plaintextMessages(link, Side.CLIENT)).contains(HandshakeType.CERTIFICATE)
                .doesNotContain(HandshakeType.CERTIFICATE_VERIFY);
    }

    // ---- who asks for client certificates ----

    static Stream<Arguments> clientAuthMatrix() {
        List<Arguments> cases = new ArrayList<>();
        for (ClientAuth mode : ClientAuth.values()) {
            cases.add(Arguments.of(mode, true));
            cases.add(Arguments.of(mode, false));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "server {0}, client has a certificate: {1}")
    @MethodSource("clientAuthMatrix")
    void clientAuthenticationModes(ClientAuth mode, boolean clientHasCertificate) throws IOException {
        CertifiedKey client = credentials("client-RSA");
        DtlsConfig.Builder clientConfig = clientConfig(15);
        if (clientHasCertificate) {
            clientConfig.certifiedKey(client);
        }
        DtlsConfig.Builder serverConfig = serverConfig(15, credentials("server-EC")).clientAuth(mode);
        if (mode != ClientAuth.NONE) {
            serverConfig.peerVerifier(PeerVerifiers.pkix(List.of(root)));
        }

        SimulatedLink link = handshake(clientConfig.build(), HOST, serverConfig.build(), 15);

        List<Integer> fromServer = plaintextMessages(link, Side.SERVER);
        List<Integer> fromClient = plaintextMessages(link, Side.CLIENT);
        if (mode == ClientAuth.NONE) {
            assertThat(fromServer).doesNotContain(HandshakeType.CERTIFICATE_REQUEST);
            assertThat(fromClient).doesNotContain(HandshakeType.CERTIFICATE, HandshakeType.CERTIFICATE_VERIFY);
        } else {
            assertThat(fromServer).contains(HandshakeType.CERTIFICATE_REQUEST);
            assertThat(fromClient).contains(HandshakeType.CERTIFICATE);
        }
        if (mode == ClientAuth.REQUIRED && !clientHasCertificate) {
            assertRefused(link, Side.SERVER, AlertDescription.HANDSHAKE_FAILURE, "client sent no certificate");
            return;
        }
        assertConnectedAndTalking(link);
        boolean authenticated = mode != ClientAuth.NONE && clientHasCertificate;
        SessionInfo atServer = link.server().session();
        if (authenticated) {
            assertThat(atServer.peerCertificates()).containsExactlyElementsOf(client.chain());
            assertThat(atServer.peerSignatureScheme().keyType()).isEqualTo(SignatureScheme.KeyType.RSA);
            assertThat(fromClient).contains(HandshakeType.CERTIFICATE_VERIFY);
        } else {
            assertThat(atServer.peerCertificates()).isEmpty();
            assertThat(atServer.peerPublicKey()).isNull();
            assertThat(atServer.peerSignatureScheme()).isNull();
            assertThat(fromClient).doesNotContain(HandshakeType.CERTIFICATE_VERIFY);
        }
    }

    // ---- fingerprint pinning ----

    private static CertificateFingerprint opensslFingerprint(String certificateName) throws IOException {
        String printed = OpenSsl.run(dir, "x509", "-in", certificateName + ".pem", "-noout", "-fingerprint", "-sha256");
        return CertificateFingerprint.parse(printed.strip());
    }

    @Test
    void aServerPinnedByTheFingerprintOpenSslPrintsIsAcceptedWithoutAnyChainCheck() throws IOException {
        CertifiedKey server = credentials("foreign", "other-intermediate"); // not under the root: no PKIX here
        DtlsConfig client = clientConfig(16).peerVerifier(PeerVerifiers.fingerprints(opensslFingerprint("foreign"))).build();

        SimulatedLink link = handshake(client, "unlisted.test", serverConfig(16, server).build(), 16);

        assertConnectedAndTalking(link);
        assertThat(link.client().session().peerCertificates().get(0)).isEqualTo(server.leaf());
    }

    @Test
    void webRtcStylePeersWithSelfSignedCertificatesPinEachOther() {
        java.security.SecureRandom random = TestConfigs.seededRandom(17);
        CertifiedKey offerer = SelfSignedCertificate.generate("offerer", List.of(), Duration.ofDays(30), random, now);
        CertifiedKey answerer = SelfSignedCertificate.generate("answerer", List.of(), Duration.ofDays(30), random, now);
        DtlsConfig client = DtlsConfig.builder().random(TestConfigs.seededRandom(35)).certifiedKey(offerer)
                .peerVerifier(PeerVerifiers.fingerprints(CertificateFingerprint.sha256(answerer.leaf()))).build();
        DtlsConfig server = DtlsConfig.builder().random(TestConfigs.seededRandom(34)).certifiedKey(answerer)
                .clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(PeerVerifiers.fingerprints(CertificateFingerprint.sha256(offerer.leaf()))).build();

        SimulatedLink link = handshake(client, null, server, 17);

        assertConnectedAndTalking(link);
        assertThat(link.server().session().peerCertificates()).containsExactly(offerer.leaf());
        assertThat(link.client().session().peerCertificates()).containsExactly(answerer.leaf());
    }

    @Test
    void aServerWhoseFingerprintIsNotPinnedIsRefusedWithBadCertificate() throws IOException {
        CertificateFingerprint pinned = opensslFingerprint("server-RSA");
        CertifiedKey presented = credentials("server-EC");
        DtlsConfig client = clientConfig(18).peerVerifier(PeerVerifiers.fingerprints(pinned)).build();

        SimulatedLink link = handshake(client, HOST, serverConfig(18, presented).build(), 18);

        DtlsEvent.Failed failure = assertRefused(link, Side.CLIENT, AlertDescription.BAD_CERTIFICATE, "CN=dtls4j server EC",
                CertificateFingerprint.sha256(presented.leaf()).toSdp(), "not the pinned fingerprint");
        // the refused chain travels with the failure, so that an application can offer to pin it
        assertThat(failure.cause().getCause()).isInstanceOf(PeerVerificationException.class);
        assertThat(((PeerVerificationException) failure.cause().getCause()).peerChain()).isEqualTo(presented.chain());
    }

    @Test
    void aClientWhoseFingerprintIsNotPinnedIsRefusedWithBadCertificate() throws IOException {
        DtlsConfig server = serverConfig(19, credentials("server-EC")).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(PeerVerifiers.fingerprints(opensslFingerprint("client-EC"))).build();

        SimulatedLink link = handshake(clientConfig(19).certifiedKey(credentials("client-EC-2")).build(), HOST, server, 19);

        assertRefused(link, Side.SERVER, AlertDescription.BAD_CERTIFICATE, "client certificate CN=dtls4j second client EC");
    }

    // ---- the application decides ----

    @Test
    void anApplicationCallbackSeesTheWholeChainAndTheServerNameAndAccepts() throws IOException {
        CertifiedKey server = credentials("server-ED25519");
        AtomicReference<List<X509Certificate>> seenChain = new AtomicReference<>();
        AtomicReference<PeerContext> seenContext = new AtomicReference<>();
        PeerVerifier callback = (chain, context) -> {
            seenChain.set(chain);
            seenContext.set(context);
        };

        SimulatedLink link = handshake(clientConfig(20).wallClock(at(now + 1234))
                        .peerVerifier(PeerVerifiers.allOf(PeerVerifiers.pkix(List.of(root)), callback)).build(),
                HOST, serverConfig(20, server).build(), 20);

        assertConnectedAndTalking(link);
        assertThat(seenChain.get()).containsExactlyElementsOf(server.chain());
        assertThat(seenContext.get().peerIsServer()).isTrue();
        assertThat(seenContext.get().serverName()).isEqualTo(HOST);
        assertThat(seenContext.get().nowMillis()).as("the configured wall clock's time").isEqualTo(now + 1234);
    }

    @Test
    void anApplicationCallbackRefusesTheServerWithAccessDenied() throws IOException {
        PeerVerifier callback = (chain, context) -> {
            throw new PeerVerificationException(AlertDescription.ACCESS_DENIED, "device not in the registry");
        };

        SimulatedLink link = handshake(clientConfig(21).peerVerifier(callback).build(), HOST,
                serverConfig(21, credentials("server-EC")).build(), 21);

        assertRefused(link, Side.CLIENT, AlertDescription.ACCESS_DENIED, "server certificate CN=dtls4j server EC",
                "device not in the registry");
    }

    @Test
    void accessControlAfterPkixRefusesAnAuthenticatedClientThatIsNotAllowed() throws IOException {
        PeerVerifier rule = PeerVerifiers.allOf(PeerVerifiers.pkix(List.of(root)), PeerVerifiers.accessControl(
                leaf -> leaf.getSubjectX500Principal().getName().equals("CN=dtls4j client EC"), "only the EC client"));
        DtlsConfig server = serverConfig(22, credentials("server-EC")).clientAuth(ClientAuth.REQUIRED).peerVerifier(rule).build();

        SimulatedLink refused = handshake(clientConfig(22).certifiedKey(credentials("client-RSA")).build(), HOST, server, 22);
        SimulatedLink allowed = handshake(clientConfig(23).certifiedKey(credentials("client-EC")).build(), HOST, server, 23);

        assertRefused(refused, Side.SERVER, AlertDescription.ACCESS_DENIED, "CN=dtls4j client RSA", "only the EC client");
        assertConnectedAndTalking(allowed);
    }
}
