package io.dtls4j.config;

/**
 * The SRTP protection profiles DTLS-SRTP can negotiate with use_srtp (RFC 5764 §4.1.2; the AEAD ones
 * from RFC 7714 §14.2), with the master key and master salt lengths the exporter produces for each
 * (RFC 5764 §4.2). Each has its RFC name ({@link #name()}) and the name OpenSSL uses
 * ({@link #openSslName()}, as in {@code openssl s_client -use_srtp}).
 */
public enum SrtpProfile {
    /** AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 5764 §4.1.2). */
    SRTP_AES128_CM_HMAC_SHA1_80(0x0001, "SRTP_AES128_CM_SHA1_80", 16, 14),
    /** AES-128 counter mode with a 32-bit HMAC-SHA1 tag on SRTP, 80-bit on SRTCP (RFC 5764 §4.1.2). */
    SRTP_AES128_CM_HMAC_SHA1_32(0x0002, "SRTP_AES128_CM_SHA1_32", 16, 14),
    /** AES-128-GCM (RFC 7714 §12, §14.2: 96-bit salt). */
    SRTP_AEAD_AES_128_GCM(0x0007, "SRTP_AEAD_AES_128_GCM", 16, 12),
    /** AES-256-GCM (RFC 7714 §12, §14.2: 96-bit salt). */
    SRTP_AEAD_AES_256_GCM(0x0008, "SRTP_AEAD_AES_256_GCM", 32, 12);

    private final int id;
    private final String openSslName;
    private final int masterKeyLength;
    private final int masterSaltLength;

    SrtpProfile(int id, String openSslName, int masterKeyLength, int masterSaltLength) {
        this.id = id;
        this.openSslName = openSslName;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
    }

    /** The SRTPProtectionProfile code point (RFC 5764 §4.1.2, RFC 7714 §14.2). */
    public int id() {
        return id;
    }

    /** OpenSSL's name, e.g. {@code SRTP_AES128_CM_SHA1_80}. */
    public String openSslName() {
        return openSslName;
    }

    /** SRTP master key length in bytes (cipher_key_length / 8). */
    public int masterKeyLength() {
        return masterKeyLength;
    }

    /** SRTP master salt length in bytes (cipher_salt_length / 8). */
    public int masterSaltLength() {
        return masterSaltLength;
    }

    /** Bytes the exporter must produce: 2 * (key + salt) (RFC 5764 §4.2). */
    public int keyingMaterialLength() {
        return 2 * (masterKeyLength + masterSaltLength);
    }

    /** The profile with this code point, or null when dtls4j does not implement it. */
    public static SrtpProfile fromId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    /** The profile with this OpenSSL or RFC name (case-insensitive), or null. */
    public static SrtpProfile fromName(String name) {
        for (SrtpProfile p : values()) {
            if (p.openSslName.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }
}
