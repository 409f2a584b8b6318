package io.dtls4j.config;

/** DTLS 1.2 cipher suites implemented by dtls4j: ECDHE, PSK and ECDHE_PSK key exchanges with AEAD record protection only. */
public enum CipherSuite {
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256(0xC02B, KeyExchange.ECDHE_ECDSA, Aead.AES_128_GCM, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384(0xC02C, KeyExchange.ECDHE_ECDSA, Aead.AES_256_GCM, PrfHash.SHA384),
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA9, KeyExchange.ECDHE_ECDSA, Aead.CHACHA20_POLY1305, PrfHash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256(0xC02F, KeyExchange.ECDHE_RSA, Aead.AES_128_GCM, PrfHash.SHA256),
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384(0xC030, KeyExchange.ECDHE_RSA, Aead.AES_256_GCM, PrfHash.SHA384),
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256(0xCCA8, KeyExchange.ECDHE_RSA, Aead.CHACHA20_POLY1305, PrfHash.SHA256),
    // RFC 7251: AES-CCM with ECDHE_ECDSA, the PRF hash SHA-256 (§2). Not in DtlsConfig's default list:
    // they exist for constrained devices (RFC 7925), and the CCM_8 ones' 8-byte tag gives forgers 2^-64
    // per try instead of 2^-128, a trade only such devices should make; select them explicitly.
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM(0xC0AC, KeyExchange.ECDHE_ECDSA, Aead.AES_128_CCM, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_CCM(0xC0AD, KeyExchange.ECDHE_ECDSA, Aead.AES_256_CCM, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8(0xC0AE, KeyExchange.ECDHE_ECDSA, Aead.AES_128_CCM_8, PrfHash.SHA256),
    TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8(0xC0AF, KeyExchange.ECDHE_ECDSA, Aead.AES_256_CCM_8, PrfHash.SHA256),
    // RFC 4279 PSK with the AEADs of RFC 6655 (CCM) and RFC 5487 (GCM)
    TLS_PSK_WITH_AES_128_GCM_SHA256(0x00A8, KeyExchange.PSK, Aead.AES_128_GCM, PrfHash.SHA256),
    TLS_PSK_WITH_AES_128_CCM(0xC0A4, KeyExchange.PSK, Aead.AES_128_CCM, PrfHash.SHA256),
    TLS_PSK_WITH_AES_128_CCM_8(0xC0A8, KeyExchange.PSK, Aead.AES_128_CCM_8, PrfHash.SHA256),
    TLS_PSK_WITH_AES_256_CCM_8(0xC0A9, KeyExchange.PSK, Aead.AES_256_CCM_8, PrfHash.SHA256),
    // RFC 5489 ECDHE_PSK with the AEADs of RFC 8442 (GCM, CCM) and RFC 7905 (ChaCha20-Poly1305)
    TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256(0xD001, KeyExchange.ECDHE_PSK, Aead.AES_128_GCM, PrfHash.SHA256),
    TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256(0xCCAC, KeyExchange.ECDHE_PSK, Aead.CHACHA20_POLY1305, PrfHash.SHA256),
    TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256(0xD003, KeyExchange.ECDHE_PSK, Aead.AES_128_CCM_8, PrfHash.SHA256);

    /** How the premaster secret is agreed and the server authenticated. */
    public enum KeyExchange {
        ECDHE_ECDSA(true), ECDHE_RSA(true),
        /** RFC 4279 §2: the pre-shared key alone. */
        PSK(false),
        /** RFC 5489 §2: ECDHE, with the pre-shared key mixed into the premaster secret; no signatures. */
        ECDHE_PSK(false);

        private final boolean certificates;

        KeyExchange(boolean certificates) {
            this.certificates = certificates;
        }

        /** Whether the server authenticates with a certificate (or raw public key) and signs its key exchange. */
        public boolean certificates() {
            return certificates;
        }

        /** Whether a pre-shared key authenticates the handshake (RFC 4279, RFC 5489). */
        public boolean psk() {
            return !certificates;
        }
    }

    /** The record protection algorithm. */
    public enum Aead {
        /** RFC 5288: 4-byte salt from the key block, 8-byte explicit nonce in each record. */
        AES_128_GCM(16, 4, 8, 16),
        AES_256_GCM(32, 4, 8, 16),
        /** RFC 7905: 12-byte IV from the key block, XORed with the padded sequence number; no explicit nonce. */
        CHACHA20_POLY1305(32, 12, 0, 16),
        /** RFC 6655 §3: nonce as for AES-GCM (4-byte salt + 8-byte explicit nonce), 16-byte tag. */
        AES_128_CCM(16, 4, 8, 16),
        AES_256_CCM(32, 4, 8, 16),
        /** RFC 6655 §4: CCM with an 8-byte tag, meant for constrained devices (RFC 7925 §4.3). */
        AES_128_CCM_8(16, 4, 8, 8),
        AES_256_CCM_8(32, 4, 8, 8);

        public final int keyLength;
        public final int fixedIvLength;
        public final int recordIvLength;
        public final int tagLength;

        Aead(int keyLength, int fixedIvLength, int recordIvLength, int tagLength) {
            this.keyLength = keyLength;
            this.fixedIvLength = fixedIvLength;
            this.recordIvLength = recordIvLength;
            this.tagLength = tagLength;
        }

        /** Whether this is AES-CCM (RFC 3610) with either tag length. */
        public boolean isCcm() {
            return this == AES_128_CCM || this == AES_256_CCM || this == AES_128_CCM_8 || this == AES_256_CCM_8;
        }

        /** Bytes a record grows by when protected: explicit nonce plus tag. */
        public int expansion() {
            return recordIvLength + tagLength;
        }
    }

    /** The hash of the PRF (RFC 5246 §5) and of the handshake transcript. */
    public enum PrfHash {
        SHA256("SHA-256", "HmacSHA256", 32),
        SHA384("SHA-384", "HmacSHA384", 48);

        public final String digestAlgorithm;
        public final String hmacAlgorithm;
        public final int length;

        PrfHash(String digestAlgorithm, String hmacAlgorithm, int length) {
            this.digestAlgorithm = digestAlgorithm;
            this.hmacAlgorithm = hmacAlgorithm;
            this.length = length;
        }
    }

    private final int id;
    private final KeyExchange keyExchange;
    private final Aead aead;
    private final PrfHash prfHash;

    CipherSuite(int id, KeyExchange keyExchange, Aead aead, PrfHash prfHash) {
        this.id = id;
        this.keyExchange = keyExchange;
        this.aead = aead;
        this.prfHash = prfHash;
    }

    public int id() {
        return id;
    }

    public KeyExchange keyExchange() {
        return keyExchange;
    }

    public Aead aead() {
        return aead;
    }

    public PrfHash prfHash() {
        return prfHash;
    }

    /** The suite with this IANA code point, or null when dtls4j does not implement it. */
    public static CipherSuite fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        return null;
    }

    /** The OpenSSL name of this suite, e.g. {@code ECDHE-ECDSA-AES128-GCM-SHA256}. */
    public String openSslName() {
        switch (this) {
            case TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: return "ECDHE-ECDSA-AES128-GCM-SHA256";
            case TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: return "ECDHE-ECDSA-AES256-GCM-SHA384";
            case TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: return "ECDHE-ECDSA-CHACHA20-POLY1305";
            case TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: return "ECDHE-RSA-AES128-GCM-SHA256";
            case TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: return "ECDHE-RSA-AES256-GCM-SHA384";
            case TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: return "ECDHE-RSA-CHACHA20-POLY1305";
            case TLS_ECDHE_ECDSA_WITH_AES_128_CCM: return "ECDHE-ECDSA-AES128-CCM";
            case TLS_ECDHE_ECDSA_WITH_AES_256_CCM: return "ECDHE-ECDSA-AES256-CCM";
            case TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8: return "ECDHE-ECDSA-AES128-CCM8";
            case TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8: return "ECDHE-ECDSA-AES256-CCM8";
            case TLS_PSK_WITH_AES_128_GCM_SHA256: return "PSK-AES128-GCM-SHA256";
            case TLS_PSK_WITH_AES_128_CCM: return "PSK-AES128-CCM";
            case TLS_PSK_WITH_AES_128_CCM_8: return "PSK-AES128-CCM8";
            case TLS_PSK_WITH_AES_256_CCM_8: return "PSK-AES256-CCM8";
            // OpenSSL has no name for the RFC 8442 suites; these follow its pattern
            case TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256: return "ECDHE-PSK-AES128-GCM-SHA256";
            case TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256: return "ECDHE-PSK-CHACHA20-POLY1305";
            case TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256: return "ECDHE-PSK-AES128-CCM8-SHA256";
            default: throw new AssertionError(this);
        }
    }
}
