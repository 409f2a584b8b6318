package io.dtls4j.credentials;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Generates a key pair and a self-signed X.509 v3 certificate for it: for WebRTC-style peers that
 * are checked by fingerprint, for tests, and for first runs before a CA-issued certificate exists.
 *
 * <p>The certificate has: subject {@code CN=<commonName>}; a random positive 127-bit serial; the
 * requested subject alternative names (DNS names, wildcard patterns such as {@code *.example.com},
 * or IP literals); basicConstraints CA:false; keyUsage digitalSignature (ECDHE suites sign with the
 * key); extendedKeyUsage serverAuth and clientAuth, so the same certificate serves either role.
 * Validity starts {@link #CLOCK_SKEW_ALLOWANCE} before {@code nowMillis}, so that peers whose clocks
 * run a little behind accept it, and ends {@code validity} after {@code nowMillis}.
 */
public final class SelfSignedCertificate {
    /** How far before "now" the validity period starts. */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofHours(1);

    /** RFC 5280 upper bound ub-common-name. */
    private static final int MAX_COMMON_NAME = 64;
    private static final int SERIAL_BYTES = 16;

    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    /**
     * AlgorithmIdentifier of each signature algorithm of {@link KeyAlgorithm}: ECDSA without
     * parameters (RFC 5758 §3.2), Ed25519 without parameters (RFC 8410 §3), RSA PKCS#1 v1.5 with NULL
     * (RFC 4055 §5).
     */
    private static final Map<String, byte[]> SIGNATURE_ALGORITHMS = Map.of(
            "SHA256withECDSA", Der.algorithm("1.2.840.10045.4.3.2", null),
            "SHA384withECDSA", Der.algorithm("1.2.840.10045.4.3.3", null),
            "SHA512withECDSA", Der.algorithm("1.2.840.10045.4.3.4", null),
            "Ed25519", Der.algorithm("1.3.101.112", null),
            "SHA256withRSA", Der.algorithm("1.2.840.113549.1.1.11", Der.nullValue()));

    private SelfSignedCertificate() {
    }

    /** Generates with the default key algorithm, {@link KeyAlgorithm#EC_P256}. */
    public static CertifiedKey generate(String commonName, List<String> subjectAltNames, Duration validity,
                                        SecureRandom random, long nowMillis) {
        return generate(KeyAlgorithm.DEFAULT, commonName, subjectAltNames, validity, random, nowMillis);
    }

    /**
     * Generates a key pair of the given algorithm and a certificate for it signed with its own key.
     *
     * @param commonName      the CN of subject and issuer, 1 to 64 characters
     * @param subjectAltNames DNS names (IDNs are converted to A-labels), {@code *.}-wildcard names or
     *                        IP literals (IPv4 dotted quad, IPv6); may be empty
     * @param validity        how long after {@code nowMillis} the certificate stays valid, positive
     * @param random          draws the key pair, the serial number and any signature nonce
     * @param nowMillis       the current time
     * @throws IllegalArgumentException for an empty or over-long common name, an invalid alternative
     *                                  name or a non-positive validity
     */
    public static CertifiedKey generate(KeyAlgorithm algorithm, String commonName, List<String> subjectAltNames,
                                        Duration validity, SecureRandom random, long nowMillis) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(subjectAltNames, "subjectAltNames");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(random, "random");
        if (commonName.isEmpty() || commonName.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("common name must have 1 to " + MAX_COMMON_NAME
                    + " characters: '" + commonName + "'");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        List<byte[]> altNames = toGeneralNames(subjectAltNames);

        KeyPair keyPair = algorithm.generateKeyPair(random);
        // whole seconds: X.509 times carry no fraction
        long start = Math.floorDiv(nowMillis - CLOCK_SKEW_ALLOWANCE.toMillis(), 1000L) * 1000L;
        long end = Math.floorDiv(Math.addExact(nowMillis, validity.toMillis()), 1000L) * 1000L;
        // RFC 5280 §4.1.2.4: Name ::= SEQUENCE OF RelativeDistinguishedName, here the one CN
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(ServerNameCheck.COMMON_NAME),
                Der.utf8String(commonName))));
        List<byte[]> extensions = new ArrayList<>();
        // §4.2.1.9: an end entity, not a CA; §4.2.1.3: keyUsage digitalSignature is bit 0
        extensions.add(extension(BASIC_CONSTRAINTS, true, Der.sequence()));
        extensions.add(extension(KEY_USAGE, true, new byte[] {Der.BIT_STRING, 2, 7, (byte) 0x80}));
        // §4.2.1.12: id-kp-serverAuth and id-kp-clientAuth
        extensions.add(extension(EXTENDED_KEY_USAGE, false,
                Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"), Der.oid("1.3.6.1.5.5.7.3.2"))));
        if (!altNames.isEmpty()) {
            extensions.add(extension(SUBJECT_ALT_NAME, false, Der.sequence(altNames.toArray(new byte[0][]))));
        }
        byte[] signatureAlgorithm = SIGNATURE_ALGORITHMS.get(algorithm.signatureAlgorithm());
        // §4.1: TBSCertificate with version v3 (2), serial, signature, issuer, validity, subject,
        // subjectPublicKeyInfo (the JDK's X.509 encoding of the key is exactly that) and [3] extensions
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)),
                Der.integer(serial(random)),
                signatureAlgorithm,
                name,
                Der.sequence(Der.time(start), Der.time(end)),
                name,
                keyPair.getPublic().getEncoded(),
                Der.explicit(3, Der.sequence(extensions.toArray(new byte[0][]))));
        try {
            // no provider named: the JDK's default Signature implementation signs
            Signature signer = Signature.getInstance(algorithm.signatureAlgorithm());
            signer.initSign(keyPair.getPrivate(), random);
            signer.update(tbs);
            byte[] encoded = Der.sequence(tbs, signatureAlgorithm, Der.bitString(signer.sign()));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(encoded));
            return new CertifiedKey(List.of(certificate), keyPair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " certificate: " + e.getMessage(), e);
        }
    }

    /** §4.1: Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static List<byte[]> toGeneralNames(List<String> subjectAltNames) {
        List<byte[]> names = new ArrayList<>(subjectAltNames.size());
        for (String altName : subjectAltNames) {
            Objects.requireNonNull(altName, "subject alternative name");
            byte[] ip = IpLiteral.parse(altName);
            if (ip != null) {
                // §4.2.1.6: iPAddress [7] IMPLICIT OCTET STRING
                names.add(Der.tlv(0x87, ip));
                continue;
            }
            String dns = DnsName.normalizePattern(altName);
            // a wildcard name must be one that can match a host: "*.com" cannot
            if (dns == null || (dns.contains("*") && !DnsName.matches(dns, "x" + dns.substring(1)))) {
                throw new IllegalArgumentException("not a DNS name, wildcard name or IP literal: '" + altName + "'");
            }
            // dNSName [2] IMPLICIT IA5String; normalizePattern leaves ASCII (A-labels) only
            names.add(Der.tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
        }
        return names;
    }

    /** RFC 5280 §4.1.2.2: positive, at most 20 octets; 127 random bits keep it unpredictable. */
    private static BigInteger serial(SecureRandom random) {
        byte[] bytes = new byte[SERIAL_BYTES];
        random.nextBytes(bytes);
        bytes[0] &= 0x7f;
        BigInteger serial = new BigInteger(1, bytes);
        return serial.signum() == 0 ? BigInteger.ONE : serial;
    }

    /**
     * True when {@code certificate} is issued to itself and signed by its own key (RFC 5280 §3.2): no
     * CA vouches for it, so only a trust anchor listing it or a pinned fingerprint can trust it.
     */
    public static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
