package io.dtls4j.bench;

import io.dtls4j.credentials.CertifiedKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;

/** A self-signed EC P-256 certificate for the benchmarks (made once per run). */
final class BenchCredentials {
    private BenchCredentials() {
    }

    static CertifiedKey ecP256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=bench.dtls4j.test");
        long now = System.currentTimeMillis();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(now - 3_600_000L),
                new Date(now + 86_400_000L), name, pair.getPublic());
        var certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return new CertifiedKey(List.of(certificate), pair.getPrivate());
    }
}
