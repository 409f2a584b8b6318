package io.dtls4j.testing;

import io.dtls4j.AlertDescription;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.credentials.PeerVerifier;
import io.dtls4j.credentials.PemFiles;
import io.dtls4j.credentials.SelfSignedCertificate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Self-signed certificates and keys for tests, one per {@link KeyType} and role, made once per JVM
 * (RSA key generation is slow) with Bouncy Castle's certificate builder; and, for tests that start
 * the command line or other processes, identities written as PEM files ({@link #writePem}).
 * Published in the core test-jar: the transport, cli and interop tests use it too.
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

    /**
     * A self-signed identity written as PEM files by dtls4j's own writer.
     *
     * @param key     the certificate and key
     * @param cert    the certificate's PEM file
     * @param keyFile the unencrypted PKCS#8 key's PEM file
     */
    public record PemIdentity(CertifiedKey key, Path cert, Path keyFile) {
        /** The certificate's fingerprint as SDP writes it ({@code sha-256 AB:CD:...}, RFC 8122 §5). */
        public String fingerprint() {
            return CertificateFingerprint.sha256(key.leaf()).toSdp();
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

    /**
     * Makes a fresh {@code algorithm} identity with dtls4j's {@link SelfSignedCertificate} (CN
     * {@code name}, names localhost and 127.0.0.1, valid for a day) and writes it to
     * {@code dir/NAME.pem} and {@code dir/NAME.key}.
     */
    public static PemIdentity writePem(Path dir, String name, KeyAlgorithm algorithm) throws IOException {
        CertifiedKey key = SelfSignedCertificate.generate(algorithm, name, List.of("localhost", "127.0.0.1"),
                Duration.ofDays(1), new SecureRandom(), System.currentTimeMillis());
        Path cert = dir.resolve(name + ".pem");
        Path keyFile = dir.resolve(name + ".key");
        PemFiles.writeCertifiedKey(cert, keyFile, key);
        return new PemIdentity(key, cert, keyFile);
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
