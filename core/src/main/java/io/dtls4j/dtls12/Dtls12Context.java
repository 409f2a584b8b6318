package io.dtls4j.dtls12;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.auth.AuthenticatedPeer;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.crypto.KeyBlock;
import io.dtls4j.crypto.Prf;
import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.handshake.EpochKeys;
import io.dtls4j.handshake.Flight;
import io.dtls4j.handshake.HandshakeOutput;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeTranscript;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.extension.HelloExtensions;
import io.dtls4j.handshake.extension.HelloNegotiation;
import io.dtls4j.handshake.message.Finished;
import io.dtls4j.handshake.message.NewSessionTicket;
import io.dtls4j.record.ContentType;
import io.dtls4j.record.Dtls12CidRecordFormat;
import io.dtls4j.record.Dtls12RecordFormat;
import io.dtls4j.record.RecordFormat;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.ResumptionPolicy;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.wire.DecodeException;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What the states of one DTLS 1.2 handshake share: randoms, the transcript, what was negotiated,
 * key derivation (RFC 5246 §8.1, RFC 7627 §4, §6.3) and the Finished computation (§7.4.9). The
 * states read and fill it; only the current state acts on it.
 */
final class Dtls12Context {
    /** Length of Finished.verify_data for every suite dtls4j implements (RFC 5246 §7.4.9). */
    static final int VERIFY_DATA_LENGTH = 12;
    /** The epoch the negotiated keys protect: dtls4j never renegotiates, so there is only one. */
    static final int NEGOTIATED_EPOCH = 1;
    /** RFC 5246 §7.1: the ChangeCipherSpec message is the single byte 1. */
    private static final byte[] CHANGE_CIPHER_SPEC_CONTENT = {1};

    final DtlsConfig config;
    final boolean client;
    final HandshakeTranscript transcript = new HandshakeTranscript();
    final HelloExtensions extensions = HelloExtensions.dtls12();
    final HelloNegotiation negotiation;

    byte[] clientRandom;
    byte[] serverRandom;
    CipherSuite suite;
    NamedGroup group;
    byte[] masterSecret;
    /** The authenticated peer, or null while unknown (or a client that sent no certificate). */
    AuthenticatedPeer peer;
    SignatureScheme peerSignatureScheme;
    /** The PSK identity of a PSK or ECDHE_PSK handshake, once the client has named it; else null. */
    String pskIdentity;
    int nextSendSeq;
    /** Server: where sessions are kept for resumption, or null when this server resumes none. */
    final SessionCache sessionCache;
    /** Server: the keys of its session tickets (RFC 5077), or null when it issues none. */
    final TicketKeyRing ticketKeyRing;
    /** Server: asked before any session is resumed; null on a client. */
    final ResumptionPolicy resumptionPolicy;
    /** Client: the session it offers to resume, or null. */
    final ResumableSession offered;
    /** The session this handshake resumes (the abbreviated handshake), or null for a full handshake. */
    ResumableSession resumed;
    /** The session_id of the ServerHello: the new session's name, or empty when it cannot be resumed. */
    byte[] sessionId = new byte[0];
    /** Once complete: the session a later handshake may resume, or null. */
    ResumableSession established;
    /** Client: the session_id its ClientHello sent; the server echoes it when it resumes (RFC 5077 §3.4). */
    byte[] offeredSessionId = new byte[0];
    /** Server: the session being resumed came from a ticket sealed under an older key, so a fresh one is issued. */
    boolean renewTicket;
    /** Client: the NewSessionTicket the server sent (its ticket may be empty), or null. */
    NewSessionTicket receivedTicket;
    /** Client: when {@link #receivedTicket} arrived. */
    long ticketReceivedAt;

    Dtls12Context(DtlsConfig config, boolean client, String serverName, SessionCache sessionCache, TicketKeyRing ticketKeyRing,
                  ResumptionPolicy resumptionPolicy, ResumableSession offered) {
        this.config = config;
        this.client = client;
        this.negotiation = new HelloNegotiation(config, client, serverName);
        this.sessionCache = sessionCache;
        this.ticketKeyRing = ticketKeyRing;
        this.resumptionPolicy = resumptionPolicy;
        this.offered = offered;
    }

    /** The certificate type the peer authenticates with (RFC 7250). */
    int peerCertificateType() {
        return client ? negotiation.serverCertificateType : negotiation.clientCertificateType;
    }

    /** The certificate type we authenticate with (RFC 7250). */
    int ourCertificateType() {
        return client ? negotiation.clientCertificateType : negotiation.serverCertificateType;
    }

    /** A 32-byte hello random from the configured source (RFC 5246 §7.4.1.2; no timestamp: all random). */
    byte[] newRandom() {
        byte[] random = new byte[32];
        config.random().nextBytes(random);
        return random;
    }

    /** Adds a received message to the transcript. */
    void received(HandshakeMessage message) {
        transcript.append(message.encodeUnfragmented());
    }

    /** Makes our next message (message_seq assigned here) and adds it to the transcript. */
    HandshakeMessage outgoing(int type, byte[] body, int epoch) {
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
     * Derives the master secret and the key block from the premaster secret (which it wipes) and
     * returns the epoch-1 keys of both directions. The transcript must end with ClientKeyExchange
     * (RFC 7627 §3: the session hash covers the messages up to and including it).
     */
    EpochKeys deriveKeys(byte[] preMasterSecret) {
        CipherSuite.PrfHash hash = suite.prfHash();
        masterSecret = negotiation.extendedMasterSecret
                ? Prf.extendedMasterSecret(hash, preMasterSecret, transcript.hash(hash))
                : Prf.masterSecret(hash, preMasterSecret, clientRandom, serverRandom);
        Arrays.fill(preMasterSecret, (byte) 0);
        return withRecordSizeLimits(keysFromMasterSecret());
    }

    /**
     * The abbreviated handshake (RFC 5246 §7.3, Figure 2 of RFC 6347): the master secret is the resumed
     * session's, the key block comes from it with this handshake's randoms (RFC 5246 §6.3).
     */
    EpochKeys resumeKeys(ResumableSession session) {
        resumed = session;
        masterSecret = session.masterSecret();
        return withRecordSizeLimits(keysFromMasterSecret());
    }

    /**
     * The keys with this handshake's record_size_limit, when it was negotiated (RFC 8449 §4: the
     * limits of the handshake that produced the keys; a resumption negotiates them anew).
     */
    private EpochKeys withRecordSizeLimits(EpochKeys keys) {
        if (negotiation.peerRecordSizeLimit == 0) {
            return keys;
        }
        return keys.withRecordSizeLimits(negotiation.peerRecordSizeLimit, negotiation.ownRecordSizeLimit);
    }

    private EpochKeys keysFromMasterSecret() {
        KeyBlock keys = Prf.keyBlock(suite, masterSecret, clientRandom, serverRandom);
        CipherSuite.Aead aead = suite.aead();
        RecordCipher write = client
                ? RecordCipher.forEncryption(aead, keys.clientWriteKey(), keys.clientWriteIv())
                : RecordCipher.forEncryption(aead, keys.serverWriteKey(), keys.serverWriteIv());
        RecordCipher read = client
                ? RecordCipher.forDecryption(aead, keys.serverWriteKey(), keys.serverWriteIv())
                : RecordCipher.forDecryption(aead, keys.clientWriteKey(), keys.clientWriteIv());
        wipe(keys);
        if (config.keyLog() != null) {
            // NSS key log format, read by Wireshark
            HexFormat hex = HexFormat.of();
            config.keyLog().accept("CLIENT_RANDOM " + hex.formatHex(clientRandom) + " " + hex.formatHex(masterSecret));
        }
        // RFC 9146 §4: once connection_id is negotiated, every protected epoch uses the tls12_cid
        // format (for a direction with an empty CID, the plain one: RFC 9146 §3)
        RecordFormat format = negotiation.readConnectionId == null ? Dtls12RecordFormat.INSTANCE
                : Dtls12CidRecordFormat.of(negotiation.writeConnectionId, negotiation.readConnectionId);
        return new EpochKeys(NEGOTIATED_EPOCH, format, write, read);
    }

    private static void wipe(KeyBlock keys) {
        Arrays.fill(keys.clientWriteKey(), (byte) 0);
        Arrays.fill(keys.serverWriteKey(), (byte) 0);
        Arrays.fill(keys.clientWriteIv(), (byte) 0);
        Arrays.fill(keys.serverWriteIv(), (byte) 0);
    }

    /**
     * The suites a client offers: the configured ones it can complete, i.e. PSK suites only with a PSK
     * and certificate suites only with a verifier for the server's certificate or raw key.
     */
    static List<CipherSuite> clientSuites(DtlsConfig config) {
        boolean verifier = config.peerVerifier() != null || config.rawPublicKeyVerifier() != null;
        boolean psk = config.pskClient() != null;
        return config.cipherSuites().stream().filter(s -> s.keyExchange().psk() ? psk : verifier).toList();
    }

    /** verify_data over the transcript so far (RFC 5246 §7.4.9). */
    byte[] verifyData(boolean clientFinished) {
        return Prf.verifyData(suite.prfHash(), masterSecret, clientFinished, transcript.hash(suite.prfHash()));
    }

    /**
     * The peer's Finished, which must come under the negotiated keys and verify against the
     * transcript before it (constant-time compare).
     */
    void acceptPeerFinished(HandshakeMessage message) throws DtlsException, DecodeException {
        require(message, HandshakeType.FINISHED, "Finished", NEGOTIATED_EPOCH);
        byte[] received = Finished.decode(message.body(), VERIFY_DATA_LENGTH).verifyData();
        if (!MessageDigest.isEqual(verifyData(!client), received)) {
            throw new DtlsException(AlertDescription.DECRYPT_ERROR, "peer's Finished does not verify");
        }
    }

    /**
     * Our ChangeCipherSpec (RFC 5246 §7.1): a record of its own in epoch 0, after which we write under
     * the negotiated keys.
     */
    void changeCipherSpec(Flight flight) {
        flight.addRecord(ContentType.CHANGE_CIPHER_SPEC, 0, CHANGE_CIPHER_SPEC_CONTENT);
        flight.switchWriteEpochTo(NEGOTIATED_EPOCH);
    }

    /**
     * The handshake is complete at {@code now}: the session, its exporter, and our final flight if we
     * send one. A full handshake whose ServerHello named the session makes it resumable (a server
     * keeps it in its cache); a resumed one stays resumable under its old name.
     */
    HandshakeOutput completion(Flight finalFlight, long now) {
        SessionInfo info = sessionInfo();
        boolean ticket = receivedTicket != null && receivedTicket.ticket().length > 0;
        if (resumed != null) {
            // RFC 5077 §3.3: a renewed ticket replaces the one the session was offered with
            established = ticket ? resumed.withTicket(receivedTicket.ticket(), receivedTicket.lifetimeHintSeconds(), ticketReceivedAt)
                    : resumed;
        } else if (ticket) {
            // RFC 5077 §3.4: a client that receives a ticket discards the ServerHello's session_id
            established = newSession(new byte[0], now)
                    .withTicket(receivedTicket.ticket(), receivedTicket.lifetimeHintSeconds(), ticketReceivedAt);
        } else if (sessionId.length > 0) {
            established = newSession(sessionId, now);
            if (sessionCache != null) {
                sessionCache.put(established);
            }
        }
        return new HandshakeOutput(List.of(), finalFlight, info, exporter());
    }

    /** The session this full handshake made, named {@code id} (may be empty), complete at {@code now}. */
    ResumableSession newSession(byte[] id, long now) {
        return new ResumableSession(id, masterSecret, sessionInfo(), client ? negotiation.serverName : negotiation.requestedServerName, now);
    }

    /** "server certificate CN=…" or "client raw public key (EC, …)", for messages. */
    String peerIdentity() {
        return peer.describe(client);
    }

    SessionInfo sessionInfo() {
        SessionInfo info = sessionInfoWithoutConnectionIds();
        return negotiation.readConnectionId == null ? info
                : info.withConnectionIds(negotiation.readConnectionId, negotiation.writeConnectionId);
    }

    private SessionInfo sessionInfoWithoutConnectionIds() {
        if (resumed != null) {
            // what the extensions negotiate belongs to this connection; who the peer is, to the session
            return resumed.info().resumedWith(negotiation.srtpProfile, negotiation.srtpMki, negotiation.applicationProtocol);
        }
        return new SessionInfo("DTLSv1.2", suite, group, peerSignatureScheme,
                peer == null ? List.of() : peer.chain(), negotiation.extendedMasterSecret, peer == null ? null : peer.key(),
                pskIdentity, negotiation.srtpProfile, negotiation.srtpMki, negotiation.applicationProtocol);
    }

    /** The RFC 5705 exporter of this session; it keeps its own copy of the master secret. */
    Tls12Exporter exporter() {
        return new Tls12Exporter(suite.prfHash(), masterSecret, clientRandom, serverRandom);
    }

    /** Forgets secrets and the transcript once the handshake is over or failed. */
    void destroy() {
        transcript.release();
        if (masterSecret != null) {
            Arrays.fill(masterSecret, (byte) 0);
        }
    }
}
