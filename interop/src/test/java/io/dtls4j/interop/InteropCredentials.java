package io.dtls4j.interop;

import io.dtls4j.AlertDescription;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.credentials.PeerVerifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Self-signed server certificates for interop tests (CN and DNS name {@value #SERVER_NAME}, IP
 * 127.0.0.1, CA:true so that every peer accepts it as its own trust anchor), made once per JVM, and
 * their PEM files for the command-line peers.
 */
final class InteropCredentials {
    static final String SERVER_NAME = "server.test";

    /** The key kinds the interop tests use. */
    enum KeyType {
        EC_P256("secp256r1", "SHA256withECDSA"),
        EC_P384("secp384r1", "SHA384withECDSA"),
        EC_P521("secp521r1", "SHA512withECDSA"),
        RSA_2048(null, "SHA256withRSA");

        final String curve;
        final String certificateSignature;

        KeyType(String curve, String certificateSignature) {
            this.curve = curve;
            this.certificateSignature = certificateSignature;
        }
    }

    /** A certificate and unencrypted PKCS#8 key written as PEM files. */
    record PemFiles(Path certificate, Path privateKey) {
    }

    private static final Map<KeyType, CertifiedKey> CACHE = new ConcurrentHashMap<>();

    private InteropCredentials() {
    }

    static CertifiedKey server(KeyType type) {
        return CACHE.computeIfAbsent(type, InteropCredentials::generate);
    }

    /** The key type that authenticates {@code suite}'s key exchange. */
    static KeyType forSuite(io.dtls4j.config.CipherSuite suite) {
        return suite.keyExchange() == io.dtls4j.config.CipherSuite.KeyExchange.ECDHE_RSA ? KeyType.RSA_2048 : KeyType.EC_P256;
    }

    /** Accepts exactly the chain whose leaf is {@code expected}. */
    static PeerVerifier expecting(X509Certificate expected) {
        return (chain, context) -> {
            if (!chain.get(0).equals(expected)) {
                throw new PeerVerificationException(AlertDescription.BAD_CERTIFICATE,
                        "unexpected certificate " + chain.get(0).getSubjectX500Principal());
            }
        };
    }

    /** Writes {@code key}'s leaf certificate and private key as {@code name}.crt / {@code name}.key in {@code dir}. */
    static PemFiles writePem(CertifiedKey key, Path dir, String name) throws IOException {
        Path certificate = dir.resolve(name + ".crt");
        Path privateKey = dir.resolve(name + ".key");
        try {
            Files.writeString(certificate, pem("CERTIFICATE", key.leaf().getEncoded()), StandardCharsets.US_ASCII);
        } catch (CertificateEncodingException e) {
            throw new IOException(e);
        }
        Files.writeString(privateKey, pem("PRIVATE KEY", pkcs8(key)), StandardCharsets.US_ASCII);
        return new PemFiles(certificate, privateKey);
    }

    /**
     * The PKCS#8 encoding of the private key. For EC keys the JDK leaves the public key out of the
     * inner ECPrivateKey (it is optional, RFC 5915 §3), and GnuTLS refuses such a key file: put it in.
     */
    private static byte[] pkcs8(CertifiedKey key) throws IOException {
        byte[] encoded = key.privateKey().getEncoded();
        if (!"EC".equals(key.privateKey().getAlgorithm())) {
            return encoded;
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(encoded);
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(key.leaf().getPublicKey().getEncoded());
        int orderBits = ((java.security.interfaces.ECPrivateKey) key.privateKey()).getParams().getOrder().bitLength();
        ECPrivateKey full = new ECPrivateKey(orderBits, inner.getKey(), publicKey.getPublicKeyData(),
                info.getPrivateKeyAlgorithm().getParameters());
        return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), full).getEncoded();
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static CertifiedKey generate(KeyType type) {
        try {
            KeyPairGenerator generator;
            String signature = type.certificateSignature;
            if (type.curve != null) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(type.curve));
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + SERVER_NAME);
            long now = System.currentTimeMillis();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now),
                    new Date(now - 86_400_000L), new Date(now + 30 * 86_400_000L), name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, SERVER_NAME), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
            return new CertifiedKey(List.of(certificate), pair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a " + type + " certificate", e);
        }
    }
}
