package io.dtls4j.auth;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.SignatureScheme;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Mapping certificate signature algorithms to TLS scheme codes, and the chain check built on it. */
class CertificateSignaturesTest {
    /** Bouncy Castle's provider, used only to sign test certificates (PSS and Ed448 names the JDK lacks); never installed. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final long NOW = 1_700_000_000_000L;

    private static KeyPair keyPair(String kind) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(kind);
        if (kind.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else if (kind.equals("RSA")) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    /** A certificate for {@code subjectKey} named {@code subject}, signed by {@code issuerKeys} under {@code issuer}. */
    private static X509Certificate certificate(String subject, PublicKey subjectKey, String issuer, KeyPair issuerKeys,
                                               String signatureAlgorithm) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), BigInteger.TEN,
                new Date(NOW - 86_400_000L), new Date(NOW + 86_400_000L), new X500Name("CN=" + subject), subjectKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder(signatureAlgorithm).setProvider(BC).build(issuerKeys.getPrivate())));
    }

    @ParameterizedTest(name = "{1} → 0x{2}")
    @CsvSource({
            "EC, SHA256withECDSA, 0403",
            "EC, SHA384withECDSA, 0503",
            "EC, SHA512withECDSA, 0603",
            "EC, SHA1withECDSA, 0203",
            "RSA, SHA256withRSA, 0401",
            "RSA, SHA384withRSA, 0501",
            "RSA, SHA512withRSA, 0601",
            "RSA, SHA1withRSA, 0201",
            "RSA, MD5withRSA, 0101",
            "RSA, SHA256withRSAandMGF1, 0804",
            "RSA, SHA384withRSAandMGF1, 0805",
            "RSA, SHA512withRSAandMGF1, 0806",
            "Ed25519, Ed25519, 0807",
            "Ed448, Ed448, 0808",
    })
    void theSchemeOfACertificateIsItsHashAndSignatureKind(String issuerKind, String algorithm, String hexScheme) throws Exception {
        KeyPair issuer = keyPair(issuerKind);
        X509Certificate certificate = certificate("leaf", keyPair("EC").getPublic(), "issuer", issuer, algorithm);

        assertThat(CertificateSignatures.schemeOf(certificate)).isEqualTo(Integer.parseInt(hexScheme, 16));
    }

    @Test
    void rsaPssWithSha1HasNoScheme() throws Exception {
        X509Certificate certificate = certificate("leaf", keyPair("EC").getPublic(), "issuer", keyPair("RSA"), "SHA1withRSAandMGF1");

        assertThat(CertificateSignatures.schemeOf(certificate)).isEqualTo(CertificateSignatures.UNKNOWN);
    }

    @Test
    void aChainSignedWithAcceptedAlgorithmsPasses() throws Exception {
        KeyPair root = keyPair("EC");
        KeyPair intermediate = keyPair("RSA");
        List<X509Certificate> chain = List.of(
                certificate("leaf", keyPair("EC").getPublic(), "intermediate", intermediate, "SHA256withRSAandMGF1"),
                certificate("intermediate", intermediate.getPublic(), "root", root, "SHA384withECDSA"));

        assertThatCode(() -> CertificateSignatures.check(chain,
                List.of(SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.RSA_PSS_RSAE_SHA256), "server"))
                .doesNotThrowAnyException();
    }

    @Test
    void aCertificateSignedOutsideTheListFailsWithUnsupportedCertificateNamingItAndItsPlace() throws Exception {
        KeyPair root = keyPair("RSA");
        KeyPair intermediate = keyPair("EC");
        List<X509Certificate> chain = List.of(
                certificate("leaf", keyPair("EC").getPublic(), "intermediate", intermediate, "SHA256withECDSA"),
                certificate("intermediate", intermediate.getPublic(), "root", root, "SHA1withRSA"));

        DtlsException e = catchThrowableOfType(() -> CertificateSignatures.check(chain,
                List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PKCS1_SHA256), "client"), DtlsException.class);

        assertThat(e).isNotNull();
        assertThat(e.alert()).isEqualTo(AlertDescription.UNSUPPORTED_CERTIFICATE);
        assertThat(e.getMessage()).contains("client certificate CN=intermediate (number 2 in its chain)",
                "SHA1withRSA", "0x0201");
    }

    @Test
    void aSelfSignedCertificateIsExemptButOneThatOnlyNamesItselfAsIssuerIsNot() throws Exception {
        KeyPair own = keyPair("RSA");
        X509Certificate selfSigned = certificate("self", own.getPublic(), "self", own, "SHA1withRSA");
        // issuer name equal to the subject, but signed by another key: not self-signed
        X509Certificate selfNamed = certificate("self", own.getPublic(), "self", keyPair("RSA"), "SHA1withRSA");
        List<SignatureScheme> accepted = List.of(SignatureScheme.RSA_PKCS1_SHA256);

        assertThatCode(() -> CertificateSignatures.check(List.of(selfSigned), accepted, "server")).doesNotThrowAnyException();
        DtlsException e = catchThrowableOfType(() -> CertificateSignatures.check(List.of(selfNamed), accepted, "server"),
                DtlsException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("server certificate CN=self is signed with SHA1withRSA");
    }
}
