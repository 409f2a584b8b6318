package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.dtls12.Dtls12Handshake;
import io.dtls4j.handshake.EpochKeys;
import io.dtls4j.handshake.Flight;
import io.dtls4j.handshake.Handshake;
import io.dtls4j.handshake.HandshakeFragmenter;
import io.dtls4j.handshake.HandshakeHeader;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeOutput;
import io.dtls4j.handshake.HandshakeReassembler;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.KeyingMaterialExporter;
import io.dtls4j.handshake.RetransmissionStrategy;
import io.dtls4j.handshake.extension.IpLiterals;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.record.AlertMessage;
import io.dtls4j.record.ContentType;
import io.dtls4j.record.RecordHeader;
import io.dtls4j.record.RecordLayer;
import io.dtls4j.record.RecordView;
import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.ResumptionPolicy;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.wire.DecodeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One DTLS association, sans I/O. The caller feeds it datagrams and the current time and takes
 * out datagrams to send, events, and the next timer deadline. It never touches sockets, threads or
 * clocks. Not thread-safe: one thread at a time drives an engine.
 *
 * <p>Data flows one way: a datagram is split into records by the {@link RecordLayer} (one
 * {@code RecordFormat} per epoch), handshake records go through the reassembler to the
 * {@link Handshake}, whose {@link HandshakeOutput}s this class applies (keys to install, flights to
 * send, completion); application data and alerts become events. The engine knows no protocol
 * version's states: DTLS 1.2's are in {@code io.dtls4j.dtls12}.
 *
 * <pre>
 * engine.start(now);                        // a client sends its ClientHello
 * loop:
 *   send every engine.pollDatagram() to the peer
 *   handle every engine.pollEvent()
 *   wait for a datagram or engine.nextDeadline()
 *   engine.receive(datagram, now)  or  engine.handleTimeout(now)
 * </pre>
 */
public final class DtlsEngine {
    /**
     * Handshake starts and drops at debug, completions at info, failures at warn; never a key, a
     * secret or application data.
     */
    private static final Logger LOG = LoggerFactory.getLogger(DtlsEngine.class);
    /**
     * The largest record a peer may send (a 13-byte header and 2^14 + 2048 bytes of protected fragment,
     * RFC 6347 §4.1, RFC 5246 §6.2.3): a receive buffer of this size never truncates a datagram that
     * holds a valid record.
     */
    public static final int MAX_RECORD_SIZE = RecordHeader.LENGTH + RecordHeader.MAX_CIPHERTEXT_LENGTH;
    /** Handshake messages the reassembler holds ahead of the next expected one. */
    private static final int MAX_MESSAGES_AHEAD = 8;
    /** Room needed in a datagram beyond the record header: the AEAD expansion of the worst suite. */
    private static final int MAX_EXPANSION = 24;
    /**
     * RFC 6347 §4.1.1.1: when "repeated retransmissions do not result in a response ... subsequent
     * retransmissions SHOULD back off to a smaller record size"; it suggests 2-3 retransmissions
     * first. From the third timer retransmission of a handshake on, each one halves the datagrams.
     * They are counted over the handshake, not per flight: a client whose ClientHello (never cut)
     * needed them has seen the path lose datagrams, and its certificate flight then runs on a timer
     * that has already backed off (RFC 6347 §4.2.4.1), so waiting for two more of its retransmissions
     * would outlast the server's patience.
     */
    private static final int BACKOFF_AFTER_RETRANSMISSIONS = 2;
    /**
     * The smallest datagram a backed-off flight is cut into: the smallest MTU the configuration
     * accepts, where a fragment still carries over 200 bytes of handshake message. It is well under the
     * 508 bytes of UDP payload every IPv4 path must carry (the 576-byte datagram of RFC 791 and
     * RFC 1122 §3.3.3, less 60 bytes of IP options and 8 of UDP header), so a loss that only size
     * explains ends there; going lower would only multiply datagrams.
     */
    private static final int MIN_BACKOFF_DATAGRAM = 256;

    private final DtlsConfig config;
    private final boolean client;
    private final byte[] peerAddress;
    /** A server's stateless front door; null on a client. */
    private final CookieGate cookieGate;
    private final RecordLayer records;
    /**
     * The record being processed: set only during {@link #receive}, to the thread's reusable view (issue #11:
     * an idle session keeps none), or to a fresh one when the thread is already inside a receive (an
     * application data handler that feeds another engine), so the record path allocates nothing.
     */
    private RecordView view;

    private static final class ViewHolder {
        final RecordView view = new RecordView();
        boolean busy;
    }

    private static final ThreadLocal<ViewHolder> VIEWS = ThreadLocal.withInitial(ViewHolder::new);
    private final HandshakeReassembler reassembler;
    /** The handshake in progress; null once it completed or failed (its secrets and transcript go with it). */
    private Handshake handshake;
    /**
     * When flights are sent again; null once the handshake completed (issue #11: an idle session keeps
     * no timer), after which only a peer repeating its final flight gets ours again, paced by
     * {@link #finalFlightSentAt}.
     */
    private RetransmissionStrategy retransmission;
    /** After completion: when our final flight was last sent, or Long.MIN_VALUE. */
    private long finalFlightSentAt = Long.MIN_VALUE;
    /**
     * Datagrams to send and events to deliver: made on first use, and the ones the handshake grew are let go
     * once drained after it (see {@link #releaseQueues}), so that an idle established session keeps neither
     * (issue #11: heap per idle session). A queue made after the handshake is kept, so a busy session's
     * record path allocates no queue per record.
     */
    private ArrayDeque<ByteBuffer> outgoing;
    private ArrayDeque<DtlsEvent> events;
    /** Set when the handshake completes: the next poll that finds a queue empty drops it. */
    private boolean releaseOutgoing;
    private boolean releaseEvents;
    private final EngineStats stats = new EngineStats();

    private EngineState state = EngineState.HANDSHAKING;
    /** A client that has started, or a server whose peer passed the cookie gate. */
    private boolean active;
    private SessionInfo session;
    private KeyingMaterialExporter exporter;
    /** Our last flight, kept for retransmission; null when nothing may be sent again. */
    private Flight lastFlight;
    private ApplicationDataHandler applicationDataHandler;
    /** The server name a client connects to (for log lines; the handshake keeps its own). */
    private final String serverName;
    private long handshakeStartedAt;
    /**
     * The largest datagram our handshake flights are packed into: the configured MTU, lowered by PMTU
     * back-off (RFC 6347 §4.1.1.1) while a flight goes unanswered, and kept low for the rest of the
     * handshake (the path does not change between flights). Application data keeps the MTU.
     */
    private int flightDatagramSize;
    /** Timer retransmissions in this handshake, of any flight (see BACKOFF_AFTER_RETRANSMISSIONS). */
    private int timerRetransmissions;

    /** Once complete: the session a later handshake may resume, or null. */
    private ResumableSession resumableSession;
    /** Whether the datagram of the last {@link #receive} held the newest authenticated record (RFC 9146 §6). */
    private boolean datagramAdvanced;

    private DtlsEngine(DtlsConfig config, boolean client, String serverName, byte[] peerAddress, CookieGate cookieGate,
                       ResumableSession offered, SessionCache sessionCache, TicketKeyRing ticketKeyRing,
                       ResumptionPolicy resumptionPolicy) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = client;
        this.peerAddress = peerAddress;
        this.cookieGate = cookieGate;
        this.serverName = serverName;
        this.records = new RecordLayer(config.replayWindowSize());
        this.reassembler = new HandshakeReassembler(config.maxHandshakeMessageSize(),
                config.maxBufferedHandshakeBytes(), MAX_MESSAGES_AHEAD);
        this.handshake = client ? Dtls12Handshake.client(config, serverName, offered) : Dtls12Handshake.server(config, sessionCache, ticketKeyRing, resumptionPolicy);
        this.retransmission = handshake.newRetransmission();
        this.flightDatagramSize = config.mtu();
    }

    /**
     * A client engine; {@code serverName} (may be null) is sent as SNI and given to the peer verifier.
     *
     * @throws IllegalArgumentException when {@code serverName} is neither an ASCII host name nor an IP literal
     */
    public static DtlsEngine client(DtlsConfig config, String serverName) {
        return client(config, serverName, null);
    }

    /**
     * A client engine that offers to resume {@code session} (may be null), a session an earlier engine's
     * {@link #resumableSession()} returned. It is offered only to the server name it came from, with a
     * suite this configuration still offers, and only with an extended master secret (RFC 7627 §5.3);
     * otherwise, or when the server declines, the handshake is a full one. A session with a ticket is
     * offered by its ticket (RFC 5077 §3.4) unless {@link DtlsConfig#sessionTickets()} is off; the
     * session returned afterwards carries the ticket the server issued or renewed.
     * {@link SessionInfo#resumed()} tells which it was.
     *
     * @throws IllegalArgumentException when {@code serverName} is neither an ASCII host name nor an IP literal
     */
    public static DtlsEngine client(DtlsConfig config, String serverName, ResumableSession session) {
        if (config.peerVerifier() == null && config.rawPublicKeyVerifier() == null && config.pskClient() == null) {
            throw new IllegalArgumentException("a client needs a peer verifier (DtlsConfig.Builder.peerVerifier or rawPublicKeyVerifier) "
                    + "or a pre-shared key (DtlsConfig.Builder.psk or pskClient)");
        }
        if (config.cipherSuites().stream().noneMatch(s -> s.keyExchange().psk() ? config.pskClient() != null
                : config.peerVerifier() != null || config.rawPublicKeyVerifier() != null)) {
            throw new IllegalArgumentException("none of the configured cipher suites can be used: PSK suites need "
                    + "DtlsConfig.Builder.psk or pskClient, certificate suites a peer verifier");
        }
        if (serverName != null && !IpLiterals.isIpLiteral(serverName)) {
            ExtensionCodecs.serverName(serverName); // refused here, not later from start()
        }
        return new DtlsEngine(config, true, serverName, null, null, session, null, null, null);
    }

    /**
     * A server engine for one peer, with a cookie gate of its own. {@code peerAddress} identifies
     * the peer's transport address (e.g. IP and port bytes); it binds the cookie to that address.
     */
    public static DtlsEngine server(DtlsConfig config, byte[] peerAddress) {
        return server(config, peerAddress, new CookieGate(config));
    }

    /**
     * A server engine for one peer behind {@code cookieGate}, the gate (and cookie secret) its server
     * shares among all its peers: a ClientHello whose cookie that gate issued is admitted.
     */
    public static DtlsEngine server(DtlsConfig config, byte[] peerAddress, CookieGate cookieGate) {
        return server(config, peerAddress, cookieGate, null);
    }

    /**
     * A server engine behind {@code cookieGate} that resumes the sessions of {@code sessionCache} and
     * keeps its new session there (RFC 5246 §7.3). A server shares one cache among all its engines;
     * null resumes nothing (the ServerHello then names no session).
     */
    public static DtlsEngine server(DtlsConfig config, byte[] peerAddress, CookieGate cookieGate, SessionCache sessionCache) {
        return server(config, peerAddress, cookieGate, sessionCache, null, null);
    }

    /**
     * A server engine behind {@code cookieGate} that resumes sessions from {@code sessionCache} (may be
     * null) and from session tickets sealed with the keys of {@code ticketKeyRing} (may be null: no
     * tickets). With a ring it answers a client that asks for tickets with NewSessionTicket (RFC 5077
     * §3.3); a ticket that does not open, is too old or was sealed under an unknown or expired key only
     * makes the handshake a full one. Before resuming any session it asks {@code resumptionPolicy} (may
     * be null: {@link ResumptionPolicy#ALWAYS}). With neither cache nor ring it resumes nothing. A server
     * shares one cache, one ring and one policy among all its engines.
     */
    public static DtlsEngine server(DtlsConfig config, byte[] peerAddress, CookieGate cookieGate, SessionCache sessionCache,
                                    TicketKeyRing ticketKeyRing, ResumptionPolicy resumptionPolicy) {
        checkServerConfig(config);
        return new DtlsEngine(config, false, null, Objects.requireNonNull(peerAddress, "peerAddress").clone(),
                Objects.requireNonNull(cookieGate, "cookieGate"), null, sessionCache, ticketKeyRing,
                resumptionPolicy == null ? ResumptionPolicy.ALWAYS : resumptionPolicy);
    }

    /**
     * Refuses a configuration no server engine can handshake with: one without credentials (a
     * certificate, a raw key pair or pre-shared keys), or one that requests client certificates
     * without a verifier for them. Transports call it when they are built, before the first peer.
     *
     * @throws IllegalArgumentException naming the builder methods that fix it
     */
    public static void checkServerConfig(DtlsConfig config) {
        if (config.certifiedKey() == null && config.rawKeyPair() == null && config.pskKeyStore() == null) {
            throw new IllegalArgumentException("a server needs a certificate and key, a raw key pair or pre-shared keys "
                    + "(DtlsConfig.Builder.certifiedKey / rawKeyPair / pskKeyStore)");
        }
        if (config.clientAuth() != ClientAuth.NONE && config.peerVerifier() == null
                && config.rawPublicKeyVerifier() == null) {
            throw new IllegalArgumentException("a server that requests client certificates needs a peer verifier "
                    + "(DtlsConfig.Builder.peerVerifier or rawPublicKeyVerifier)");
        }
    }

    /** Starts the handshake: a client queues its first flight; a server does nothing. */
    public void start(long nowMillis) {
        if (!client || active) {
            return;
        }
        active = true;
        handshakeStartedAt = nowMillis;
        if (LOG.isDebugEnabled()) {
            LOG.debug("handshake with {} started", peerLabel());
        }
        try {
            apply(handshake.start(nowMillis), nowMillis);
        } catch (DtlsException e) {
            fail(e, true);
        }
    }

    /**
     * Processes one received datagram. Never throws on bad input: invalid records are dropped and
     * counted (RFC 6347 §4.1.2.7). The engine decrypts in place: the datagram's bytes are undefined
     * afterwards, and its position is moved to its limit.
     */
    public void receive(ByteBuffer datagram, long nowMillis) {
        byte[] b;
        int off;
        int len = datagram.remaining();
        if (datagram.hasArray() && !datagram.isReadOnly()) {
            b = datagram.array();
            off = datagram.arrayOffset() + datagram.position();
        } else {
            b = new byte[len];
            datagram.duplicate().get(b);
            off = 0;
        }
        datagram.position(datagram.limit());
        datagramAdvanced = false;
        if (state == EngineState.FAILED || state == EngineState.CLOSED) {
            return;
        }
        if (!active) {
            if (client) {
                stats.droppedUnexpected++; // a client that has not started expects nothing
                return;
            }
            if (!admit(ByteBuffer.wrap(b, off, len), nowMillis)) {
                return;
            }
        }
        ViewHolder holder = VIEWS.get();
        RecordView outer = view;
        boolean own = !holder.busy;
        holder.busy = true;
        view = own ? holder.view : new RecordView();
        try {
            int end = off + len;
            int pos = off;
            while (pos < end && state != EngineState.FAILED && state != EngineState.CLOSED) {
                if (!records.parse(b, pos, end, view)) {
                    stats.droppedBadRecord++; // RFC 6347 §4.1.2.7: unreadable, and a record may not span datagrams
                    if (LOG.isDebugEnabled()) {
                        LOG.debug("{}: dropped the rest of a datagram: no readable record at byte {}", peerLabel(), pos - off);
                    }
                    return;
                }
                pos = view.offset + view.recordLength();
                processRecord(b, nowMillis);
            }
        } catch (RuntimeException e) {
            fail(new DtlsException(AlertDescription.INTERNAL_ERROR, "internal error: " + e, e), true);
        } finally {
            view = outer;
            if (own) {
                holder.busy = false;
            }
        }
    }

    /** The server's first datagram passes the cookie gate before any state is kept. */
    private boolean admit(ByteBuffer datagram, long now) {
        CookieGate.Decision decision = cookieGate.inspect(datagram, peerAddress, now);
        if (decision instanceof CookieGate.Decision.Reply reply) {
            queueDatagram(reply.helloVerifyRequest());
            return false;
        }
        if (decision instanceof CookieGate.Decision.Accept accept) {
            active = true;
            handshakeStartedAt = now;
            if (LOG.isDebugEnabled()) {
                LOG.debug("handshake with {} started: its ClientHello passed the cookie exchange", peerLabel());
            }
            reassembler.setNextReceiveSeq(accept.messageSeq());
            records.advanceWriteSequence(0, accept.recordSequence());
            return true;
        }
        stats.droppedBadRecord++;
        return false;
    }

    private void processRecord(byte[] b, long now) {
        int length = records.open(b, view);
        if (length < 0) {
            countDrop(length);
            DtlsException fatal = length == RecordLayer.DROP_BAD_MAC && state == EngineState.HANDSHAKING && handshake != null
                    ? handshake.onUndecryptableRecord(view.epoch) : null;
            if (fatal != null) {
                fail(fatal, true);
            }
            return;
        }
        stats.recordsReceived++;
        datagramAdvanced |= view.newest;
        int type = view.contentType;
        long epoch = view.epoch;
        int start = view.fragmentOffset;
        switch (type) {
            case ContentType.HANDSHAKE:
                onHandshakeRecord(b, start, length, epoch, now);
                break;
            case ContentType.CHANGE_CIPHER_SPEC:
                onChangeCipherSpec(b, start, length, epoch, now);
                break;
            case ContentType.ALERT:
                onAlert(b, start, length, epoch, now);
                break;
            case ContentType.APPLICATION_DATA:
                // application data only under the negotiated keys, and only once the handshake is done
                if (state == EngineState.CONNECTED && epoch != 0 && epoch == records.highestEpoch()) {
                    // the peer sends application data only once its handshake is complete, so it has our last
                    // flight and will never repeat its own (RFC 6347 §4.2.4): the copy kept to answer a repeat goes
                    lastFlight = null;
                    if (applicationDataHandler != null) {
                        applicationDataHandler.onApplicationData(ByteBuffer.wrap(b, start, length).asReadOnlyBuffer());
                    } else {
                        queueEvent(new DtlsEvent.ApplicationData(Arrays.copyOfRange(b, start, start + length)));
                    }
                } else {
                    stats.droppedUnexpected++;
                }
                break;
            default:
                stats.droppedBadRecord++;
        }
    }

    private void countDrop(int code) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: dropped a {} record of epoch {}: {}", peerLabel(), ContentType.name(view.contentType), view.epoch,
                    dropReason(code));
        }
        switch (code) {
            case RecordLayer.DROP_UNKNOWN_EPOCH: stats.droppedUnknownEpoch++; break;
            case RecordLayer.DROP_UNKNOWN_CID: stats.droppedUnknownCid++; break;
            case RecordLayer.DROP_REPLAY: stats.droppedReplay++; break;
            case RecordLayer.DROP_BAD_MAC: stats.droppedBadMac++; break;
            default: stats.droppedBadRecord++;
        }
    }

    private static String dropReason(int code) {
        switch (code) {
            case RecordLayer.DROP_UNKNOWN_EPOCH: return "no keys for that epoch";
            case RecordLayer.DROP_UNKNOWN_CID: return "not our connection ID";
            case RecordLayer.DROP_REPLAY: return "replayed or too old for the replay window";
            case RecordLayer.DROP_BAD_MAC: return "does not authenticate";
            default: return "malformed";
        }
    }

    private void onHandshakeRecord(byte[] b, int off, int len, long epoch, long now) {
        if (isRenegotiationRequest(b, off, len, epoch)) {
            if (state == EngineState.CONNECTED) {
                // RFC 5746 / RFC 5246 §7.2.2: dtls4j never renegotiates; refuse with a warning
                sendAlert(AlertMessage.WARNING, AlertDescription.NO_RENEGOTIATION);
            } else {
                // RFC 5246 §7.4.1.1: a HelloRequest while negotiating is ignored; it must not use up the
                // message_seq of the message the handshake waits for (an injected one would stall it)
                stats.droppedUnexpected++;
            }
            return;
        }
        boolean peerRepeats;
        try {
            peerRepeats = reassembler.offer(b, off, len, (int) epoch);
        } catch (DecodeException e) {
            fail(new DtlsException(e.alert(), "malformed handshake fragment: " + e.getMessage(), e), true);
            return;
        }
        if (peerRepeats) {
            // RFC 6347 §4.2.4: the peer sent its last flight again, so ours was lost: send it again
            retransmitOnPeerRepeat(now);
        }
        processHandshakeMessages(now);
    }

    /**
     * A HelloRequest to a client (a whole one, alone in its record), or an authenticated ClientHello to
     * a connected server: a request to renegotiate, which stands outside the message_seq numbering of
     * the current handshake (RFC 6347 §4.2.2 restarts it at 0 for a new one), so it is handled before
     * the reassembler, which would take it for a repeat or count it.
     */
    private boolean isRenegotiationRequest(byte[] b, int off, int len, long epoch) {
        if (len < HandshakeHeader.LENGTH) {
            return false;
        }
        int type = b[off] & 0xFF;
        if (client) {
            int bodyLength = ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
            return type == HandshakeType.HELLO_REQUEST && bodyLength == 0 && len == HandshakeHeader.LENGTH;
        }
        return type == HandshakeType.CLIENT_HELLO && state == EngineState.CONNECTED && epoch != 0;
    }

    private void processHandshakeMessages(long now) {
        while (state == EngineState.HANDSHAKING || state == EngineState.CONNECTED) {
            HandshakeMessage next = reassembler.peek();
            if (next == null || (handshake != null && handshake.holds(next))) {
                return;
            }
            reassembler.poll();
            if (handshake == null) {
                onPostHandshakeMessage(next);
                continue;
            }
            try {
                apply(handshake.onMessage(next, now), now);
            } catch (DtlsException e) {
                fail(e, true);
            }
        }
    }

    private void onPostHandshakeMessage(HandshakeMessage message) {
        boolean renegotiation = client ? message.type() == HandshakeType.HELLO_REQUEST
                : message.type() == HandshakeType.CLIENT_HELLO;
        if (renegotiation) {
            // RFC 5746 / RFC 5246 §7.2.2: dtls4j never renegotiates; refuse with a warning
            sendAlert(AlertMessage.WARNING, AlertDescription.NO_RENEGOTIATION);
        } else {
            fail(new DtlsException(AlertDescription.UNEXPECTED_MESSAGE,
                    "unexpected " + HandshakeType.name(message.type()) + " after the handshake"), true);
        }
    }

    private void onChangeCipherSpec(byte[] b, int off, int len, long epoch, long now) {
        if (len != 1 || b[off] != 1) {
            fail(new DtlsException(AlertDescription.DECODE_ERROR, "malformed ChangeCipherSpec"), true);
            return;
        }
        if (epoch != 0) {
            stats.droppedUnexpected++;
            return;
        }
        HandshakeOutput output;
        try {
            output = active && handshake != null ? handshake.onChangeCipherSpec(now) : null;
        } catch (DtlsException e) {
            fail(e, true);
            return;
        }
        if (output == null) {
            // RFC 5246 §7.1: not awaited (it may have overtaken its flight), so ignored
            stats.droppedUnexpected++;
            return;
        }
        apply(output, now);
        processHandshakeMessages(now);
    }

    private void onAlert(byte[] b, int off, int len, long epoch, long now) {
        AlertMessage alert;
        try {
            alert = AlertMessage.decode(b, off, len);
        } catch (DecodeException e) {
            stats.droppedBadRecord++;
            return;
        }
        if (state == EngineState.CONNECTED && epoch == 0) {
            // unauthenticated alerts cannot end an established association
            stats.droppedUnexpected++;
            return;
        }
        AlertDescription description = AlertDescription.fromCode(alert.description());
        if (alert.level() == AlertMessage.FATAL) {
            String name = description != null ? description.name().toLowerCase() : "code " + alert.description();
            fail(new DtlsException(description, true, "peer sent fatal alert " + name, null), false);
        } else if (description == AlertDescription.CLOSE_NOTIFY) {
            // RFC 5246 §7.2.1: answer close_notify with close_notify
            sendAlert(AlertMessage.WARNING, AlertDescription.CLOSE_NOTIFY);
            enterClosed(true);
        } else if (description != null) {
            queueEvent(new DtlsEvent.WarningAlert(description));
        }
    }

    /** Protects {@code data} as one application data record, queued for {@link #pollDatagram()}. Only when CONNECTED. */
    public void send(ByteBuffer data, long nowMillis) {
        checkSendable(data);
        ByteBuffer out = ByteBuffer.allocate(data.remaining() + records.expansion(records.writeEpoch()));
        seal(data, out, nowMillis);
        out.flip();
        queueDatagram(out);
    }

    /**
     * Protects {@code data} as one application data record written straight into {@code datagram}
     * (which must be a heap buffer with room for the record): the allocation-free path for senders
     * that own their output buffer. Returns the bytes written. Only when CONNECTED.
     */
    public int seal(ByteBuffer data, ByteBuffer datagram, long nowMillis) {
        checkSendable(data);
        int len = data.remaining();
        long epoch = records.writeEpoch();
        int needed = len + records.expansion(epoch);
        if (!datagram.hasArray() || datagram.isReadOnly() || datagram.remaining() < needed) {
            throw new IllegalArgumentException("datagram buffer needs a writable array with " + needed + " bytes free");
        }
        byte[] in;
        int inOff;
        if (data.hasArray()) {
            in = data.array();
            inOff = data.arrayOffset() + data.position();
        } else {
            in = new byte[len];
            data.duplicate().get(in);
            inOff = 0;
        }
        int written = records.writeRecord(ContentType.APPLICATION_DATA, epoch, in, inOff, len,
                datagram.array(), datagram.arrayOffset() + datagram.position());
        data.position(data.limit());
        datagram.position(datagram.position() + written);
        stats.recordsSent++;
        return written;
    }

    private void checkSendable(ByteBuffer data) {
        if (state != EngineState.CONNECTED) {
            throw new IllegalStateException("cannot send application data in state " + state);
        }
        if (data.remaining() > maxApplicationDataSize()) {
            throw new IllegalArgumentException("record payload of " + data.remaining() + " bytes exceeds " + maxApplicationDataSize());
        }
    }

    /**
     * Delivers decrypted application data to {@code handler} during {@link #receive}, as a view of
     * the datagram's own bytes (valid only during the call), instead of as copied
     * {@link DtlsEvent.ApplicationData} events: the allocation-free receive path. Null restores events.
     */
    public void setApplicationDataHandler(ApplicationDataHandler handler) {
        this.applicationDataHandler = handler;
    }

    /** Sends close_notify and moves to CLOSED (a {@link DtlsEvent.Closed} with byPeer=false follows). */
    public void close(long nowMillis) {
        if (state == EngineState.CLOSED || state == EngineState.FAILED) {
            return;
        }
        if (active) {
            sendAlert(AlertMessage.WARNING, AlertDescription.CLOSE_NOTIFY);
        }
        enterClosed(false);
    }

    /** Call when {@code nowMillis >= nextDeadline()}: retransmits or times out. */
    public void handleTimeout(long nowMillis) {
        if (state != EngineState.HANDSHAKING || lastFlight == null) {
            return;
        }
        switch (retransmission.onTimeout(nowMillis)) {
            case GIVE_UP:
                fail(new DtlsException(null, "handshake timed out after " + retransmission.retransmissions()
                        + " retransmissions"), false, true);
                break;
            case RETRANSMIT:
                if (++timerRetransmissions > BACKOFF_AFTER_RETRANSMISSIONS && !isClientHello(lastFlight)) {
                    backOffFlightDatagramSize();
                }
                transmit(lastFlight);
                retransmission.retransmitted(nowMillis);
                stats.retransmissions++;
                break;
            default:
                break;
        }
    }

    /** The next time {@link #handleTimeout} must be called, or {@link Long#MAX_VALUE} when no timer runs. */
    public long nextDeadline() {
        return state == EngineState.HANDSHAKING ? retransmission.deadline() : Long.MAX_VALUE;
    }

    /** The next datagram to send, or null. */
    public ByteBuffer pollDatagram() {
        if (outgoing == null) {
            return null;
        }
        ByteBuffer next = outgoing.poll();
        if (next == null && releaseOutgoing) {
            outgoing = null;
            releaseOutgoing = false;
        }
        return next;
    }

    /** The next event, or null. */
    public DtlsEvent pollEvent() {
        if (events == null) {
            return null;
        }
        DtlsEvent next = events.poll();
        if (next == null && releaseEvents) {
            events = null;
            releaseEvents = false;
        }
        return next;
    }

    private void queueDatagram(ByteBuffer datagram) {
        if (outgoing == null) {
            outgoing = new ArrayDeque<>(4);
        }
        outgoing.add(datagram);
    }

    private void queueEvent(DtlsEvent event) {
        if (events == null) {
            events = new ArrayDeque<>(4);
        }
        events.add(event);
    }

    public EngineState state() {
        return state;
    }

    /** What was negotiated, or null before the handshake completes. */
    public SessionInfo session() {
        return session;
    }

    /**
     * The session a later handshake may resume (a client offers it with
     * {@link #client(DtlsConfig, String, ResumableSession)}), or null before the handshake completes or
     * when the server named no session. It holds the master secret: keep it like a private key.
     */
    public ResumableSession resumableSession() {
        return resumableSession;
    }

    /**
     * Whether the datagram last given to {@link #receive} held a record that authenticated under the
     * negotiated keys with a sequence number above every one received before in the newest epoch: the
     * peer's newest datagram. RFC 9146 §6: a transport that found the association by connection ID may
     * then take that datagram's source address as the peer's address from now on. False for datagrams
     * that held only records that were forged (bad MAC), replayed, older than the newest, unprotected
     * (epoch 0) or of another association. The engine itself knows no addresses; this is the whole of
     * its part in an address change.
     */
    public boolean lastDatagramAdvanced() {
        return datagramAdvanced;
    }

    /**
     * The largest application data payload {@link #send} accepts in one record with the current MTU:
     * once connected, also within the peer's record_size_limit when one was negotiated (RFC 8449 §4).
     */
    public int maxApplicationDataSize() {
        if (state != EngineState.CONNECTED) {
            return Math.min(RecordLayer.MAX_PLAINTEXT_LENGTH, config.mtu() - RecordHeader.LENGTH - MAX_EXPANSION);
        }
        long epoch = records.writeEpoch();
        // the epoch's record limit: a CID record spends a byte on the inner type (RFC 9146 §5), the peer's record_size_limit
        return Math.min(records.maxContentLength(epoch), config.mtu() - records.expansion(epoch));
    }

    /** Counters of what this engine dropped, for operators. */
    public EngineStats stats() {
        return stats;
    }

    /**
     * Keying material exporter (RFC 5705 §4), e.g. for DTLS-SRTP (RFC 5764 §4.2, label
     * "EXTRACTOR-dtls_srtp"). Only once CONNECTED.
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        if (exporter == null || state != EngineState.CONNECTED) {
            throw new IllegalStateException("keying material can be exported only on a connected engine");
        }
        return exporter.export(label, context, length);
    }

    /**
     * The exporter of this session as an object other threads may keep and call (the transport gives
     * it to application threads): it works until the engine closes, then throws IllegalStateException.
     * Available once the handshake has completed, also after the engine closed (a caller still handling
     * the {@link DtlsEvent.HandshakeCompleted} event gets an exporter that refuses, not an exception).
     *
     * @throws IllegalStateException when no handshake has completed
     */
    public KeyExporter exporter() {
        if (session == null) {
            throw new IllegalStateException("keying material can be exported only once the handshake has completed");
        }
        KeyingMaterialExporter sessionExporter = exporter;
        return (label, context, length) -> {
            if (sessionExporter == null) {
                throw new IllegalStateException("the session is closed: its secrets are gone");
            }
            return sessionExporter.export(label, context, length);
        };
    }

    /**
     * The SRTP master keys and salts of the negotiated use_srtp profile (RFC 5764 §4.2).
     *
     * @throws IllegalStateException when not connected or no SRTP profile was negotiated
     */
    public SrtpKeys srtpKeys() {
        KeyExporter sessionExporter = exporter();
        return SrtpKeys.of(session, sessionExporter);
    }

    // ---- applying what the handshake did ----

    /** Applies a handshake step: keys first (the flight may need them), then the flight, then completion. */
    private void apply(HandshakeOutput output, long now) {
        for (EpochKeys keys : output.keys()) {
            records.installEpoch(keys.epoch(), keys.format(), keys.write(), keys.read(),
                    keys.writeRecordSizeLimit(), keys.readRecordSizeLimit());
        }
        if (output.flight() != null) {
            // a new flight: the peer's answer shows our earlier one arrived
            lastFlight = output.flight();
            transmit(lastFlight);
            retransmission.flightSent(lastFlight.expectsResponse(), now);
        }
        if (output.isComplete()) {
            handshakeComplete(output.completed(), output.exporter(), output.flight() != null, now);
        }
    }

    /**
     * @param sentFinalFlight whether the completing step sent our flight: then it is the last of the
     *                        handshake (RFC 6347 §4.2.4) and is kept to answer a peer that repeats its own
     */
    private void handshakeComplete(SessionInfo info, KeyingMaterialExporter sessionExporter, boolean sentFinalFlight, long now) {
        if (LOG.isInfoEnabled()) {
            LOG.info("handshake with {} completed in {} ms: {} {} {}, peer {}, {} session", peerLabel(),
                    now - handshakeStartedAt, info.protocolVersion(), info.cipherSuite(), info.namedGroup(), peerIdentity(info),
                    info.resumed() ? "resumed" : "new");
        }
        session = info;
        exporter = sessionExporter;
        state = EngineState.CONNECTED;
        if (!sentFinalFlight) {
            // the peer's Finished completed the handshake, so it has all of our flights: nothing left to resend
            lastFlight = null;
        }
        if (lastFlight != null) {
            lastFlight.compact(); // kept, perhaps for the session's lifetime: at its exact size
        }
        retransmission.stop();
        retransmission = null;
        if (lastFlight != null) {
            finalFlightSentAt = now; // apply() has just sent it
        }
        resumableSession = handshake.resumableSession();
        handshake.destroy();
        handshake = null;
        queueEvent(new DtlsEvent.HandshakeCompleted(info));
        releaseOutgoing = true;
        releaseEvents = true;
    }

    /** Who the peer is, for log lines: made only when a line is written, so that an idle engine keeps no string. */
    private String peerLabel() {
        return client ? PeerLabel.client(serverName) : PeerLabel.server(peerAddress);
    }

    /** The peer's certificate subject or raw key, or "without certificate", for the log. */
    private static String peerIdentity(SessionInfo info) {
        if (!info.peerCertificates().isEmpty()) {
            return "certificate " + info.peerCertificates().get(0).getSubjectX500Principal().getName();
        }
        return info.peerPublicKey() != null ? "raw public key (" + info.peerPublicKey().getAlgorithm() + ")" : "without certificate";
    }

    // ---- sending ----

    /**
     * Whether {@code flight} is a ClientHello, which PMTU back-off leaves whole: a server's stateless
     * cookie check (RFC 6347 §4.2.1) reads it from one datagram, and it is small. Back-off is for
     * the flights that carry certificates.
     */
    private static boolean isClientHello(Flight flight) {
        List<Flight.Entry> entries = flight.entries();
        return !entries.isEmpty() && entries.get(0).message != null && entries.get(0).message.type() == HandshakeType.CLIENT_HELLO;
    }

    /**
     * Halves the datagrams of our flights, down to {@link #MIN_BACKOFF_DATAGRAM} (RFC 6347 §4.1.1.1):
     * a path that silently drops datagrams above its MTU then carries the retransmission.
     */
    private void backOffFlightDatagramSize() {
        int smaller = Math.max(MIN_BACKOFF_DATAGRAM, flightDatagramSize / 2);
        if (smaller >= flightDatagramSize) {
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} retransmissions unanswered: sending the flight again in datagrams of at most {} bytes instead of {}",
                    peerLabel(), timerRetransmissions - 1, smaller, flightDatagramSize);
        }
        flightDatagramSize = smaller;
        stats.pmtuBackoffs++;
    }

    private void retransmitOnPeerRepeat(long now) {
        if (lastFlight == null || (state != EngineState.HANDSHAKING && state != EngineState.CONNECTED)) {
            return;
        }
        if (retransmission != null) {
            if (retransmission.onPeerRepeat(now)) {
                transmit(lastFlight);
                retransmission.retransmitted(now);
                stats.retransmissions++;
            }
        } else if (finalFlightSentAt == Long.MIN_VALUE || now - finalFlightSentAt >= RetransmissionStrategy.repeatQuietMillis(config)) {
            // RFC 6347 §4.2.4: the peer repeats its final flight, so our Finished was lost; a repeated flight
            // arrives as several datagrams, so it is answered once per burst, as the handshake's timer did
            transmit(lastFlight);
            finalFlightSentAt = now;
            stats.retransmissions++;
        }
    }

    /** Fragments and protects a flight anew (fresh record sequence numbers) and packs it into datagrams. */
    private void transmit(Flight flight) {
        int mtu = isClientHello(flight) ? config.mtu() : flightDatagramSize;
        byte[] datagram = new byte[mtu];
        int used = 0;
        for (Flight.Entry entry : flight.entries()) {
            int overhead = records.expansion(entry.epoch);
            HandshakeMessage m = entry.message;
            // RFC 8449 §4: protected handshake records too stay within the peer's record size limit
            int maxFragment = Math.min(mtu - overhead, records.maxContentLength(entry.epoch));
            List<byte[]> payloads = m == null ? List.of(entry.content())
                    : HandshakeFragmenter.fragment(m.type(), m.messageSeq(), m.body(), maxFragment);
            for (byte[] payload : payloads) {
                if (used + overhead + payload.length > mtu && used > 0) {
                    queueDatagram(ByteBuffer.wrap(Arrays.copyOf(datagram, used)));
                    used = 0;
                }
                used += records.writeRecord(entry.contentType, entry.epoch,
                        payload, 0, payload.length, datagram, used);
                stats.recordsSent++;
            }
        }
        if (used > 0) {
            queueDatagram(ByteBuffer.wrap(Arrays.copyOf(datagram, used)));
        }
        if (flight.writeEpochAfter() > records.writeEpoch()) {
            records.switchWriteEpoch(flight.writeEpochAfter());
        }
    }

    private void sendAlert(int level, AlertDescription description) {
        byte[] body = AlertMessage.encode(level, description);
        long epoch = records.writeEpoch();
        byte[] out = new byte[body.length + records.expansion(epoch)];
        int written = records.writeRecord(ContentType.ALERT, epoch, body, 0, body.length, out, 0);
        stats.recordsSent++;
        queueDatagram(ByteBuffer.wrap(out, 0, written));
    }

    // ---- endings ----

    private void fail(DtlsException cause, boolean sendAlert) {
        fail(cause, sendAlert, false);
    }

    private void fail(DtlsException cause, boolean sendAlert, boolean timedOut) {
        if (state == EngineState.FAILED || state == EngineState.CLOSED) {
            return;
        }
        if (LOG.isWarnEnabled()) {
            String what = state == EngineState.CONNECTED ? "association with " : "handshake with ";
            String alert = cause.alert() == null ? "" : sendAlert ? " (sent fatal alert " + cause.alert().name().toLowerCase() + ")" : "";
            LOG.warn("{}{} failed: {}{}", what, peerLabel(), cause.getMessage(), alert);
        }
        if (sendAlert && cause.alert() != null) {
            sendAlert(AlertMessage.FATAL, cause.alert());
        }
        state = EngineState.FAILED;
        endTimers();
        queueEvent(new DtlsEvent.Failed(cause, timedOut));
    }

    private void enterClosed(boolean byPeer) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("association with {} closed by {}", peerLabel(), byPeer ? "the peer" : "us");
        }
        state = EngineState.CLOSED;
        endTimers();
        queueEvent(new DtlsEvent.Closed(byPeer));
    }

    private void endTimers() {
        if (retransmission != null) {
            retransmission.stop();
        }
        lastFlight = null;
        if (handshake != null) {
            handshake.destroy();
            handshake = null;
        }
        if (exporter != null) {
            exporter.destroy();
            exporter = null;
        }
    }
}
