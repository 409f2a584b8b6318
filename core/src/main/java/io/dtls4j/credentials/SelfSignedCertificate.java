package io.dtls4j.credentials;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
        GeneralNames altNames = toGeneralNames(subjectAltNames);

        KeyPair keyPair = algorithm.generateKeyPair(random);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        // whole seconds: X.509 times carry no fraction
        long start = Math.floorDiv(nowMillis - CLOCK_SKEW_ALLOWANCE.toMillis(), 1000L) * 1000L;
        long end = Math.floorDiv(Math.addExact(nowMillis, validity.toMillis()), 1000L) * 1000L;
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(random),
                    new Date(start), new Date(end), name, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            if (altNames.getNames().length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            // no provider named: the JDK's default Signature implementation signs
            ContentSigner signer = new JcaContentSignerBuilder(algorithm.signatureAlgorithm())
                    .setSecureRandom(random)
                    .build(keyPair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
            return new CertifiedKey(List.of(certificate), keyPair.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames toGeneralNames(List<String> subjectAltNames) {
        List<GeneralName> names = new ArrayList<>(subjectAltNames.size());
        for (String altName : subjectAltNames) {
            Objects.requireNonNull(altName, "subject alternative name");
            byte[] ip = IpLiteral.parse(altName);
            if (ip != null) {
                names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip)));
                continue;
            }
            String dns = DnsName.normalizePattern(altName);
            // a wildcard name must be one that can match a host: "*.com" cannot
            if (dns == null || (dns.contains("*") && !DnsName.matches(dns, "x" + dns.substring(1)))) {
                throw new IllegalArgumentException("not a DNS name, wildcard name or IP literal: '" + altName + "'");
            }
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
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
