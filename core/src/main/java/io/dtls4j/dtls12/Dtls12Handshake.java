package io.dtls4j.dtls12;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.handshake.Handshake;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeOutput;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.RetransmissionStrategy;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.ResumptionPolicy;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.wire.DecodeException;

import java.util.Objects;

/**
 * The DTLS 1.2 full handshake as the engine sees it: it holds the current {@link State}, hands each
 * input to it and keeps the state it returns. The states are in {@link ClientStates} and
 * {@link ServerStates}.
 */
public final class Dtls12Handshake implements Handshake {
    private final Dtls12Context context;
    private State state;

    private Dtls12Handshake(Dtls12Context context, State initial) {
        this.context = context;
        this.state = initial;
    }

    /**
     * A client's handshake; {@code serverName} (may be null) is sent as SNI and given to the peer
     * verifier. {@code session} (may be null) is offered for resumption when {@link #offers} allows.
     */
    public static Dtls12Handshake client(DtlsConfig config, String serverName, ResumableSession session) {
        return new Dtls12Handshake(new Dtls12Context(config, true, serverName, null, null, null,
                offers(config, serverName, session) ? session : null), null);
    }

    /**
     * A server's handshake, whose first message is the ClientHello that passed the cookie exchange;
     * {@code sessionCache} (may be null) holds the sessions it may resume and receives the new one,
     * {@code ticketKeyRing} (may be null: no tickets) seals and opens session tickets (RFC 5077), and
     * {@code policy} (not null) has the last word on each resumption.
     */
    public static Dtls12Handshake server(DtlsConfig config, SessionCache sessionCache, TicketKeyRing ticketKeyRing,
                                         ResumptionPolicy policy) {
        Dtls12Context context = new Dtls12Context(config, false, null, sessionCache, ticketKeyRing,
                Objects.requireNonNull(policy, "policy"), null);
        return new Dtls12Handshake(context, new ServerStates.ExpectClientHello(context));
    }

    /**
     * Whether a client offers {@code session} to {@code serverName}: only a session it can name (by ID,
     * or by ticket when the configuration allows tickets), only to the server name it came from, only with a suite this configuration still
     * offers, and only with an extended master secret (RFC 7627 §5.3: a session without one is not
     * offered for resumption).
     */
    public static boolean offers(DtlsConfig config, String serverName, ResumableSession session) {
        return session != null && (session.id().length > 0 || session.hasTicket() && config.sessionTickets())
                && Objects.equals(session.serverName(), serverName) && session.extendedMasterSecret()
                && Dtls12Context.clientSuites(config).contains(session.cipherSuite());
    }

    @Override
    public ResumableSession resumableSession() {
        return context.established;
    }

    /** Undecryptable records in place of the peer's Finished before a PSK handshake fails (see {@link #onUndecryptableRecord}). */
    private static final int UNDECRYPTABLE_FINISHED_LIMIT = 2;
    private int undecryptableFinished;

    @Override
    public HandshakeOutput start(long now) {
        if (!context.client || state != null) {
            return HandshakeOutput.NOTHING;
        }
        return apply(ClientStates.start(context, now));
    }

    @Override
    public boolean holds(HandshakeMessage next) {
        return state != null && state.holds(next);
    }

    @Override
    public HandshakeOutput onMessage(HandshakeMessage message, long now) throws DtlsException {
        if (context.client && message.type() == HandshakeType.HELLO_REQUEST && message.body().length == 0) {
            // RFC 5246 §7.4.1.1: ignored while negotiating, and never part of the transcript
            return HandshakeOutput.NOTHING;
        }
        if (state == null) {
            throw Dtls12Context.unexpected(message, "nothing (the handshake has not started or is over)");
        }
        try {
            return apply(state.onMessage(message, now));
        } catch (DecodeException e) {
            throw new DtlsException(e.alert(), "malformed " + HandshakeType.name(message.type()) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HandshakeOutput onChangeCipherSpec(long now) {
        if (state == null) {
            return null;
        }
        State.Step step = state.onChangeCipherSpec();
        return step == null ? null : apply(step);
    }

    /**
     * PSK suites: when the peer's Finished does not decrypt twice (the record and its retransmission),
     * the two sides hold different keys, and the handshake ends with decrypt_error as RFC 4279 §2 says
     * a wrong key (or, by default, an unknown identity) does. One forged record alone cannot end it.
     * Other suites drop such records silently: there a wrong key cannot be the cause.
     */
    @Override
    public DtlsException onUndecryptableRecord(long epoch) {
        boolean awaitingFinished = state instanceof ExpectFinished;
        if (!awaitingFinished || epoch != Dtls12Context.NEGOTIATED_EPOCH || !context.suite.keyExchange().psk()
                || ++undecryptableFinished < UNDECRYPTABLE_FINISHED_LIMIT) {
            return null;
        }
        return new DtlsException(AlertDescription.DECRYPT_ERROR, "the peer's Finished does not decrypt: its pre-shared key "
                + (context.client ? "differs from ours" : "differs from ours, or it named an identity we do not know"));
    }

    private HandshakeOutput apply(State.Step step) {
        state = step.next();
        return step.output();
    }

    @Override
    public RetransmissionStrategy newRetransmission() {
        return new FlightTimer(context.config);
    }

    @Override
    public void destroy() {
        state = null;
        context.destroy();
    }

    /** What the current state waits for, for diagnostics. */
    @Override
    public String toString() {
        return "DTLS 1.2 " + (context.client ? "client" : "server") + " handshake, expecting "
                + (state == null ? "nothing" : state.expecting());
    }
}
