package io.dtls4j.config;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskClientCallback;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.credentials.PeerVerifier;
import io.dtls4j.credentials.RawKeyPair;
import io.dtls4j.credentials.RawPublicKeyVerifier;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Immutable settings for DTLS engines. One instance may be shared by any number of engines and
 * threads. Made with {@link #builder()}; every setting has a safe default except the credentials
 * and the peer verifier, which depend on the role. It holds settings only: live state such as the
 * cookie secret belongs to the server that owns it ({@code CookieGate}).
 */
public final class DtlsConfig {
    /** Default maximum UDP payload we send: safe for IPv6 minimum MTU paths with room for headers. */
    public static final int DEFAULT_MTU = 1200;

    private final List<CipherSuite> cipherSuites;
    private final List<NamedGroup> namedGroups;
    private final List<SignatureScheme> signatureSchemes;
    private final List<SignatureScheme> certificateSignatureSchemes;
    private final CertifiedKey certifiedKey;
    private final PeerVerifier peerVerifier;
    private final RawKeyPair rawKeyPair;
    private final RawPublicKeyVerifier rawPublicKeyVerifier;
    private final ClientAuth clientAuth;
    private final boolean cookieExchange;
    private final boolean requireExtendedMasterSecret;
    private final boolean sessionTickets;
    private final int mtu;
    private final long initialRetransmitMillis;
    private final long maxRetransmitMillis;
    private final int maxRetransmissions;
    private final int maxHandshakeMessageSize;
    private final int maxBufferedHandshakeBytes;
    private final int replayWindowSize;
    private final SecureRandom random;
    private final Consumer<String> keyLog;
    private final Clock wallClock;
    private final List<SrtpProfile> srtpProfiles;
    private final boolean requireSrtp;
    private final byte[] srtpMki;
    private final boolean acceptSrtpMki;
    private final List<String> applicationProtocols;
    private final ApplicationProtocolSelector applicationProtocolSelector;
    private final boolean requireApplicationProtocol;
    private final PskKeyStore pskKeyStore;
    private final String pskIdentityHint;
    private final PskClientCallback pskClient;
    private final boolean rejectUnknownPskIdentity;
    private final int connectionIdLength;
    private final ConnectionIdGenerator connectionIdGenerator;
    private final int recordSizeLimit;
    private final EphemeralKeySource ephemeralKeys;
    /** Whether the application chose {@link #ephemeralKeys} (rather than a transport or the default). */
    private final boolean ephemeralKeysChosen;
    private final Executor cryptoExecutor;
    /** Whether the application chose {@link #cryptoExecutor} (rather than a transport or the default). */
    private final boolean cryptoExecutorChosen;

    private DtlsConfig(Builder b) {
        this.cipherSuites = b.cipherSuitesSet || (b.pskKeyStore == null && b.pskClient == null)
                ? List.copyOf(b.cipherSuites) : Builder.withPskSuites(b.cipherSuites);
        this.pskKeyStore = b.pskKeyStore;
        this.pskIdentityHint = b.pskIdentityHint;
        this.pskClient = b.pskClient;
        this.rejectUnknownPskIdentity = b.rejectUnknownPskIdentity;
        this.namedGroups = List.copyOf(b.namedGroups);
        this.signatureSchemes = List.copyOf(b.signatureSchemes);
        this.certificateSignatureSchemes = b.certificateSignatureSchemes != null
                ? List.copyOf(b.certificateSignatureSchemes) : this.signatureSchemes;
        this.certifiedKey = b.certifiedKey;
        this.peerVerifier = b.peerVerifier;
        this.rawKeyPair = b.rawKeyPair;
        this.rawPublicKeyVerifier = b.rawPublicKeyVerifier;
        this.clientAuth = b.clientAuth;
        this.cookieExchange = b.cookieExchange;
        this.requireExtendedMasterSecret = b.requireExtendedMasterSecret;
        this.sessionTickets = b.sessionTickets;
        this.mtu = b.mtu;
        this.initialRetransmitMillis = b.initialRetransmitMillis;
        this.maxRetransmitMillis = b.maxRetransmitMillis;
        this.maxRetransmissions = b.maxRetransmissions;
        this.maxHandshakeMessageSize = b.maxHandshakeMessageSize;
        this.maxBufferedHandshakeBytes = b.maxBufferedHandshakeBytes;
        this.replayWindowSize = b.replayWindowSize;
        this.random = b.random != null ? b.random : new SecureRandom();
        this.keyLog = b.keyLog;
        this.wallClock = b.wallClock;
        this.srtpProfiles = List.copyOf(b.srtpProfiles);
        this.requireSrtp = b.requireSrtp;
        this.srtpMki = b.srtpMki.clone();
        this.acceptSrtpMki = b.acceptSrtpMki;
        this.applicationProtocols = List.copyOf(b.applicationProtocols);
        this.applicationProtocolSelector = b.applicationProtocolSelector;
        this.requireApplicationProtocol = b.requireApplicationProtocol;
        this.connectionIdLength = b.connectionIdLength;
        this.connectionIdGenerator = b.connectionIdGenerator;
        this.recordSizeLimit = b.recordSizeLimit;
        this.ephemeralKeys = b.ephemeralKeys;
        this.ephemeralKeysChosen = b.ephemeralKeysChosen;
        this.cryptoExecutor = b.cryptoExecutor;
        this.cryptoExecutorChosen = b.cryptoExecutorChosen;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Suites in preference order (the server's order decides when this config is a server's). */
    public List<CipherSuite> cipherSuites() {
        return cipherSuites;
    }

    /** ECDHE groups in preference order. */
    public List<NamedGroup> namedGroups() {
        return namedGroups;
    }

    /** Signature schemes we accept from the peer and may use ourselves, in preference order. */
    public List<SignatureScheme> signatureSchemes() {
        return signatureSchemes;
    }

    /**
     * Signature algorithms we accept on the certificates of the peer's chain (self-signed ones
     * excepted, RFC 8446 §4.2.3); the client sends them as signature_algorithms_cert. The same as
     * {@link #signatureSchemes()} unless set apart.
     */
    public List<SignatureScheme> certificateSignatureSchemes() {
        return certificateSignatureSchemes;
    }

    /** Our certificate chain and key, or null (a client without a certificate). */
    public CertifiedKey certifiedKey() {
        return certifiedKey;
    }

    /** Checks the peer's certificate chain; required for clients and for servers that request certificates. */
    public PeerVerifier peerVerifier() {
        return peerVerifier;
    }

    /** Our raw public key identity (RFC 7250), or null. */
    public RawKeyPair rawKeyPair() {
        return rawKeyPair;
    }

    /** Trust for peers that present raw public keys (RFC 7250); null means such peers are not accepted. */
    public RawPublicKeyVerifier rawPublicKeyVerifier() {
        return rawPublicKeyVerifier;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** Server: answer ClientHellos without a valid cookie with HelloVerifyRequest (RFC 6347 §4.2.1). */
    public boolean cookieExchange() {
        return cookieExchange;
    }

    /** Refuse peers that do not negotiate extended_master_secret (RFC 7627). */
    public boolean requireExtendedMasterSecret() {
        return requireExtendedMasterSecret;
    }

    /**
     * Client: whether it asks for session tickets (RFC 5077 §3.2, the SessionTicket extension) and
     * offers a session's ticket to resume it. A server issues tickets when its engine has a ticket key
     * ring, whatever this says.
     */
    public boolean sessionTickets() {
        return sessionTickets;
    }

    /** Largest datagram (UDP payload) we send. */
    public int mtu() {
        return mtu;
    }

    public long initialRetransmitMillis() {
        return initialRetransmitMillis;
    }

    public long maxRetransmitMillis() {
        return maxRetransmitMillis;
    }

    /** Retransmissions of one flight before the handshake fails with a timeout. */
    public int maxRetransmissions() {
        return maxRetransmissions;
    }

    public int maxHandshakeMessageSize() {
        return maxHandshakeMessageSize;
    }

    public int maxBufferedHandshakeBytes() {
        return maxBufferedHandshakeBytes;
    }

    public int replayWindowSize() {
        return replayWindowSize;
    }

    public SecureRandom random() {
        return random;
    }

    /** Server: the pre-shared keys clients may name (RFC 4279), or null when this server has none. */
    public PskKeyStore pskKeyStore() {
        return pskKeyStore;
    }

    /** Server: the psk_identity_hint it sends (RFC 4279 §2), or null for none. */
    public String pskIdentityHint() {
        return pskIdentityHint;
    }

    /** Client: chooses the identity and key for a server's hint, or null when this client has no PSK. */
    public PskClientCallback pskClient() {
        return pskClient;
    }

    /**
     * Server: answer an identity the key store declines with unknown_psk_identity (true), or (false,
     * the default) go on with a random key so that the handshake fails with decrypt_error at Finished,
     * like a wrong key, and clients cannot probe which identities exist (RFC 4279 §2 allows both).
     */
    public boolean rejectUnknownPskIdentity() {
        return rejectUnknownPskIdentity;
    }

    /** Receives NSS key log lines ({@code CLIENT_RANDOM <hex> <hex>}), or null. */
    public Consumer<String> keyLog() {
        return keyLog;
    }

    /**
     * The calendar clock used only to date certificate checks ({@link io.dtls4j.credentials.PeerContext#nowMillis()}).
     * Engine timers never read it: they run on the {@code now} the caller passes, which may be a
     * monotonic count. Tests inject a fixed clock.
     */
    public Clock wallClock() {
        return wallClock;
    }

    /**
     * DTLS-SRTP protection profiles (RFC 5764 §4.1.2): a client offers them in this order, a server
     * picks the first of them that the client offered. Empty (the default): use_srtp is neither
     * offered nor answered.
     */
    public List<SrtpProfile> srtpProfiles() {
        return srtpProfiles;
    }

    /** The handshake fails unless an SRTP profile is negotiated (otherwise plain DTLS is accepted). */
    public boolean requireSrtp() {
        return requireSrtp;
    }

    /** Client: the srtp_mki it offers (RFC 5764 §4.1.3); empty (the default) for none. A copy. */
    public byte[] srtpMki() {
        return srtpMki.clone();
    }

    /** Server: echo the client's srtp_mki (it will use MKIs) rather than answer with an empty one. */
    public boolean acceptSrtpMki() {
        return acceptSrtpMki;
    }

    /**
     * ALPN protocol names (RFC 7301): a client offers them in this order; a server without a
     * {@link #applicationProtocolSelector()} picks the first of them that the client offered. Empty
     * (the default): ALPN is neither offered nor answered.
     */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /** Server: chooses the application protocol instead of {@link #applicationProtocols()}, or null. */
    public ApplicationProtocolSelector applicationProtocolSelector() {
        return applicationProtocolSelector;
    }

    /**
     * The handshake fails with no_application_protocol unless an application protocol is
     * negotiated (RFC 7301 §3.2); otherwise a server without a common protocol omits ALPN.
     */
    public boolean requireApplicationProtocol() {
        return requireApplicationProtocol;
    }

    /**
     * The length of the connection ID we ask the peer to write in the records it sends us (RFC 9146
     * §3), or -1 when this side does not negotiate connection IDs (the default). 0 takes part with an
     * empty CID: the peer may still ask us to send one, while its records to us carry none.
     */
    public int connectionIdLength() {
        return connectionIdLength;
    }

    /** Whether this side offers (client) or accepts (server) the connection_id extension. */
    public boolean connectionIdEnabled() {
        return connectionIdLength >= 0;
    }

    /** Makes the connection IDs of {@link #connectionIdLength()} bytes we issue; random by default. */
    public ConnectionIdGenerator connectionIdGenerator() {
        return connectionIdGenerator;
    }

    /**
     * The record_size_limit we advertise (RFC 8449 §4): the largest plaintext of a protected record we
     * are willing to receive, in 64..16385; 0 (the default) when not configured. A client offers the
     * extension only when it is configured; a server answers a client's offer always (RFC 8449 §4:
     * endpoints SHOULD advertise it, and the answer tells the client its own limit is respected),
     * with this value or, when not configured, the DTLS 1.2 maximum of 2^14.
     */
    public int recordSizeLimit() {
        return recordSizeLimit;
    }

    /**
     * Where the ECDHE handshakes of engines with this configuration get their ephemeral key pairs:
     * {@link EphemeralKeySource#inline()} unless the application or a transport set another.
     */
    public EphemeralKeySource ephemeralKeys() {
        return ephemeralKeys;
    }

    /** Whether the application set {@link Builder#ephemeralKeys}; false for the default and for {@link #withTransportDefaults}. */
    public boolean ephemeralKeysChosen() {
        return ephemeralKeysChosen;
    }

    /**
     * Where a client's handshake may run its ECDH while the engine's thread checks the
     * ServerKeyExchange signature; null: everything on the engine's thread, in order (the default of
     * a bare engine). DtlsClient sets one unless the application chose ({@link #cryptoExecutorChosen()}).
     */
    public Executor cryptoExecutor() {
        return cryptoExecutor;
    }

    /** Whether the application set {@link Builder#cryptoExecutor}; false for the default and for {@link #withTransportDefaults}. */
    public boolean cryptoExecutorChosen() {
        return cryptoExecutorChosen;
    }

    /**
     * This configuration with what a transport supplies where the application chose nothing: its
     * ephemeral keys from {@code keys} unless the application chose a source
     * ({@link #ephemeralKeysChosen()}), e.g. a {@link PregeneratedEphemeralKeys} pool, and
     * {@code cryptoExecutor} as its {@link #cryptoExecutor()} unless the application chose one
     * ({@link #cryptoExecutorChosen()}) or it is null (a server's transport: server engines use none).
     * An application's choice always stays. Returned unchanged
     * when nothing changes; else one new configuration with every other setting the same (the same
     * {@link #random()} instance), and the two settings still counted as not chosen.
     */
    public DtlsConfig withTransportDefaults(EphemeralKeySource keys, Executor cryptoExecutor) {
        Objects.requireNonNull(keys, "keys");
        boolean newKeys = !ephemeralKeysChosen && keys != ephemeralKeys;
        boolean newExecutor = cryptoExecutor != null && !cryptoExecutorChosen && cryptoExecutor != this.cryptoExecutor;
        if (!newKeys && !newExecutor) {
            return this;
        }
        Builder copy = new Builder(this);
        if (newKeys) {
            copy.ephemeralKeys = keys;
        }
        if (newExecutor) {
            copy.cryptoExecutor = cryptoExecutor;
        }
        return copy.build();
    }

    /**
     * A builder holding every setting of this configuration as it is (the applications' choices
     * among them, such as {@link #ephemeralKeysChosen()}), so that {@code toBuilder().build()} is an
     * equal configuration: for a copy that differs in one setting.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder for {@link DtlsConfig}. Not thread-safe. */
    public static final class Builder {
        private List<CipherSuite> cipherSuites = List.of(
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
        private List<NamedGroup> namedGroups = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1,
                NamedGroup.SECP521R1);
        private List<SignatureScheme> signatureSchemes = List.of(
                SignatureScheme.ECDSA_SECP256R1_SHA256,
                SignatureScheme.ECDSA_SECP384R1_SHA384,
                SignatureScheme.ECDSA_SECP521R1_SHA512,
                SignatureScheme.ED25519,
                SignatureScheme.RSA_PSS_RSAE_SHA256,
                SignatureScheme.RSA_PSS_RSAE_SHA384,
                SignatureScheme.RSA_PSS_RSAE_SHA512,
                SignatureScheme.RSA_PKCS1_SHA256,
                SignatureScheme.RSA_PKCS1_SHA384,
                SignatureScheme.RSA_PKCS1_SHA512);
        private List<SignatureScheme> certificateSignatureSchemes;
        private CertifiedKey certifiedKey;
        private PeerVerifier peerVerifier;
        private RawKeyPair rawKeyPair;
        private RawPublicKeyVerifier rawPublicKeyVerifier;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private boolean cookieExchange = true;
        private boolean requireExtendedMasterSecret = true;
        private boolean sessionTickets = true;
        private int mtu = DEFAULT_MTU;
        private long initialRetransmitMillis = 1000;
        private long maxRetransmitMillis = 60_000;
        private int maxRetransmissions = 6;
        private int maxHandshakeMessageSize = 64 * 1024;
        private int maxBufferedHandshakeBytes = 128 * 1024;
        private int replayWindowSize = 128;
        private SecureRandom random;
        private Consumer<String> keyLog;
        private Clock wallClock = Clock.systemUTC();
        private List<SrtpProfile> srtpProfiles = List.of();
        private boolean requireSrtp;
        private byte[] srtpMki = new byte[0];
        private boolean acceptSrtpMki;
        private List<String> applicationProtocols = List.of();
        private ApplicationProtocolSelector applicationProtocolSelector;
        private boolean requireApplicationProtocol;
        private boolean cipherSuitesSet;
        private PskKeyStore pskKeyStore;
        private String pskIdentityHint;
        private PskClientCallback pskClient;
        private boolean rejectUnknownPskIdentity;
        private int connectionIdLength = -1;
        private ConnectionIdGenerator connectionIdGenerator = ConnectionIdGenerator.random();
        private int recordSizeLimit;
        private EphemeralKeySource ephemeralKeys = EphemeralKeySource.inline();
        private boolean ephemeralKeysChosen;
        private Executor cryptoExecutor;
        private boolean cryptoExecutorChosen;

        /**
         * Added after the default suites when PSK is configured and the suites are not set: forward
         * secret ECDHE_PSK first. The CCM_8 suites of constrained devices (RFC 7925) are left to be
         * chosen explicitly: their 8-byte tag is weaker than the others' 16.
         */
        private static final List<CipherSuite> DEFAULT_PSK_SUITES = List.of(
                CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_PSK_WITH_AES_128_CCM);

        private Builder() {
        }

        /**
         * A builder holding the settings of {@code c} as they are, derived ones included (the
         * cipher suites with any PSK suites added, the certificate signature schemes), so that
         * building it gives an equal configuration. Every field of the configuration is copied here;
         * DtlsConfigEphemeralKeysTest checks that none is forgotten.
         */
        private Builder(DtlsConfig c) {
            this.cipherSuites = c.cipherSuites;
            this.cipherSuitesSet = true;
            this.namedGroups = c.namedGroups;
            this.signatureSchemes = c.signatureSchemes;
            this.certificateSignatureSchemes = c.certificateSignatureSchemes;
            this.certifiedKey = c.certifiedKey;
            this.peerVerifier = c.peerVerifier;
            this.rawKeyPair = c.rawKeyPair;
            this.rawPublicKeyVerifier = c.rawPublicKeyVerifier;
            this.clientAuth = c.clientAuth;
            this.cookieExchange = c.cookieExchange;
            this.requireExtendedMasterSecret = c.requireExtendedMasterSecret;
            this.sessionTickets = c.sessionTickets;
            this.mtu = c.mtu;
            this.initialRetransmitMillis = c.initialRetransmitMillis;
            this.maxRetransmitMillis = c.maxRetransmitMillis;
            this.maxRetransmissions = c.maxRetransmissions;
            this.maxHandshakeMessageSize = c.maxHandshakeMessageSize;
            this.maxBufferedHandshakeBytes = c.maxBufferedHandshakeBytes;
            this.replayWindowSize = c.replayWindowSize;
            this.random = c.random;
            this.keyLog = c.keyLog;
            this.wallClock = c.wallClock;
            this.srtpProfiles = c.srtpProfiles;
            this.requireSrtp = c.requireSrtp;
            this.srtpMki = c.srtpMki;
            this.acceptSrtpMki = c.acceptSrtpMki;
            this.applicationProtocols = c.applicationProtocols;
            this.applicationProtocolSelector = c.applicationProtocolSelector;
            this.requireApplicationProtocol = c.requireApplicationProtocol;
            this.pskKeyStore = c.pskKeyStore;
            this.pskIdentityHint = c.pskIdentityHint;
            this.pskClient = c.pskClient;
            this.rejectUnknownPskIdentity = c.rejectUnknownPskIdentity;
            this.connectionIdLength = c.connectionIdLength;
            this.connectionIdGenerator = c.connectionIdGenerator;
            this.recordSizeLimit = c.recordSizeLimit;
            this.ephemeralKeys = c.ephemeralKeys;
            this.ephemeralKeysChosen = c.ephemeralKeysChosen;
            this.cryptoExecutor = c.cryptoExecutor;
            this.cryptoExecutorChosen = c.cryptoExecutorChosen;
        }

        private static List<CipherSuite> withPskSuites(List<CipherSuite> suites) {
            List<CipherSuite> all = new java.util.ArrayList<>(suites);
            all.addAll(DEFAULT_PSK_SUITES);
            return List.copyOf(all);
        }

        /**
         * Suites in preference order. Unless set, the default: ECDHE_ECDSA and ECDHE_RSA with AES-GCM
         * and ChaCha20-Poly1305, and when a PSK is configured also ECDHE_PSK and PSK with AES-GCM,
         * ChaCha20-Poly1305 and AES-128-CCM. The CCM_8 suites are never in the default.
         */
        public Builder cipherSuites(List<CipherSuite> suites) {
            this.cipherSuites = nonEmpty(suites, "cipherSuites");
            this.cipherSuitesSet = true;
            return this;
        }

        public Builder cipherSuites(CipherSuite... suites) {
            return cipherSuites(List.of(suites));
        }

        /**
         * ECDHE groups in preference order (default X25519, P-256, P-384, P-521). A client sends
         * them as supported_groups, which in DTLS 1.2 also names the curves it accepts for the
         * server's ECDSA key (RFC 8422 §5.3): a client that narrows the list keeps the curve of the
         * server's certificate in it, or servers (ours, OpenSSL's) refuse with handshake_failure.
         * A server picks the first of its groups that the client listed.
         */
        public Builder namedGroups(List<NamedGroup> groups) {
            this.namedGroups = nonEmpty(groups, "namedGroups");
            return this;
        }

        public Builder namedGroups(NamedGroup... groups) {
            return namedGroups(List.of(groups));
        }

        public Builder signatureSchemes(List<SignatureScheme> schemes) {
            this.signatureSchemes = nonEmpty(schemes, "signatureSchemes");
            return this;
        }

        public Builder signatureSchemes(SignatureScheme... schemes) {
            return signatureSchemes(List.of(schemes));
        }

        /**
         * The signature algorithms accepted on the peer's certificates, when they differ from
         * {@link #signatureSchemes}: a peer chain with a certificate signed otherwise (other than a
         * self-signed one) fails with unsupported_certificate.
         */
        public Builder certificateSignatureSchemes(List<SignatureScheme> schemes) {
            this.certificateSignatureSchemes = nonEmpty(schemes, "certificateSignatureSchemes");
            return this;
        }

        public Builder certificateSignatureSchemes(SignatureScheme... schemes) {
            return certificateSignatureSchemes(List.of(schemes));
        }

        public Builder certifiedKey(CertifiedKey certifiedKey) {
            this.certifiedKey = certifiedKey;
            return this;
        }

        public Builder peerVerifier(PeerVerifier peerVerifier) {
            this.peerVerifier = peerVerifier;
            return this;
        }

        /** Authenticate with a raw public key (RFC 7250) where the peer accepts one; may be set beside a certificate. */
        public Builder rawKeyPair(RawKeyPair rawKeyPair) {
            this.rawKeyPair = rawKeyPair;
            return this;
        }

        /** Accept peers that authenticate with a raw public key (RFC 7250), trusted by this verifier. */
        public Builder rawPublicKeyVerifier(RawPublicKeyVerifier verifier) {
            this.rawPublicKeyVerifier = verifier;
            return this;
        }

        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        public Builder cookieExchange(boolean cookieExchange) {
            this.cookieExchange = cookieExchange;
            return this;
        }

        public Builder requireExtendedMasterSecret(boolean require) {
            this.requireExtendedMasterSecret = require;
            return this;
        }

        /**
         * Client: whether to ask for session tickets and offer them (RFC 5077; default true). False
         * leaves the SessionTicket extension out: a session is then resumed by its ID only.
         */
        public Builder sessionTickets(boolean enabled) {
            this.sessionTickets = enabled;
            return this;
        }

        public Builder mtu(int mtu) {
            if (mtu < 256 || mtu > 65507) {
                throw new IllegalArgumentException("mtu must be between 256 and 65507 bytes: " + mtu);
            }
            this.mtu = mtu;
            return this;
        }

        public Builder retransmitMillis(long initial, long max) {
            if (initial <= 0 || max < initial) {
                throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
            }
            this.initialRetransmitMillis = initial;
            this.maxRetransmitMillis = max;
            return this;
        }

        public Builder maxRetransmissions(int maxRetransmissions) {
            if (maxRetransmissions < 0 || maxRetransmissions > 64) {
                throw new IllegalArgumentException("maxRetransmissions must be 0..64: " + maxRetransmissions);
            }
            this.maxRetransmissions = maxRetransmissions;
            return this;
        }

        public Builder maxHandshakeMessageSize(int bytes) {
            if (bytes < 1024 || bytes > (1 << 24) - 1) {
                throw new IllegalArgumentException("maxHandshakeMessageSize out of range: " + bytes);
            }
            this.maxHandshakeMessageSize = bytes;
            return this;
        }

        public Builder maxBufferedHandshakeBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxBufferedHandshakeBytes too small: " + bytes);
            }
            this.maxBufferedHandshakeBytes = bytes;
            return this;
        }

        public Builder replayWindowSize(int size) {
            if (size < 64 || size > 4096 || size % 64 != 0) {
                throw new IllegalArgumentException("replayWindowSize must be a multiple of 64 in 64..4096: " + size);
            }
            this.replayWindowSize = size;
            return this;
        }

        /** The randomness source for randoms, keys, cookies and nonces; tests inject a seeded one. */
        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** The calendar clock for certificate validity checks (default: the system's UTC clock). */
        public Builder wallClock(Clock wallClock) {
            this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
            return this;
        }

        /**
         * Server: accept PSK (RFC 4279) and ECDHE_PSK (RFC 5489) cipher suites with the keys of this
         * store. A server with a store and no certificate or raw key is PSK-only.
         */
        public Builder pskKeyStore(PskKeyStore store) {
            this.pskKeyStore = store;
            return this;
        }

        /** Server: the psk_identity_hint to send (RFC 4279 §2), or null (the default) to send none. */
        public Builder pskIdentityHint(String hint) {
            if (hint != null && hint.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 0xFFFF) {
                throw new IllegalArgumentException("a PSK identity hint is at most 65535 UTF-8 bytes");
            }
            this.pskIdentityHint = hint;
            return this;
        }

        /** Client: offer PSK suites, with the identity and key {@code callback} chooses for the server's hint. */
        public Builder pskClient(PskClientCallback callback) {
            this.pskClient = callback;
            return this;
        }

        /** Client: offer PSK suites with this one identity and key, whatever the server's hint. */
        public Builder psk(PreSharedKey key) {
            return pskClient(PskClientCallback.of(key));
        }

        /** Server: see {@link DtlsConfig#rejectUnknownPskIdentity()} (default false). */
        public Builder rejectUnknownPskIdentity(boolean reject) {
            this.rejectUnknownPskIdentity = reject;
            return this;
        }

        public Builder keyLog(Consumer<String> keyLog) {
            this.keyLog = keyLog;
            return this;
        }

        /**
         * DTLS-SRTP (RFC 5764): the SRTP protection profiles, in preference order (a client offers
         * them so, a server picks the first of them the client offered). Empty disables use_srtp.
         * Unless {@link #requireSrtp} is set, a handshake without a common profile completes as
         * plain DTLS (RFC 5764 §4.1.1: the server then omits the extension).
         */
        public Builder srtpProfiles(List<SrtpProfile> profiles) {
            Objects.requireNonNull(profiles, "srtpProfiles");
            if (new HashSet<>(profiles).size() != profiles.size()) {
                throw new IllegalArgumentException("srtpProfiles lists a profile twice: " + profiles);
            }
            this.srtpProfiles = List.copyOf(profiles);
            return this;
        }

        public Builder srtpProfiles(SrtpProfile... profiles) {
            return srtpProfiles(List.of(profiles));
        }

        /** Fail the handshake with handshake_failure when no SRTP profile is negotiated (needs {@link #srtpProfiles}). */
        public Builder requireSrtp(boolean require) {
            this.requireSrtp = require;
            return this;
        }

        /**
         * Client: the SRTP Master Key Identifier to offer (RFC 5764 §4.1.3), 0..255 bytes; empty (the
         * default) means no MKI. The server either echoes it or answers with an empty one.
         */
        public Builder srtpMki(byte[] mki) {
            Objects.requireNonNull(mki, "srtpMki");
            if (mki.length > 255) {
                throw new IllegalArgumentException("srtpMki must be at most 255 bytes: " + mki.length);
            }
            this.srtpMki = mki.clone();
            return this;
        }

        /**
         * Server: echo the client's srtp_mki, promising to use it in SRTP packets (RFC 5764 §4.1.3
         * option 1). Default false: answer with an empty srtp_mki (no MKI), as most SRTP stacks expect.
         */
        public Builder acceptSrtpMki(boolean accept) {
            this.acceptSrtpMki = accept;
            return this;
        }

        /**
         * ALPN (RFC 7301): protocol names such as {@code "webrtc"}, {@code "c-webrtc"} or
         * {@code "coap"}, each 1..255 bytes in UTF-8, in preference order. A client offers them; a
         * server picks the first of them the client offered. Empty disables ALPN.
         */
        public Builder applicationProtocols(List<String> protocols) {
            Objects.requireNonNull(protocols, "applicationProtocols");
            int total = 0;
            for (String p : protocols) {
                int length = Objects.requireNonNull(p, "protocol name").getBytes(StandardCharsets.UTF_8).length;
                if (length < 1 || length > 255) {
                    // RFC 7301 §3.1: opaque ProtocolName<1..2^8-1>
                    throw new IllegalArgumentException("ALPN protocol name must be 1..255 bytes: \"" + p + "\"");
                }
                total += 1 + length;
            }
            if (total > 0xFFFF) {
                throw new IllegalArgumentException("ALPN protocol list longer than 65535 bytes");
            }
            if (new HashSet<>(protocols).size() != protocols.size()) {
                throw new IllegalArgumentException("applicationProtocols lists a name twice: " + protocols);
            }
            this.applicationProtocols = List.copyOf(protocols);
            return this;
        }

        public Builder applicationProtocols(String... protocols) {
            return applicationProtocols(List.of(protocols));
        }

        /** Server: choose the application protocol with this callback instead of {@link #applicationProtocols}. */
        public Builder applicationProtocolSelector(ApplicationProtocolSelector selector) {
            this.applicationProtocolSelector = selector;
            return this;
        }

        /**
         * Fail the handshake with no_application_protocol when no application protocol is negotiated
         * (needs {@link #applicationProtocols} or, on a server, a selector).
         */
        public Builder requireApplicationProtocol(boolean require) {
            this.requireApplicationProtocol = require;
            return this;
        }

        /**
         * Negotiate connection IDs (RFC 9146): the peer is asked to write a CID of {@code length} bytes
         * (0 to 255; 0: its records to us carry none, though we still write one if it asks) in the
         * records it sends us, so that they reach this association when its address changes.
         * -1 (the default) leaves the extension out.
         */
        public Builder connectionIdLength(int length) {
            if (length < -1 || length > 255) {
                throw new IllegalArgumentException("connectionIdLength must be 0 to 255 (RFC 9146 §3), or -1 for none: " + length);
            }
            this.connectionIdLength = length;
            return this;
        }

        /** Where our connection IDs come from (e.g. one that embeds a node number); random by default. */
        public Builder connectionIdGenerator(ConnectionIdGenerator generator) {
            this.connectionIdGenerator = Objects.requireNonNull(generator, "connectionIdGenerator");
            return this;
        }

        /**
         * Advertise record_size_limit (RFC 8449): the peer then sends protected records of at most
         * {@code limit} bytes of plaintext, e.g. for a constrained device with a small receive buffer.
         * 64..16385 (RFC 8449 §4: never below 64; 2^14 + 1 is TLS 1.3's maximum, and DTLS 1.2 sends at
         * most its own 2^14); 0 turns the option off (the default). It limits records, not datagrams:
         * the MTU is set apart ({@link #mtu}).
         */
        public Builder recordSizeLimit(int limit) {
            if (limit != 0 && (limit < 64 || limit > 16385)) {
                throw new IllegalArgumentException("recordSizeLimit must be 64..16385 bytes (RFC 8449 §4), or 0 for none: " + limit);
            }
            this.recordSizeLimit = limit;
            return this;
        }

        /**
         * Where ECDHE handshakes get their ephemeral key pairs (default {@link EphemeralKeySource#inline()}:
         * generated when needed, from {@link #random}). A {@link PregeneratedEphemeralKeys} makes them
         * ahead of time on an executor, off the handshake's critical path. DtlsServer and DtlsClient
         * use a pool of their own unless a source is set here; setting {@code EphemeralKeySource.inline()}
         * keeps every key inline (and a seeded {@link #random} then decides them all).
         */
        public Builder ephemeralKeys(EphemeralKeySource source) {
            this.ephemeralKeys = Objects.requireNonNull(source, "ephemeralKeys");
            this.ephemeralKeysChosen = true;
            return this;
        }

        /**
         * Where a client's handshake may run its ECDH while the engine's thread checks the server's
         * ServerKeyExchange signature. With the JDK's providers both take milliseconds, and a
         * handshake's latency drops by the shorter one when a core is idle; under full load the
         * engine's thread runs the agreement itself (an agreement the executor has not started yet
         * is never waited for), so the executor adds latency gains, not capacity. The engine still
         * returns only when both are done, and runs nothing else on the executor. Server engines use
         * none: their keys must exist at ClientKeyExchange, so that records of the client's flight
         * that follow are read (and a flight that skips CertificateVerify is refused at once).
         *
         * <p>Default: none on a bare engine (everything on its thread, in order, so tests stay
         * deterministic); DtlsClient uses a small thread pool of its own unless one is set here.
         * {@code Runnable::run} keeps everything on the engine's thread.
         */
        public Builder cryptoExecutor(Executor executor) {
            this.cryptoExecutor = Objects.requireNonNull(executor, "cryptoExecutor");
            this.cryptoExecutorChosen = true;
            return this;
        }

        public DtlsConfig build() {
            if (maxBufferedHandshakeBytes < maxHandshakeMessageSize) {
                throw new IllegalArgumentException("maxBufferedHandshakeBytes must be at least maxHandshakeMessageSize");
            }
            if (requireSrtp && srtpProfiles.isEmpty()) {
                throw new IllegalArgumentException("requireSrtp needs at least one SRTP profile (srtpProfiles)");
            }
            if (requireApplicationProtocol && applicationProtocols.isEmpty() && applicationProtocolSelector == null) {
                throw new IllegalArgumentException(
                        "requireApplicationProtocol needs applicationProtocols or an applicationProtocolSelector");
            }
            return new DtlsConfig(this);
        }

        private static <T> List<T> nonEmpty(List<T> list, String what) {
            Objects.requireNonNull(list, what);
            if (list.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return List.copyOf(list);
        }
    }
}
