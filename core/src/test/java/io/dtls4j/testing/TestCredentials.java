package io.dtls4j.testing;

import io.dtls4j.AlertDescription;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.credentials.PeerVerifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Self-signed certificates and keys for tests, one per {@link KeyType} and role, made once per JVM
 * (RSA key generation is slow) with Bouncy Castle's certificate builder.
 */
public final class TestCredentials {

    /** The key kinds dtls4j authenticates with. */
    public enum KeyType {
        EC_P256("EC", "secp256r1", "SHA256withECDSA"),
        EC_P384("EC", "secp384r1", "SHA384withECDSA"),
        EC_P521("EC", "secp521r1", "SHA512withECDSA"),
        RSA_2048("RSA", null, "SHA256withRSA"),
        ED25519("Ed25519", null, "Ed25519");

        final String algorithm;
        final String curve;
        final String certificateSignature;

        KeyType(String algorithm, String curve, String certificateSignature) {
            this.algorithm = algorithm;
            this.curve = curve;
            this.certificateSignature = certificateSignature;
        }
    }

    private static final Map<String, CertifiedKey> CACHE = new ConcurrentHashMap<>();

    private TestCredentials() {
    }

    /** A server certificate ({@code CN=server.test}) with its key. */
    public static CertifiedKey server(KeyType type) {
        return CACHE.computeIfAbsent("server-" + type, k -> generate(type, "server.test"));
    }

    /** A client certificate ({@code CN=client.test}) with its key, distinct from the server's. */
    public static CertifiedKey client(KeyType type) {
        return CACHE.computeIfAbsent("client-" + type, k -> generate(type, "client.test"));
    }

    /** A verifier that accepts exactly the chain whose leaf is {@code expected}, and records nothing else. */
    public static PeerVerifier expecting(X509Certificate expected) {
        return (chain, context) -> {
            if (!chain.get(0).equals(expected)) {
                throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE,
                        "unexpected peer certificate " + chain.get(0).getSubjectX500Principal());
            }
        };
    }

    /** Makes a fresh self-signed certificate valid from a day ago for a year. */
    public static CertifiedKey generate(KeyType type, String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm);
            if (type.curve != null) {
                generator.initialize(new ECGenParameterSpec(type.curve));
            } else if (type == KeyType.RSA_2048) {
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            long now = System.currentTimeMillis();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(now), new Date(now - 86_400_000L), new Date(now + 365 * 86_400_000L),
                    name, pair.getPublic());
            ContentSigner signer = new JcaContentSignerBuilder(type.certificateSignature).build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new CertifiedKey(List.of(certificate), pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a " + type + " test certificate", e);
        }
    }
}
