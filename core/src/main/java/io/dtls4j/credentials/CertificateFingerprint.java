package io.dtls4j.credentials;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The SHA-256 hash of a certificate's DER encoding, as WebRTC puts it in SDP
 * ({@code a=fingerprint:sha-256 AB:CD:...}, RFC 8122 §5, with SHA-256 as RFC 8827 §6.5 requires).
 * Equality compares the hash bytes in constant time.
 */
public final class CertificateFingerprint {
    /** The hash function name in SDP's textual form (RFC 8122 §5: lower case, IANA name). */
    public static final String SHA_256 = "sha-256";

    private static final int LENGTH = 32;

    private final byte[] hash;

    private CertificateFingerprint(byte[] hash) {
        this.hash = hash;
    }

    /** The fingerprint of a certificate. */
    public static CertificateFingerprint sha256(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            return sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate " + CertificateText.subject(certificate)
                    + " cannot be encoded", e);
        }
    }

    /** The fingerprint of a certificate given as its DER encoding. */
    public static CertificateFingerprint sha256(byte[] derCertificate) {
        try {
            return new CertificateFingerprint(MessageDigest.getInstance("SHA-256").digest(derCertificate));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Parses a fingerprint: the SDP form {@code sha-256 AB:CD:...}, or the hex alone; case does not
     * matter, the colons between bytes may all be left out, and {@code openssl x509 -fingerprint}
     * output ({@code sha256 Fingerprint=AB:CD:...}) is taken as well.
     *
     * @throws IllegalArgumentException when the text is not a SHA-256 fingerprint
     */
    public static CertificateFingerprint parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sha256 fingerprint=")) {
            s = s.substring("sha256 fingerprint=".length());
        } else {
            int space = firstWhitespace(s);
            if (space >= 0) {
                String hashName = lower.substring(0, space);
                if (!hashName.equals(SHA_256)) {
                    throw new IllegalArgumentException("fingerprint hash function '" + s.substring(0, space)
                            + "' is not supported (only " + SHA_256 + ")");
                }
                s = s.substring(space).strip();
            }
        }
        byte[] hash = parseHex(s, text);
        return new CertificateFingerprint(hash);
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] parseHex(String hex, String original) {
        boolean colons = hex.indexOf(':') >= 0;
        int expectedLength = colons ? LENGTH * 3 - 1 : LENGTH * 2;
        if (hex.length() != expectedLength) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (expected 32 bytes in hex"
                    + (colons ? ", colon-separated" : "") + "): '" + original + "'");
        }
        byte[] hash = new byte[LENGTH];
        int step = colons ? 3 : 2;
        for (int i = 0; i < LENGTH; i++) {
            int at = i * step;
            if (colons && i > 0 && hex.charAt(at - 1) != ':') {
                throw new IllegalArgumentException("not a SHA-256 fingerprint (misplaced colon): '" + original + "'");
            }
            int high = Character.digit(hex.charAt(at), 16);
            int low = Character.digit(hex.charAt(at + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("not a SHA-256 fingerprint (not hexadecimal): '" + original + "'");
            }
            hash[i] = (byte) ((high << 4) | low);
        }
        return hash;
    }

    /** Whether this is the fingerprint of the certificate; compares in constant time. */
    public boolean matches(X509Certificate certificate) {
        return equals(sha256(certificate));
    }

    /** The hash bytes (a copy). */
    public byte[] bytes() {
        return hash.clone();
    }

    /** The SDP form: {@code sha-256 } and the hash as upper-case hex bytes joined by colons. */
    public String toSdp() {
        return SHA_256 + " " + hex();
    }

    /** The hash as upper-case hex bytes joined by colons, without the hash name. */
    public String hex() {
        StringBuilder out = new StringBuilder(LENGTH * 3);
        for (int i = 0; i < hash.length; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Character.toUpperCase(Character.forDigit((hash[i] >> 4) & 0xf, 16)));
            out.append(Character.toUpperCase(Character.forDigit(hash[i] & 0xf, 16)));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateFingerprint
                && MessageDigest.isEqual(hash, ((CertificateFingerprint) other).hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    /** The SDP form. */
    @Override
    public String toString() {
        return toSdp();
    }
}
