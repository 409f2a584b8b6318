package io.dtls4j.credentials;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.handshake.message.ClientHello;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.wire.DecodeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The signature algorithms on the certificates of the peer's chain (RFC 5246 §7.4.2, §7.4.6; RFC 8446
 * §4.2.3): the client announces what it accepts in signature_algorithms_cert, and each side refuses
 * a peer chain with a certificate signed otherwise (SHA-1, MD5, or outside a narrowed list) with
 * unsupported_certificate, whichever verifier it uses; self-signed certificates are exempt.
 * Certificates are made by the {@code openssl} command.
 */
class EngineCertificateSignatureAlgorithmsTest {
    private static final String HOST = "leaf.test";

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
        pki.createLeaf("server", "EC", "dtls4j server", OpenSslPki.INTERMEDIATE, null, 30);
        pki.createLeaf("sha1-leaf", "EC", "dtls4j SHA-1 leaf", OpenSslPki.INTERMEDIATE, null, 30, List.of("-sha1"));
        pki.createCa("rsa-intermediate", "dtls4j RSA Intermediate", OpenSslPki.ROOT, "RSA");
        pki.createLeaf("md5-leaf", "RSA", "dtls4j MD5 leaf", "rsa-intermediate", null, 30, List.of("-md5"));
        pki.createLeaf("pss-leaf", "EC", "dtls4j PSS-signed leaf", "rsa-intermediate", null, 30,
                List.of("-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest"));
        pki.createRoot("sha1-root", "dtls4j SHA-1 Root", "EC", "sha1");
        pki.createCa("below-sha1-root", "dtls4j Intermediate below the SHA-1 Root", "sha1-root");
        pki.createLeaf("leaf-below-sha1-root", "EC", "dtls4j leaf below the SHA-1 Root", "below-sha1-root", null, 30);
        root = PemFiles.readCertificates(pki.file(OpenSslPki.ROOT + ".pem")).get(0);
        now = System.currentTimeMillis();
    }

    /** The leaf's key with the chain of the given certificate files, leaf first. */
    private static CertifiedKey credentials(String leaf, String... chainAbove) throws IOException {
        OpenSsl.assumeAvailable();
        StringBuilder pem = new StringBuilder(Files.readString(pki.file(leaf + ".pem"), StandardCharsets.US_ASCII));
        for (String name : chainAbove) {
            pem.append(Files.readString(pki.file(name + ".pem"), StandardCharsets.US_ASCII));
        }
        Path chain = pki.file(leaf + "-chain.pem");
        Files.writeString(chain, pem, StandardCharsets.US_ASCII);
        return PemFiles.readCertifiedKey(chain, pki.file(leaf + ".key"), null);
    }

    private static X509Certificate certificate(String name) throws CredentialException {
        return PemFiles.readCertificates(pki.file(name + ".pem")).get(0);
    }

    private static DtlsConfig.Builder client(long seed, X509Certificate anchor) {
        return DtlsConfig.builder().random(TestConfigs.seededRandom(seed * 2 + 1)).peerVerifier(PeerVerifiers.pkix(List.of(anchor)));
    }

    private static DtlsConfig.Builder server(long seed, CertifiedKey key) {
        return DtlsConfig.builder().random(TestConfigs.seededRandom(seed * 2)).certifiedKey(key);
    }

    private static SimulatedLink handshake(DtlsConfig client, DtlsConfig server, long seed) {
        SimulatedLink link = SimulatedLink.builder().seed(seed)
                .connect(DtlsEngine.client(client, HOST), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        link.runUntilQuiet();
        return link;
    }

    /** {@code refuser} sent unsupported_certificate with the texts in its message; the peer received it. */
    private static void assertRefused(SimulatedLink link, Side refuser, String... named) {
        assertThat(link.events(refuser, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).as(f.cause().getMessage()).isEqualTo(AlertDescription.UNSUPPORTED_CERTIFICATE);
            assertThat(f.cause().alertFromPeer()).isFalse();
            assertThat(f.cause().getMessage()).contains(named).contains("accepted certificate signature algorithms");
        });
        assertThat(link.events(refuser.peer(), DtlsEvent.Failed.class)).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).isEqualTo(AlertDescription.UNSUPPORTED_CERTIFICATE);
            assertThat(f.cause().alertFromPeer()).isTrue();
        });
        assertThat(link.bothConnected()).isFalse();
    }

    private static int[] signatureAlgorithmsCert(SimulatedLink link) throws DecodeException {
        Records.Record first = Records.parse(link.sent(Side.CLIENT).get(0).bytes()).get(0);
        ClientHello hello = ClientHello.decode(first.handshakeBody());
        byte[] extension = hello.extensions().get(ExtensionType.SIGNATURE_ALGORITHMS_CERT);
        assertThat(extension).as("signature_algorithms_cert in the ClientHello").isNotNull();
        return ExtensionCodecs.parseSignatureAlgorithms(extension);
    }

    private static int[] ids(List<SignatureScheme> schemes) {
        return schemes.stream().mapToInt(SignatureScheme::id).toArray();
    }

    @Test
    void theClientAnnouncesItsSignatureAlgorithmsAsTheCertificateOnesByDefault() throws Exception {
        DtlsConfig config = client(1, root).build();

        SimulatedLink link = handshake(config, server(1, credentials("server", "intermediate")).build(), 1);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(signatureAlgorithmsCert(link)).containsExactly(ids(config.signatureSchemes()));
    }

    @Test
    void theClientAnnouncesTheCertificateSignatureAlgorithmsItIsConfiguredWith() throws Exception {
        DtlsConfig config = client(2, root).certificateSignatureSchemes(
                SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ECDSA_SECP256R1_SHA256).build();

        SimulatedLink link = handshake(config, server(2, credentials("server", "intermediate")).build(), 2);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(signatureAlgorithmsCert(link)).containsExactly(0x0503, 0x0403);
        assertThat(config.signatureSchemes()).hasSizeGreaterThan(2); // the handshake signature list is unchanged
    }

    @Test
    void aSha1SignedServerLeafPassesJdkPkixButTheEngineRefusesIt() throws Exception {
        CertifiedKey server = credentials("sha1-leaf", "intermediate");
        // the JDK only restricts SHA-1 in chains to its own cacerts anchors: PKIX alone lets this through
        assertThatCode(() -> PeerVerifiers.pkix(List.of(root)).verify(server.chain(), new PeerContext(true, HOST, now)))
                .doesNotThrowAnyException();

        SimulatedLink link = handshake(client(3, root).build(), server(3, server).build(), 3);

        assertRefused(link, Side.CLIENT, "server certificate CN=dtls4j SHA-1 leaf", "SHA1withECDSA", "0x0203");
    }

    @Test
    void anMd5SignedServerLeafIsRefused() throws Exception {
        SimulatedLink link = handshake(client(4, root).build(), server(4, credentials("md5-leaf", "rsa-intermediate")).build(), 4);

        assertRefused(link, Side.CLIENT, "server certificate CN=dtls4j MD5 leaf", "MD5withRSA", "0x0101");
    }

    @Test
    void theCheckHoldsUnderFingerprintPinningToo() throws Exception {
        CertifiedKey server = credentials("sha1-leaf", "intermediate");
        DtlsConfig client = client(5, root).peerVerifier(PeerVerifiers.fingerprints(CertificateFingerprint.sha256(server.leaf()))).build();

        SimulatedLink link = handshake(client, server(5, server).build(), 5);

        assertRefused(link, Side.CLIENT, "CN=dtls4j SHA-1 leaf", "SHA1withECDSA");
    }

    @Test
    void aSha1SignedClientCertificateIsRefusedByTheServer() throws Exception {
        DtlsConfig server = server(6, credentials("server", "intermediate")).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(PeerVerifiers.pkix(List.of(root))).build();

        SimulatedLink link = handshake(client(6, root).certifiedKey(credentials("sha1-leaf", "intermediate")).build(), server, 6);

        assertRefused(link, Side.SERVER, "client certificate CN=dtls4j SHA-1 leaf", "SHA1withECDSA");
    }

    @Test
    void aSelfSignedRootSentInTheChainMaySignWithSha1() throws Exception {
        CertifiedKey server = credentials("leaf-below-sha1-root", "below-sha1-root", "sha1-root");
        assertThat(server.chain().get(2).getSigAlgName()).isEqualTo("SHA1withECDSA");

        SimulatedLink link = handshake(client(7, certificate("sha1-root")).build(), server(7, server).build(), 7);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().peerCertificates()).hasSize(3);
    }

    @Test
    void aNarrowedListRefusesALeafSignedOtherwise() throws Exception {
        DtlsConfig client = client(8, root).certificateSignatureSchemes(SignatureScheme.ED25519).build();
        CertifiedKey server = credentials("pss-leaf", "rsa-intermediate");

        SimulatedLink link = handshake(client, server(8, server).build(), 8);

        assertRefused(link, Side.CLIENT, "server certificate CN=dtls4j PSS-signed leaf", "RSASSA-PSS", "0x0804");
    }

    @Test
    void anRsaPssSignedLeafIsAcceptedWhenRsaPssIsAndRefusedWhenItIsNot() throws Exception {
        CertifiedKey server = credentials("pss-leaf", "rsa-intermediate");
        assertThat(server.leaf().getSigAlgName()).isEqualTo("RSASSA-PSS");
        // the RSA intermediate is signed by the EC root with ecdsa-with-SHA256
        DtlsConfig withPss = client(9, root).certificateSignatureSchemes(
                SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA256).build();
        DtlsConfig withoutPss = client(10, root).certificateSignatureSchemes(
                SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PKCS1_SHA256).build();

        SimulatedLink accepted = handshake(withPss, server(9, server).build(), 9);
        SimulatedLink refused = handshake(withoutPss, server(10, server).build(), 10);

        assertThat(accepted.bothConnected()).as(accepted.describe()).isTrue();
        assertRefused(refused, Side.CLIENT, "CN=dtls4j PSS-signed leaf", "RSASSA-PSS");
    }

    @Test
    void anIntermediateSignedOutsideTheListIsNamedWithItsPlaceInTheChain() throws Exception {
        // the leaf is PSS-signed by the RSA intermediate, which the list accepts; the intermediate is
        // signed by the EC root with ecdsa-with-SHA256, which it does not
        DtlsConfig client = client(11, root).certificateSignatureSchemes(SignatureScheme.RSA_PSS_RSAE_SHA256).build();

        SimulatedLink link = handshake(client, server(11, credentials("pss-leaf", "rsa-intermediate")).build(), 11);

        assertRefused(link, Side.CLIENT, "server certificate CN=dtls4j RSA Intermediate (number 2 in its chain)",
                "SHA256withECDSA", "0x0403");
    }
}
