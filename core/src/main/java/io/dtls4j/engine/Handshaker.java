package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.credentials.PeerContext;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.crypto.KeyBlock;
import io.dtls4j.crypto.Prf;
import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.CertificateMessage;
import io.dtls4j.handshake.message.CertificateType;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.handshake.message.RawPublicKeyCertificate;
import io.dtls4j.wire.DecodeException;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What the client and server handshakes share: randoms, the transcript, the negotiated parameters,
 * key derivation (RFC 5246 §8.1, RFC 7627 §4, §6.3) and the Finished computation (§7.4.9).
 */
abstract class Handshaker {
    /** Length of Finished.verify_data for every suite dtls4j implements (RFC 5246 §7.4.9). */
    static final int VERIFY_DATA_LENGTH = 12;

    final DtlsEngine engine;
    final DtlsConfig config;
    final HandshakeTranscript transcript = new HandshakeTranscript();

    byte[] clientRandom;
    byte[] serverRandom;
    CipherSuite suite;
    NamedGroup group;
    boolean extendedMasterSecret;
    byte[] masterSecret;
    List<X509Certificate> peerChain = List.of();
    /** The key the peer authenticated with: its leaf certificate's or its raw public key. */
    PublicKey peerPublicKey;
    SignatureScheme peerSignatureScheme;
    /** Certificate types in use (RFC 7250): what the peer sends, and what we send. */
    int peerCertificateType = CertificateType.X509;
    int ourCertificateType = CertificateType.X509;
    int nextSendSeq;

    Handshaker(DtlsEngine engine, DtlsConfig config) {
        this.engine = engine;
        this.config = config;
    }

    /** A client sends its first flight; a server does nothing. */
    abstract void start(long now) throws DtlsException;

    /** True while the handshake waits for the peer's ChangeCipherSpec: the next message (Finished) must wait. */
    abstract boolean awaitingChangeCipherSpec();

    /** The awaited ChangeCipherSpec arrived: the next message is the peer's Finished, under the new keys. */
    abstract void changeCipherSpecArrived();

    /** Processes the next in-order handshake message from the peer (already decoded from fragments). */
    abstract void handle(HandshakeMessage message, long now) throws DtlsException, DecodeException;

    final boolean readyForMessage() {
        return !awaitingChangeCipherSpec();
    }

    /** Processes one message; one that does not decode ends the handshake with its decoder's alert. */
    final void onMessage(HandshakeMessage message, long now) throws DtlsException {
        try {
            handle(message, now);
        } catch (DecodeException e) {
            throw new DtlsException(e.alert(), "malformed " + HandshakeType.name(message.type()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The peer's ChangeCipherSpec (a record, not a handshake message). Returns false when it was not
     * awaited and is ignored: RFC 5246 §7.1 (the early-CCS attack) forbids acting on it before the
     * key exchange is done, and under datagram reordering it may simply have overtaken its flight,
     * so it is dropped rather than fatal. A Finished is thus never accepted without one.
     */
    final boolean onChangeCipherSpec() {
        if (!awaitingChangeCipherSpec()) {
            return false;
        }
        changeCipherSpecArrived();
        return true;
    }

    /** What {@link #checkCommonHelloExtensions} found in the peer's hello. */
    record HelloExtensionFacts(boolean renegotiationInfo, boolean pointFormats) {
    }

    /**
     * The hello extensions both sides check alike: extended_master_secret (RFC 7627 §5.1),
     * renegotiation_info on a first handshake (RFC 5746 §3.4, §3.6) and ec_point_formats (RFC 8422
     * §5.1.2). Sets {@link #extendedMasterSecret}.
     */
    final HelloExtensionFacts checkCommonHelloExtensions(Extensions extensions, String peer)
            throws DtlsException, DecodeException {
        byte[] ems = extensions.get(ExtensionType.EXTENDED_MASTER_SECRET);
        if (ems != null && ems.length != 0) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "extended_master_secret extension is not empty");
        }
        extendedMasterSecret = ems != null;
        if (!extendedMasterSecret && config.requireExtendedMasterSecret()) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, peer
                    + " does not support the extended master secret (RFC 7627), which this configuration requires");
        }
        byte[] renegotiation = extensions.get(ExtensionType.RENEGOTIATION_INFO);
        if (renegotiation != null && ExtensionCodecs.parseRenegotiationInfo(renegotiation).length != 0) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "renegotiation_info is not empty on the first handshake");
        }
        byte[] pointFormats = extensions.get(ExtensionType.EC_POINT_FORMATS);
        if (pointFormats != null && !containsByte(ExtensionCodecs.parseEcPointFormats(pointFormats), 0)) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, peer + " does not accept uncompressed points");
        }
        return new HelloExtensionFacts(renegotiation != null, pointFormats != null);
    }

    static boolean containsByte(byte[] values, int value) {
        for (byte v : values) {
            if ((v & 0xFF) == value) {
                return true;
            }
        }
        return false;
    }

    /** A 32-byte hello random from the configured source (RFC 5246 §7.4.1.2; no timestamp: all random). */
    final byte[] newRandom() {
        byte[] random = new byte[32];
        config.random().nextBytes(random);
        return random;
    }

    /** Adds a received message to the transcript. */
    final void received(HandshakeMessage message) {
        transcript.append(message.encodeUnfragmented());
    }

    /** Makes our next message (message_seq assigned here) and adds it to the transcript. */
    final HandshakeMessage outgoing(int type, byte[] body, int epoch) {
        HandshakeMessage message = new HandshakeMessage(type, nextSendSeq++, body, epoch);
        transcript.append(message.encodeUnfragmented());
        return message;
    }

    /** The message must be of {@code type} (else unexpected_message) and arrive in {@code epoch}. */
    static void require(HandshakeMessage message, int type, String name, int epoch) throws DtlsException {
        if (message.type() != type) {
            throw unexpected(message, name);
        }
        expectEpoch(message, epoch);
    }

    static void expectEpoch(HandshakeMessage message, int epoch) throws DtlsException {
        if (message.epoch() != epoch) {
            throw new DtlsException(AlertDescription.UNEXPECTED_MESSAGE,
                    HandshakeType.name(message.type()) + " arrived in epoch " + message.epoch() + ", expected " + epoch);
        }
    }

    static DtlsException unexpected(HandshakeMessage message, String waitingFor) {
        return new DtlsException(AlertDescription.UNEXPECTED_MESSAGE,
                "unexpected " + HandshakeType.name(message.type()) + " while waiting for " + waitingFor);
    }

    /**
     * Derives the master secret and the key block from the premaster secret and installs the epoch-1
     * ciphers of both directions. The transcript must end with ClientKeyExchange (RFC 7627 §3: the
     * session hash covers the messages up to and including it).
     */
    final void deriveKeys(byte[] preMasterSecret, boolean weAreClient) {
        CipherSuite.PrfHash hash = suite.prfHash();
        masterSecret = extendedMasterSecret
                ? Prf.extendedMasterSecret(hash, preMasterSecret, transcript.hash(hash))
                : Prf.masterSecret(hash, preMasterSecret, clientRandom, serverRandom);
        Arrays.fill(preMasterSecret, (byte) 0);
        KeyBlock keys = Prf.keyBlock(suite, masterSecret, clientRandom, serverRandom);
        CipherSuite.Aead aead = suite.aead();
        RecordCipher write = weAreClient
                ? RecordCipher.forEncryption(aead, keys.clientWriteKey(), keys.clientWriteIv())
                : RecordCipher.forEncryption(aead, keys.serverWriteKey(), keys.serverWriteIv());
        RecordCipher read = weAreClient
                ? RecordCipher.forDecryption(aead, keys.serverWriteKey(), keys.serverWriteIv())
                : RecordCipher.forDecryption(aead, keys.clientWriteKey(), keys.clientWriteIv());
        wipe(keys);
        engine.installKeys(write, read);
        if (config.keyLog() != null) {
            // NSS key log format, read by Wireshark
            HexFormat hex = HexFormat.of();
            config.keyLog().accept("CLIENT_RANDOM " + hex.formatHex(clientRandom) + " " + hex.formatHex(masterSecret));
        }
    }

    private static void wipe(KeyBlock keys) {
        Arrays.fill(keys.clientWriteKey(), (byte) 0);
        Arrays.fill(keys.serverWriteKey(), (byte) 0);
        Arrays.fill(keys.clientWriteIv(), (byte) 0);
        Arrays.fill(keys.serverWriteIv(), (byte) 0);
    }

    /** verify_data over the transcript so far (RFC 5246 §7.4.9). */
    final byte[] verifyData(boolean clientFinished) {
        return Prf.verifyData(suite.prfHash(), masterSecret, clientFinished, transcript.hash(suite.prfHash()));
    }

    /** Checks the peer's Finished against the transcript before it (constant-time compare). */
    final void checkFinished(byte[] received, boolean fromClient) throws DtlsException {
        byte[] expected = verifyData(fromClient);
        if (!MessageDigest.isEqual(expected, received)) {
            throw new DtlsException(AlertDescription.DECRYPT_ERROR, "peer's Finished does not verify");
        }
    }

    /** Decodes the DER certificates of a Certificate message. */
    static List<X509Certificate> decodeChain(CertificateMessage message) throws DtlsException {
        List<X509Certificate> chain = new ArrayList<>(message.certificates().size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : message.certificates()) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | ClassCastException e) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE,
                    "peer certificate " + (chain.size() + 1) + " does not decode: " + e.getMessage(), e);
        }
        return chain;
    }

    /** Encodes our chain for a Certificate message. */
    static List<byte[]> encodeChain(List<X509Certificate> chain) {
        List<byte[]> ders = new ArrayList<>(chain.size());
        try {
            for (X509Certificate certificate : chain) {
                ders.add(certificate.getEncoded());
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("our certificate does not encode", e);
        }
        return ders;
    }

    /**
     * Runs the configured verifier on the peer's chain; its refusal ends the handshake with its alert,
     * and the message names the leaf whatever the verifier wrote.
     */
    final void verifyPeer(List<X509Certificate> chain, boolean peerIsServer, String serverName)
            throws DtlsException {
        if (config.peerVerifier() == null) {
            throw new DtlsException(AlertDescription.INTERNAL_ERROR, "no peer verifier configured");
        }
        String leaf = (peerIsServer ? "server" : "client") + " certificate " + PeerDescriptions.subject(chain.get(0));
        try {
            config.peerVerifier().verify(chain, new PeerContext(peerIsServer, serverName, config.wallClock().millis()));
        } catch (PeerVerificationException e) {
            AlertDescription alert = e.alert() != null ? e.alert() : AlertDescription.BAD_CERTIFICATE;
            throw new DtlsException(alert, leaf + " rejected: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DtlsException(AlertDescription.INTERNAL_ERROR, "peer verifier failed on " + leaf + ": " + e, e);
        }
    }

    /** What the peer authenticated with, for messages: "server certificate CN=…" or "client raw public key (EC)". */
    final String peerIdentity(boolean peerIsServer) {
        return (peerIsServer ? "server " : "client ") + PeerDescriptions.identity(peerChain, peerPublicKey);
    }

    final SessionInfo sessionInfo() {
        return new SessionInfo("DTLSv1.2", suite, group, peerSignatureScheme, peerChain, extendedMasterSecret, peerPublicKey);
    }

    /** Whether we have an identity of this certificate type. */
    final boolean hasIdentity(int certificateType) {
        return certificateType == CertificateType.RAW_PUBLIC_KEY ? config.rawKeyPair() != null : config.certifiedKey() != null;
    }

    /** Whether we can authenticate a peer that presents this certificate type. */
    final boolean accepts(int certificateType) {
        return certificateType == CertificateType.RAW_PUBLIC_KEY ? config.rawPublicKeyVerifier() != null : config.peerVerifier() != null;
    }

    /** Our signing key for the certificate type in use. */
    final PrivateKey ourPrivateKey() {
        return ourCertificateType == CertificateType.RAW_PUBLIC_KEY
                ? config.rawKeyPair().privateKey() : config.certifiedKey().privateKey();
    }

    /** The body of our Certificate message for the certificate type in use. */
    final byte[] ourCertificateBody() {
        return ourCertificateType == CertificateType.RAW_PUBLIC_KEY
                ? new RawPublicKeyCertificate(config.rawKeyPair().publicKey().getEncoded()).encode()
                : new CertificateMessage(encodeChain(config.certifiedKey().chain())).encode();
    }

    /**
     * Decodes and authenticates the peer's Certificate message of the negotiated type. Returns false
     * for an empty X.509 list (a client without certificate). {@code requiredKind}, when not null, is
     * the key kind the cipher suite needs.
     */
    final boolean acceptPeerCertificate(byte[] body, boolean peerIsServer, String serverName,
                                        CipherSuite.KeyExchange requiredKind) throws DtlsException, DecodeException {
        List<X509Certificate> chain = List.of();
        PublicKey key;
        if (peerCertificateType == CertificateType.RAW_PUBLIC_KEY) {
            key = decodePublicKey(RawPublicKeyCertificate.decode(body).subjectPublicKeyInfo());
        } else {
            chain = decodeChain(CertificateMessage.decode(body));
            if (chain.isEmpty()) {
                return false;
            }
            key = chain.get(0).getPublicKey();
        }
        CipherSuite.KeyExchange kind = KeyKinds.keyExchangeFor(key);
        if (kind == null || (requiredKind != null && kind != requiredKind)) {
            throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, (peerIsServer ? "server " : "client ")
                    + PeerDescriptions.identity(chain, key) + " has a " + key.getAlgorithm() + " key, which does not fit "
                    + (requiredKind != null ? suite.toString() : "any supported signature"));
        }
        if (peerCertificateType == CertificateType.RAW_PUBLIC_KEY) {
            verifyRawPublicKey(key, peerIsServer, serverName);
        } else {
            CertificateSignatures.check(chain, config.certificateSignatureSchemes(), peerIsServer ? "server" : "client");
            verifyPeer(chain, peerIsServer, serverName);
        }
        peerChain = List.copyOf(chain);
        peerPublicKey = key;
        return true;
    }

    /** Decodes a DER SubjectPublicKeyInfo into a key of one of the kinds dtls4j signs with. */
    static PublicKey decodePublicKey(byte[] subjectPublicKeyInfo) throws DtlsException {
        for (String algorithm : new String[] {"EC", "Ed25519", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this kind: try the next
            }
        }
        throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, "raw public key is not an EC, Ed25519 or RSA key");
    }

    private void verifyRawPublicKey(PublicKey key, boolean peerIsServer, String serverName) throws DtlsException {
        try {
            config.rawPublicKeyVerifier().verify(key, new PeerContext(peerIsServer, serverName, config.wallClock().millis()));
        } catch (PeerVerificationException e) {
            AlertDescription alert = e.alert() != null ? e.alert() : AlertDescription.BAD_CERTIFICATE;
            throw new DtlsException(alert, (peerIsServer ? "server " : "client ")
                    + PeerDescriptions.identity(List.of(), key) + " rejected: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DtlsException(AlertDescription.INTERNAL_ERROR, "raw public key verifier failed: " + e, e);
        }
    }


    /** The master secret, for the exporter; null before keys exist. */
    final byte[] masterSecret() {
        return masterSecret;
    }

    /** Forgets secrets and the transcript once the handshake is over or failed. */
    void destroy() {
        transcript.release();
        if (masterSecret != null) {
            Arrays.fill(masterSecret, (byte) 0);
        }
    }
}
