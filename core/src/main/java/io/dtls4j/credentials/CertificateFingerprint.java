package io.dtls4j.credentials;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A hash of a certificate's DER encoding, as WebRTC and SIP put it in SDP
 * ({@code a=fingerprint:sha-256 AB:CD:...}, RFC 8122 §5). Fingerprints are made with SHA-256 unless
 * another function is asked for by name (RFC 8122 §5 prefers SHA-256, RFC 8827 §6.5 requires it);
 * SHA-1 fingerprints are read, because RFC 8122 still lists them and older peers send them, but none
 * is ever made by default. MD5 and MD2 are refused (RFC 8122 §5: MUST NOT be used to verify).
 * Equality compares the hash function and, in constant time, the hash bytes.
 */
public final class CertificateFingerprint {
    /** The hash function name in SDP's textual form (RFC 8122 §5: lower case, IANA name). */
    public static final String SHA_256 = "sha-256";

    private static final String SDP_ATTRIBUTE = "a=fingerprint:";

    /**
     * The hash functions a fingerprint can be made with, by their RFC 8122 names, weakest first: the
     * order is the preference when several are offered for one peer (RFC 8122 §5.1).
     */
    public enum HashFunction {
        /** SHA-1, 20 bytes: read from older peers, never made by default. */
        SHA_1("sha-1", "SHA-1", 20),
        /** SHA-256, 32 bytes: the default (RFC 8122 §5, RFC 8827 §6.5). */
        SHA_256("sha-256", "SHA-256", 32),
        /** SHA-384, 48 bytes. */
        SHA_384("sha-384", "SHA-384", 48),
        /** SHA-512, 64 bytes. */
        SHA_512("sha-512", "SHA-512", 64);

        private final String sdpName;
        private final String jcaName;
        private final int length;

        HashFunction(String sdpName, String jcaName, int length) {
            this.sdpName = sdpName;
            this.jcaName = jcaName;
            this.length = length;
        }

        /** The name SDP writes ({@code sha-256}). */
        public String sdpName() {
            return sdpName;
        }

        /** The hash length in bytes. */
        public int length() {
            return length;
        }

        /**
         * The function of an SDP name, case-insensitive ({@code SHA-256} is taken too).
         *
         * @throws IllegalArgumentException naming the function when it is not supported
         */
        public static HashFunction ofSdpName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (HashFunction function : values()) {
                if (function.sdpName.equals(lower)) {
                    return function;
                }
            }
            String why = lower.equals("md5") || lower.equals("md2")
                    ? " (RFC 8122 §5 forbids verifying with it)" : "";
            throw new IllegalArgumentException("fingerprint hash function '" + name + "' is not supported" + why
                    + "; use sha-256, sha-384, sha-512 or sha-1");
        }

        /** The function whose hashes are this many bytes long, or null. */
        private static HashFunction ofLength(int length) {
            for (HashFunction function : values()) {
                if (function.length == length) {
                    return function;
                }
            }
            return null;
        }

        byte[] digest(byte[] data) {
            try {
                return MessageDigest.getInstance(jcaName).digest(data);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no " + jcaName, e);
            }
        }

        @Override
        public String toString() {
            return sdpName;
        }
    }

    private final HashFunction function;
    private final byte[] digest;

    private CertificateFingerprint(HashFunction function, byte[] digest) {
        this.function = function;
        this.digest = digest;
    }

    /** The SHA-256 fingerprint of a certificate. */
    public static CertificateFingerprint sha256(X509Certificate certificate) {
        return of(HashFunction.SHA_256, certificate);
    }

    /** The SHA-256 fingerprint of a certificate given as its DER encoding. */
    public static CertificateFingerprint sha256(byte[] derCertificate) {
        return of(HashFunction.SHA_256, derCertificate);
    }

    /**
     * The fingerprint of a certificate with a chosen hash function. Choose {@code SHA_1} only to match
     * an older peer that sends nothing else.
     */
    public static CertificateFingerprint of(HashFunction function, X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            return of(function, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate " + CertificateText.subject(certificate)
                    + " cannot be encoded", e);
        }
    }

    /** The fingerprint of a certificate given as its DER encoding, with a chosen hash function. */
    public static CertificateFingerprint of(HashFunction function, byte[] derCertificate) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(derCertificate, "derCertificate");
        return new CertificateFingerprint(function, function.digest(derCertificate));
    }

    /**
     * Parses a fingerprint. Taken are the SDP attribute line {@code a=fingerprint:sha-384 AB:CD:...},
     * its value {@code sha-384 AB:CD:...}, {@code openssl x509 -fingerprint} output
     * ({@code sha384 Fingerprint=AB:CD:...}), and the hex alone, whose length then says the hash
     * function. Hash names and hex digits may be in either case; the colons between bytes may all be
     * left out.
     *
     * @throws IllegalArgumentException saying what is wrong: an unknown hash function, a length that
     *                                  is not that function's, or text that is not hex
     */
    public static CertificateFingerprint parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.regionMatches(true, 0, SDP_ATTRIBUTE, 0, SDP_ATTRIBUTE.length())) {
            s = s.substring(SDP_ATTRIBUTE.length()).strip();
        }
        String lower = s.toLowerCase(Locale.ROOT);
        int opensslMarker = lower.indexOf(" fingerprint=");
        HashFunction function = null;
        if (opensslMarker > 0) {
            // OpenSSL names the function without the dash: sha1, sha256, sha384, sha512
            String name = lower.substring(0, opensslMarker);
            function = HashFunction.ofSdpName(name.startsWith("sha") && !name.startsWith("sha-")
                    ? "sha-" + name.substring(3) : name);
            s = s.substring(opensslMarker + " fingerprint=".length()).strip();
        } else {
            int space = firstWhitespace(s);
            if (space >= 0) {
                function = HashFunction.ofSdpName(s.substring(0, space));
                s = s.substring(space).strip();
            }
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("not a fingerprint (no hash value): '" + text + "'");
        }
        byte[] digest = parseHex(s, text);
        if (function == null) {
            function = HashFunction.ofLength(digest.length);
            if (function == null) {
                throw new IllegalArgumentException("not a fingerprint: " + digest.length
                        + " bytes is the length of no supported hash (sha-1 20, sha-256 32, sha-384 48, sha-512 64): '"
                        + text + "'");
            }
        } else if (digest.length != function.length) {
            throw new IllegalArgumentException("not a " + function + " fingerprint: " + digest.length
                    + " bytes where " + function + " has " + function.length + ": '" + text + "'");
        }
        return new CertificateFingerprint(function, digest);
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Hex bytes either all joined by single colons or all run together. */
    private static byte[] parseHex(String hex, String original) {
        boolean colons = hex.indexOf(':') >= 0;
        int step = colons ? 3 : 2;
        if ((colons ? (hex.length() + 1) % 3 : hex.length() % 2) != 0) {
            throw new IllegalArgumentException("not a fingerprint (expected hex bytes"
                    + (colons ? " joined by colons" : "") + "): '" + original + "'");
        }
        int length = colons ? (hex.length() + 1) / 3 : hex.length() / 2;
        byte[] digest = new byte[length];
        for (int i = 0; i < length; i++) {
            int at = i * step;
            if (colons && i > 0 && hex.charAt(at - 1) != ':') {
                throw new IllegalArgumentException("not a fingerprint (misplaced colon): '" + original + "'");
            }
            int high = Character.digit(hex.charAt(at), 16);
            int low = Character.digit(hex.charAt(at + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("not a fingerprint (not hexadecimal): '" + original + "'");
            }
            digest[i] = (byte) ((high << 4) | low);
        }
        return digest;
    }

    /**
     * Whether this is the fingerprint of the certificate, hashed with this fingerprint's function;
     * compares in constant time.
     */
    public boolean matches(X509Certificate certificate) {
        return equals(of(function, certificate));
    }

    /** The hash function. */
    public HashFunction hashFunction() {
        return function;
    }

    /** The hash bytes (a copy). */
    public byte[] bytes() {
        return digest.clone();
    }

    /** The SDP attribute value: the hash name, a space, and the hash as upper-case hex bytes joined by colons. */
    public String toSdp() {
        return function.sdpName + " " + hex();
    }

    /** The whole SDP attribute line: {@code a=fingerprint:} and {@link #toSdp()}. */
    public String toSdpAttribute() {
        return SDP_ATTRIBUTE + toSdp();
    }

    /** The hash as upper-case hex bytes joined by colons, without the hash name. */
    public String hex() {
        StringBuilder out = new StringBuilder(digest.length * 3);
        for (int i = 0; i < digest.length; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xf, 16)));
            out.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xf, 16)));
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateFingerprint
                && function == ((CertificateFingerprint) other).function
                && MessageDigest.isEqual(digest, ((CertificateFingerprint) other).digest);
    }

    @Override
    public int hashCode() {
        return 31 * function.hashCode() + Arrays.hashCode(digest);
    }

    /** The SDP attribute value. */
    @Override
    public String toString() {
        return toSdp();
    }
}
