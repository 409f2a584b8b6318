package io.dtls4j.transport;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.credentials.PeerVerifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** A self-signed EC P-256 server certificate made once per test run, and configs that use it. */
final class TestCredentials {
    static final CertifiedKey SERVER = selfSigned("CN=dtls4j transport test");

    private TestCredentials() {
    }

    static CertifiedKey selfSigned(String subject) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name(subject);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new CertifiedKey(List.of(cert), pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** Accepts exactly the given certificate as the peer's leaf. */
    static PeerVerifier pinned(X509Certificate expected) {
        return (chain, context) -> {
            if (!chain.get(0).equals(expected)) {
                throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE, "not the expected certificate");
            }
        };
    }

    static DtlsConfig serverConfig() {
        return DtlsConfig.builder().certifiedKey(SERVER).build();
    }

    static DtlsConfig clientConfig() {
        return DtlsConfig.builder().peerVerifier(pinned(SERVER.leaf())).build();
    }
}
