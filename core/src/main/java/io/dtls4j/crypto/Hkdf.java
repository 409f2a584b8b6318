package io.dtls4j.crypto;

import javax.crypto.Mac;

/** HKDF (RFC 5869), for the DTLS 1.3 key schedule (RFC 8446 §7.1, RFC 9147). */
public final class Hkdf {
    private Hkdf() {
    }

    /**
     * RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM); a null or empty salt is HashLen zero bytes (the same
     * HMAC key, as HMAC pads short keys with zeros).
     *
     * @param hmacAlgorithm a JCA Mac name such as "HmacSHA256"
     */
    public static byte[] extract(String hmacAlgorithm, byte[] salt, byte[] ikm) {
        return Hmac.keyed(hmacAlgorithm, salt == null ? new byte[0] : salt).doFinal(ikm);
    }

    /**
     * RFC 5869 §2.3: OKM = the first {@code length} bytes of T(1) | T(2) | ..., T(0) empty,
     * T(i) = HMAC-Hash(PRK, T(i-1) | info | i).
     *
     * @throws IllegalArgumentException when {@code length} is negative or over 255 * HashLen
     */
    public static byte[] expand(String hmacAlgorithm, byte[] prk, byte[] info, int length) {
        Mac mac = Hmac.keyed(hmacAlgorithm, prk);
        int hashLength = mac.getMacLength();
        if (length < 0 || length > 255 * hashLength) {
            throw new IllegalArgumentException("HKDF output length " + length + " outside 0.." + 255 * hashLength);
        }
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int filled = 0;
        for (int i = 1; filled < length; i++) {
            mac.update(t);
            if (info != null) {
                mac.update(info);
            }
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - filled);
            System.arraycopy(t, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    /** RFC 9147 §5.9: DTLS 1.3 labels start "dtls13" (no trailing space), TLS 1.3's "tls13 ". */
    public static final String DTLS13_LABEL_PREFIX = "dtls13";

    /**
     * HKDF-Expand-Label(Secret, Label, Context, Length) of DTLS 1.3 (RFC 8446 §7.1 with the label
     * prefix of RFC 9147 §5.9): {@link #expand} with info = the HkdfLabel structure.
     */
    public static byte[] expandLabel(String hmacAlgorithm, byte[] secret, String label, byte[] context, int length) {
        return expandLabel(hmacAlgorithm, DTLS13_LABEL_PREFIX, secret, label, context, length);
    }

    /**
     * HKDF-Expand-Label with the given label prefix ("tls13 " for TLS 1.3): info =
     * {@code uint16 length || opaque label<7..255> = prefix + label || opaque context<0..255>}.
     */
    public static byte[] expandLabel(String hmacAlgorithm, String prefix, byte[] secret, String label, byte[] context,
                                     int length) {
        byte[] fullLabel = (prefix + label).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (fullLabel.length < 7 || fullLabel.length > 255 || context.length > 255 || length < 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("HkdfLabel field out of range");
        }
        byte[] info = new byte[2 + 1 + fullLabel.length + 1 + context.length];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) fullLabel.length;
        System.arraycopy(fullLabel, 0, info, 3, fullLabel.length);
        info[3 + fullLabel.length] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + fullLabel.length, context.length);
        return expand(hmacAlgorithm, secret, info, length);
    }
}
