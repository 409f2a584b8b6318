package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.handshake.HandshakeHeader;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.CertificateMessage;
import io.dtls4j.handshake.message.CertificateRequest;
import io.dtls4j.handshake.message.CertificateVerify;
import io.dtls4j.handshake.message.ClientHello;
import io.dtls4j.handshake.message.EcdheClientKeyExchange;
import io.dtls4j.handshake.message.EcdheServerKeyExchange;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.handshake.message.Finished;
import io.dtls4j.handshake.message.HelloVerifyRequest;
import io.dtls4j.handshake.message.NewSessionTicket;
import io.dtls4j.handshake.message.ServerHello;
import io.dtls4j.record.AlertMessage;
import io.dtls4j.record.ContentType;
import io.dtls4j.record.ProtocolVersion;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKey;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.testing.KeyLogSecrets;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.Records.Record;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The DTLS 1.2 handshake state machine as a table (RFC 6347 §4.2, RFC 5246 §7.3, §7.4): for every state
 * of the client and of the server in a full handshake (with certificates, and the states only PSK and
 * ECDHE_PSK handshakes have), and for every handshake message type plus ChangeCipherSpec, application
 * data and an alert, what must happen when that input arrives in that state.
 *
 * <p>How a row runs. A client and a server engine (cookie exchange on, client certificate required) are
 * driven record by record: every record one engine sends is delivered alone, in order, to the other. The
 * run stops when the row's engine reaches the row's state, the input is delivered to it, and what the
 * engine does is classified:
 * <ul>
 * <li>ACCEPTED: the input is taken and the handshake proceeds (for the accepted cells the input is the
 * genuine next message of the handshake); the rest of the handshake then completes.</li>
 * <li>IGNORED: nothing is sent, no event, and when the genuine traffic then continues the handshake
 * completes and application data flows both ways.</li>
 * <li>RETRANSMISSION: the input repeats an earlier message (its message_seq is below the next expected
 * one); the engine answers by sending its last flight again (RFC 6347 §4.2.4), and the handshake then
 * completes.</li>
 * <li>FAILED(alert): the engine fails at once with that alert, and sends it as a fatal alert.</li>
 * <li>ABORTED(alert): the peer's fatal alert ends the handshake; nothing is sent back.</li>
 * <li>WARNING(alert): a connected engine answers with that warning alert and stays connected.</li>
 * </ul>
 * Anything else is reported as what it was, e.g. "NO REACTION; then FAILED(unexpected_message) at the server
 * when change_cipher_spec arrived" for an engine that held a message it had to refuse at once.
 *
 * <p>How an input is made. A handshake message gets the message_seq the engine expects next (RFC 6347
 * §4.2.2: a lower one is a repeat and discarded, a higher one is buffered for later), so it is processed
 * now; its body is a well-formed body of its type. Before the peer's ChangeCipherSpec, handshake messages
 * and alerts are plaintext epoch-0 records; after it (the WAIT_FINISHED and CONNECTED states) they are
 * epoch-1 records sealed under the peer's real keys, taken from the client's NSS key log, so that the
 * engine can read them at all. Application data is sealed in epoch 1 as soon as the receiving engine has
 * the keys (the server after ClientKeyExchange, the client after its Finished flight), plaintext before.
 * ChangeCipherSpec is always the epoch-0 record {@code {1}}. The alert is a fatal handshake_failure; on a
 * connected engine it is in epoch 0, unauthenticated (an epoch-1 one has its own row).
 *
 * <p>This class uses only the engine's public surface (DtlsEngine, its events and state) and the message
 * codecs: the engine's internal states are being restructured. Run with {@code -Dstatemachine.print=true}
 * to print what happened in every row, passing or not.
 */
class HandshakeStateMachineTest {
    private static final long T = SimulatedLink.START_MILLIS;
    private static final CertifiedKey SERVER_KEY = TestCredentials.server(KeyType.EC_P256);
    private static final CertifiedKey CLIENT_KEY = TestCredentials.client(KeyType.EC_P256);
    private static final PreSharedKey PSK = PreSharedKey.of("state-machine", random(16, 11));
    /** Epoch-0 records forged as the peer take sequence numbers this far past the peer's latest genuine one. */
    private static final long FORGED_EPOCH0_GAP = 30;
    /** Epoch-1 records forged as the peer start here: past the Finished (0) and the first application data. */
    private static final long FORGED_EPOCH1_START = 20;
    /** What {@link Handshake#kind} calls a ChangeCipherSpec record. */
    static final String CCS = "change_cipher_spec";

    enum Side {
        CLIENT, SERVER;

        Side peer() {
            return this == CLIENT ? SERVER : CLIENT;
        }
    }

    /**
     * The handshakes a row may run: the default, two that make a particular message the genuine next
     * one, and the pre-shared key ones (RFC 4279, RFC 5489: no certificates, a ServerKeyExchange only
     * for a hint or ECDHE).
     */
    enum Variant {
        /** Cookie exchange, client certificate required and sent. */
        DEFAULT(true, true, ""),
        /** No cookie exchange: the server answers the first ClientHello with ServerHello. */
        NO_COOKIE(false, true, ", from a server without cookie exchange"),
        /** No client authentication: no CertificateRequest, so ServerHelloDone follows ServerKeyExchange. */
        NO_CLIENT_AUTH(true, false, ", from a server that requests no certificate"),
        /** The server has a ticket key ring: its final flight is NewSessionTicket, ChangeCipherSpec, Finished (RFC 5077 §3.1). */
        TICKETS(true, true, ", from a server with a ticket key ring", Resumption.TICKET_ISSUED),
        /** The client offers a session the server has cached: the abbreviated handshake (RFC 5246 §7.3). */
        RESUMED(true, true, ", in a resumed handshake", Resumption.SESSION_ID),
        /** The client offers a ticket sealed under a key that no longer seals: ServerHello, NewSessionTicket, CCS, Finished. */
        RESUMED_RENEWING(true, true, ", in a resumed handshake that renews the ticket", Resumption.TICKET_RENEWED),
        /** PSK with an identity hint: ServerHello, ServerKeyExchange (the hint), ServerHelloDone (RFC 4279 §2). */
        PSK_HINT(true, false, ", PSK with an identity hint", CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, "psk hint"),
        /** PSK without a hint: ServerHello, then ServerHelloDone at once (RFC 4279 §2). */
        PSK_NO_HINT(true, false, ", PSK without an identity hint", CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, null),
        /** ECDHE_PSK: ServerHello, ServerKeyExchange (hint and ECDHE share, always sent), ServerHelloDone (RFC 5489 §2). */
        ECDHE_PSK(true, false, ", ECDHE_PSK", CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, null);

        final boolean cookieExchange;
        final boolean clientAuth;
        final String description;
        final Resumption resumption;
        /** The one suite both sides use with a pre-shared key, or null for certificates. */
        final CipherSuite pskSuite;
        final String pskHint;

        Variant(boolean cookieExchange, boolean clientAuth, String description) {
            this(cookieExchange, clientAuth, description, Resumption.NONE, null, null);
        }

        Variant(boolean cookieExchange, boolean clientAuth, String description, Resumption resumption) {
            this(cookieExchange, clientAuth, description, resumption, null, null);
        }

        Variant(boolean cookieExchange, boolean clientAuth, String description, CipherSuite pskSuite, String pskHint) {
            this(cookieExchange, clientAuth, description, Resumption.NONE, pskSuite, pskHint);
        }

        Variant(boolean cookieExchange, boolean clientAuth, String description, Resumption resumption,
                CipherSuite pskSuite, String pskHint) {
            this.cookieExchange = cookieExchange;
            this.clientAuth = clientAuth;
            this.description = description;
            this.resumption = resumption;
            this.pskSuite = pskSuite;
            this.pskHint = pskHint;
        }
    }

    /** What a variant's server does about sessions (RFC 5077, RFC 5246 §7.3). */
    enum Resumption {
        /** No cache, no ticket key ring: nothing. */
        NONE,
        /** A ticket key ring: a full handshake issues a ticket. */
        TICKET_ISSUED,
        /** A cache, and a client offering a session it holds. */
        SESSION_ID,
        /** A client offering a ticket under a key the server still opens with but no longer seals with. */
        TICKET_RENEWED
    }

    /** The states of the full handshake, each with the point of the run at which an engine is in it. */
    enum State {
        CLIENT_WAIT_SERVER_HELLO(Side.CLIENT, "client waiting for ServerHello/HelloVerifyRequest",
                h -> h.delivered(Side.CLIENT).isEmpty()),
        CLIENT_WAIT_CERTIFICATE(Side.CLIENT, "client waiting for Certificate",
                h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_HELLO))),
        CLIENT_WAIT_SERVER_KEY_EXCHANGE(Side.CLIENT, "client waiting for ServerKeyExchange",
                h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.CERTIFICATE))),
        CLIENT_WAIT_SERVER_HELLO_DONE(Side.CLIENT, "client waiting for CertificateRequest/ServerHelloDone",
                h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_KEY_EXCHANGE))),
        CLIENT_WAIT_CHANGE_CIPHER_SPEC(Side.CLIENT, "client waiting for ChangeCipherSpec (its Finished flight sent)",
                h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_HELLO_DONE))),
        CLIENT_WAIT_FINISHED(Side.CLIENT, "client waiting for Finished",
                h -> h.lastDelivered(Side.CLIENT, CCS)),
        CLIENT_CONNECTED(Side.CLIENT, "client connected",
                h -> h.client.state() == EngineState.CONNECTED),

        SERVER_WAIT_CLIENT_HELLO(Side.SERVER, "server waiting for ClientHello (HelloVerifyRequest sent)",
                h -> h.delivered(Side.SERVER).size() == 1 && h.lastFlightKinds(Side.SERVER)
                        .equals(List.of(HandshakeType.name(HandshakeType.HELLO_VERIFY_REQUEST)))),
        SERVER_WAIT_CERTIFICATE(Side.SERVER, "server waiting for client Certificate",
                h -> h.lastDelivered(Side.SERVER, HandshakeType.name(HandshakeType.CLIENT_HELLO))
                        && h.lastFlightKinds(Side.SERVER).contains(HandshakeType.name(HandshakeType.CERTIFICATE_REQUEST))),
        SERVER_WAIT_CLIENT_KEY_EXCHANGE(Side.SERVER, "server waiting for ClientKeyExchange",
                h -> h.lastDelivered(Side.SERVER, HandshakeType.name(HandshakeType.CERTIFICATE))),
        SERVER_WAIT_CERTIFICATE_VERIFY(Side.SERVER, "server waiting for CertificateVerify",
                h -> h.lastDelivered(Side.SERVER, HandshakeType.name(HandshakeType.CLIENT_KEY_EXCHANGE))),
        SERVER_WAIT_CHANGE_CIPHER_SPEC(Side.SERVER, "server waiting for ChangeCipherSpec",
                h -> h.lastDelivered(Side.SERVER, HandshakeType.name(HandshakeType.CERTIFICATE_VERIFY))),
        SERVER_WAIT_FINISHED(Side.SERVER, "server waiting for Finished",
                h -> h.lastDelivered(Side.SERVER, CCS)),
        SERVER_CONNECTED(Side.SERVER, "server connected",
                h -> h.server.state() == EngineState.CONNECTED),

        // session tickets and the abbreviated handshake: reached in the variants that make them (special rows only)
        CLIENT_WAIT_NEW_SESSION_TICKET(Side.CLIENT, "client waiting for the promised NewSessionTicket (its Finished flight sent)",
                h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_HELLO_DONE))),
        CLIENT_RESUMED_WAIT_CHANGE_CIPHER_SPEC(Side.CLIENT, "client waiting for ChangeCipherSpec after a ServerHello echoing its session_id",
                h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_HELLO))),
        CLIENT_RESUMED_WAIT_NEW_SESSION_TICKET(Side.CLIENT, "client waiting for the promised NewSessionTicket after a ServerHello "
                + "echoing its session_id", h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_HELLO))),
        CLIENT_RESUMED_WAIT_FINISHED(Side.CLIENT, "client waiting for Finished in a resumed handshake",
                h -> h.lastDelivered(Side.CLIENT, CCS)),
        SERVER_RESUMED_WAIT_CHANGE_CIPHER_SPEC(Side.SERVER, "server waiting for ChangeCipherSpec (its resumed flight sent)",
                // and the client has the ServerHello: its key log opens the server's epoch-1 records
                h -> h.lastDelivered(Side.SERVER, HandshakeType.name(HandshakeType.CLIENT_HELLO))
                        && h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_HELLO))),
        // the states only PSK and ECDHE_PSK handshakes have; the later ones are those of the certificate handshakes
        CLIENT_PSK_WAIT_SERVER_KEY_EXCHANGE(Side.CLIENT, "PSK client waiting for ServerKeyExchange (a hint) or ServerHelloDone",
                Variant.PSK_HINT, h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_HELLO))),
        CLIENT_PSK_WAIT_SERVER_HELLO_DONE(Side.CLIENT, "PSK client waiting for ServerHelloDone (after the hint)",
                Variant.PSK_HINT, h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_KEY_EXCHANGE))),
        CLIENT_ECDHE_PSK_WAIT_SERVER_KEY_EXCHANGE(Side.CLIENT, "ECDHE_PSK client waiting for ServerKeyExchange",
                Variant.ECDHE_PSK, h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_HELLO))),
        CLIENT_ECDHE_PSK_WAIT_SERVER_HELLO_DONE(Side.CLIENT, "ECDHE_PSK client waiting for ServerHelloDone",
                Variant.ECDHE_PSK, h -> h.lastDelivered(Side.CLIENT, HandshakeType.name(HandshakeType.SERVER_KEY_EXCHANGE))),
        SERVER_PSK_WAIT_CLIENT_KEY_EXCHANGE(Side.SERVER, "PSK server waiting for ClientKeyExchange",
                Variant.PSK_HINT, State::serverSentHelloDone),
        SERVER_ECDHE_PSK_WAIT_CLIENT_KEY_EXCHANGE(Side.SERVER, "ECDHE_PSK server waiting for ClientKeyExchange",
                Variant.ECDHE_PSK, State::serverSentHelloDone);

        final Side side;
        final String description;
        /** The handshake the state's rows run, unless an accepted cell needs another. */
        final Variant variant;
        final Predicate<Handshake> reached;

        State(Side side, String description, Predicate<Handshake> reached) {
            this(side, description, Variant.DEFAULT, reached);
        }

        State(Side side, String description, Variant variant, Predicate<Handshake> reached) {
            this.side = side;
            this.description = description;
            this.variant = variant;
            this.reached = reached;
        }

        /** The server has answered the ClientHello with a flight that ends the hello phase and asks for no certificate. */
        private static boolean serverSentHelloDone(Handshake h) {
            return h.lastDelivered(Side.SERVER, HandshakeType.name(HandshakeType.CLIENT_HELLO))
                    && h.lastFlightKinds(Side.SERVER).contains(HandshakeType.name(HandshakeType.SERVER_HELLO_DONE));
        }

        /** A state of a PSK or ECDHE_PSK handshake. */
        boolean psk() {
            return variant.pskSuite != null;
        }

        /** After the peer's ChangeCipherSpec: the peer writes in epoch 1. */
        boolean peerInEpochOne() {
            return this == CLIENT_WAIT_FINISHED || this == CLIENT_CONNECTED
                    || this == SERVER_WAIT_FINISHED || this == SERVER_CONNECTED;
        }

        /** The engine has the epoch-1 keys (the server derives them from ClientKeyExchange, the client before its Finished flight). */
        boolean hasKeys() {
            return peerInEpochOne() || this == CLIENT_WAIT_CHANGE_CIPHER_SPEC
                    || this == SERVER_WAIT_CERTIFICATE_VERIFY || this == SERVER_WAIT_CHANGE_CIPHER_SPEC;
        }

        boolean connected() {
            return this == CLIENT_CONNECTED || this == SERVER_CONNECTED;
        }
    }

    /** The columns of the table: every handshake message type, then the other content types. */
    enum Input {
        HELLO_REQUEST(HandshakeType.HELLO_REQUEST, "HelloRequest"),
        CLIENT_HELLO(HandshakeType.CLIENT_HELLO, "ClientHello"),
        HELLO_VERIFY_REQUEST(HandshakeType.HELLO_VERIFY_REQUEST, "HelloVerifyRequest"),
        SERVER_HELLO(HandshakeType.SERVER_HELLO, "ServerHello"),
        CERTIFICATE(HandshakeType.CERTIFICATE, "Certificate"),
        SERVER_KEY_EXCHANGE(HandshakeType.SERVER_KEY_EXCHANGE, "ServerKeyExchange"),
        CERTIFICATE_REQUEST(HandshakeType.CERTIFICATE_REQUEST, "CertificateRequest"),
        SERVER_HELLO_DONE(HandshakeType.SERVER_HELLO_DONE, "ServerHelloDone"),
        CERTIFICATE_VERIFY(HandshakeType.CERTIFICATE_VERIFY, "CertificateVerify"),
        CLIENT_KEY_EXCHANGE(HandshakeType.CLIENT_KEY_EXCHANGE, "ClientKeyExchange"),
        FINISHED(HandshakeType.FINISHED, "Finished"),
        CHANGE_CIPHER_SPEC(-1, "ChangeCipherSpec"),
        APPLICATION_DATA(-1, "application data"),
        ALERT(-1, "fatal alert");

        final int handshakeType;
        final String label;

        Input(int handshakeType, String label) {
            this.handshakeType = handshakeType;
            this.label = label;
        }

        /** What {@link Handshake#kind} calls a record carrying this input. */
        String kind() {
            switch (this) {
                case CHANGE_CIPHER_SPEC: return CCS;
                case APPLICATION_DATA: return "application_data";
                case ALERT: return "alert";
                default: return HandshakeType.name(handshakeType);
            }
        }
    }

    /** What a row expects; its text is compared with the text of what happened. */
    record Expected(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    // the table's cells: ACCEPTED, IGNORED, RETRANSMISSION, FAILED(unexpected_message), the peer's fatal alert, the no_renegotiation warning
    private static final Expected ACC = new Expected("ACCEPTED");
    private static final Expected IGN = new Expected("IGNORED");
    private static final Expected RETX = new Expected("RETRANSMISSION");
    private static final Expected UNEX = failed(AlertDescription.UNEXPECTED_MESSAGE);
    private static final Expected ABORT = new Expected("ABORTED(" + name(AlertDescription.HANDSHAKE_FAILURE) + ")");
    /** A connected engine refuses renegotiation with a warning (RFC 5746 §4, RFC 5246 §7.4.1.1, §7.4.1.2). */
    private static final Expected WARN = new Expected("WARNING(" + name(AlertDescription.NO_RENEGOTIATION) + ")");

    private static Expected failed(AlertDescription alert) {
        return new Expected("FAILED(" + name(alert) + ")");
    }

    /** Makes the records of a row's input, given the run stopped in the row's state. */
    @FunctionalInterface
    interface Injection {
        List<Record> records(Handshake h) throws Exception;
    }

    /** One row: in {@code state}, {@code what} arrives; {@code expected} must happen. A null injection delivers the genuine next record. */
    record Row(State state, String what, Variant variant, Predicate<Handshake> reached, Injection injection,
               Expected expected) {
        @Override
        public String toString() {
            return state.description + " <- " + what + ": " + expected;
        }
    }

    // ---- the table ----

    /**
     * One line per state, one column per {@link Input}, in this order: HelloRequest, ClientHello,
     * HelloVerifyRequest, ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone,
     * CertificateVerify, ClientKeyExchange, Finished, ChangeCipherSpec, application data, fatal alert.
     */
    static Stream<Row> table() {
        List<Row> rows = new ArrayList<>();
        //                                                HReq  CH    HVR   SH    Cert  SKE   CReq  SHD   CV    CKE   Fin   CCS   AppD  Alert
        line(rows, State.CLIENT_WAIT_SERVER_HELLO,        IGN,  UNEX, ACC,  ACC,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.CLIENT_WAIT_CERTIFICATE,         IGN,  UNEX, UNEX, UNEX, ACC,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.CLIENT_WAIT_SERVER_KEY_EXCHANGE, IGN,  UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, UNEX, UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.CLIENT_WAIT_SERVER_HELLO_DONE,   IGN,  UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  ACC,  UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.CLIENT_WAIT_CHANGE_CIPHER_SPEC,  IGN,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  IGN,  ABORT);
        line(rows, State.CLIENT_WAIT_FINISHED,            IGN,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  IGN,  IGN,  ABORT);
        line(rows, State.CLIENT_CONNECTED,                WARN, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, IGN,  ACC,  IGN);
        line(rows, State.SERVER_WAIT_CLIENT_HELLO,        IGN,  ACC,  IGN,  IGN,  IGN,  IGN,  IGN,  IGN,  IGN,  IGN,  IGN,  IGN,  IGN,  IGN);
        line(rows, State.SERVER_WAIT_CERTIFICATE,         UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.SERVER_WAIT_CLIENT_KEY_EXCHANGE, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, IGN,  IGN,  ABORT);
        line(rows, State.SERVER_WAIT_CERTIFICATE_VERIFY,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.SERVER_WAIT_CHANGE_CIPHER_SPEC,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  IGN,  ABORT);
        line(rows, State.SERVER_WAIT_FINISHED,            UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  IGN,  IGN,  ABORT);
        line(rows, State.SERVER_CONNECTED,                UNEX, WARN, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, IGN,  ACC,  IGN);
        // PSK (RFC 4279 §2) and ECDHE_PSK (RFC 5489 §2): no Certificate, no CertificateRequest, no CertificateVerify;
        // the PSK ServerKeyExchange only when the server has a hint, the ECDHE_PSK one always
        //                                                          HReq  CH    HVR   SH    Cert  SKE   CReq  SHD   CV    CKE   Fin   CCS   AppD  Alert
        line(rows, State.CLIENT_PSK_WAIT_SERVER_KEY_EXCHANGE,       IGN,  UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, ACC,  UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.CLIENT_PSK_WAIT_SERVER_HELLO_DONE,         IGN,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.CLIENT_ECDHE_PSK_WAIT_SERVER_KEY_EXCHANGE, IGN,  UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, UNEX, UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.CLIENT_ECDHE_PSK_WAIT_SERVER_HELLO_DONE,   IGN,  UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, UNEX, UNEX, IGN,  IGN,  ABORT);
        line(rows, State.SERVER_PSK_WAIT_CLIENT_KEY_EXCHANGE,       UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, IGN,  IGN,  ABORT);
        line(rows, State.SERVER_ECDHE_PSK_WAIT_CLIENT_KEY_EXCHANGE, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, UNEX, ACC,  UNEX, IGN,  IGN,  ABORT);
        rows.addAll(specialRows());
        return rows.stream();
    }

    /** Cases the grid cannot express: repeats, reordering, several records at once, other epochs. */
    static List<Row> specialRows() {
        return List.of(
                // a repeat is recognised by its message_seq; a changed one cannot be told from a retransmission
                special(State.CLIENT_WAIT_CERTIFICATE, "the same ServerHello repeated unchanged (the server's retransmission)", RETX,
                        h -> List.of(h.retransmittedBy(Side.SERVER, HandshakeType.SERVER_HELLO))),
                special(State.CLIENT_WAIT_CERTIFICATE, "ServerHello repeated with other contents, same message_seq (a repeat: never processed)", RETX,
                        h -> {
                            Record genuine = h.genuineSent(Side.SERVER, HandshakeType.SERVER_HELLO);
                            return List.of(h.plaintext(Side.SERVER, HandshakeType.SERVER_HELLO,
                                    genuine.handshakeHeader().messageSeq(), h.serverHelloWithOtherRandom()));
                        }),
                special(State.CLIENT_WAIT_CHANGE_CIPHER_SPEC, "the server's whole flight 4 again (our Finished flight was lost)", RETX,
                        h -> h.retransmittedFlight(Side.SERVER)),
                special(State.SERVER_WAIT_CERTIFICATE, "the same ClientHello again (the client's retransmission)", RETX,
                        h -> h.retransmittedFlight(Side.CLIENT)),
                special(State.SERVER_CONNECTED, "the client's whole Finished flight again (our Finished was lost)", RETX,
                        h -> h.retransmittedFlight(Side.CLIENT)),
                special(State.SERVER_WAIT_CLIENT_HELLO, "the first ClientHello again, without cookie", RETX,
                        h -> List.of(h.genuineSent(Side.CLIENT, HandshakeType.CLIENT_HELLO).withSequence(h.forgedEpoch0Sequence(Side.CLIENT)))),
                special(State.CLIENT_CONNECTED, "the server's ChangeCipherSpec and Finished again (old message_seq)", IGN,
                        h -> List.of(Records.plaintext(ContentType.CHANGE_CIPHER_SPEC, 0, h.forgedEpoch0Sequence(Side.SERVER), new byte[] {1}),
                                h.resealedFinished(Side.SERVER))),

                // Finished without ChangeCipherSpec
                special(State.SERVER_WAIT_CHANGE_CIPHER_SPEC, "the client's encrypted Finished ahead of its ChangeCipherSpec (reordered)", IGN,
                        h -> List.of(h.nextGenuineTo(Side.SERVER, HandshakeType.name(HandshakeType.FINISHED)))),
                new Row(State.CLIENT_WAIT_CHANGE_CIPHER_SPEC, "the server's encrypted Finished ahead of its ChangeCipherSpec (reordered)",
                        Variant.DEFAULT, h -> h.server.state() == EngineState.CONNECTED,
                        h -> List.of(h.nextGenuineTo(Side.CLIENT, HandshakeType.name(HandshakeType.FINISHED))), IGN),
                special(State.SERVER_WAIT_FINISHED, "a plaintext (epoch-0) Finished after the ChangeCipherSpec", UNEX,
                        h -> List.of(h.plaintext(Side.CLIENT, HandshakeType.FINISHED, h.nextSeq(Side.SERVER), random(12, 1)))),
                special(State.CLIENT_WAIT_FINISHED, "a plaintext (epoch-0) Finished after the ChangeCipherSpec", UNEX,
                        h -> List.of(h.plaintext(Side.SERVER, HandshakeType.FINISHED, h.nextSeq(Side.CLIENT), random(12, 2)))),

                // a client Certificate without CertificateVerify: ChangeCipherSpec and a Finished right for what was sent
                special(State.SERVER_WAIT_CERTIFICATE_VERIFY,
                        "ChangeCipherSpec and an encrypted Finished skipping CertificateVerify", UNEX,
                        HandshakeStateMachineTest::finishedSkippingCertificateVerify),

                // the connected engines: authenticated alerts, and renegotiation as RFC 6347 numbers it
                special(State.CLIENT_CONNECTED, "a fatal alert in epoch 1", ABORT,
                        h -> List.of(h.alert(Side.SERVER, true))),
                special(State.SERVER_CONNECTED, "a fatal alert in epoch 1", ABORT,
                        h -> List.of(h.alert(Side.CLIENT, true))),
                special(State.CLIENT_CONNECTED, "HelloRequest with message_seq 0 (a renegotiation, RFC 6347 §4.2.2)", WARN,
                        h -> List.of(h.sealedHandshake(Side.SERVER, HandshakeType.HELLO_REQUEST, 0, new byte[0]))),
                special(State.SERVER_CONNECTED, "ClientHello with message_seq 0 (a renegotiation, RFC 6347 §4.2.2)", WARN,
                        h -> List.of(h.sealedHandshake(Side.CLIENT, HandshakeType.CLIENT_HELLO, 0, h.clientHelloWithOtherRandom()))),

                // NewSessionTicket (RFC 5077 §3.3) where no ticket was promised: the default client asks, the server has no ring
                special(State.CLIENT_WAIT_CHANGE_CIPHER_SPEC, "NewSessionTicket the ServerHello did not promise", UNEX,
                        h -> List.of(h.plaintext(Side.SERVER, HandshakeType.NEW_SESSION_TICKET, h.nextSeq(Side.CLIENT), h.ticketBody()))),
                special(State.CLIENT_WAIT_SERVER_HELLO_DONE, "NewSessionTicket before ServerHelloDone", UNEX,
                        h -> List.of(h.plaintext(Side.SERVER, HandshakeType.NEW_SESSION_TICKET, h.nextSeq(Side.CLIENT), h.ticketBody()))),
                special(State.CLIENT_CONNECTED, "NewSessionTicket after the handshake (epoch 1)", UNEX,
                        h -> List.of(h.sealedHandshake(Side.SERVER, HandshakeType.NEW_SESSION_TICKET, h.nextSeq(Side.CLIENT), h.ticketBody()))),
                special(State.SERVER_WAIT_CLIENT_KEY_EXCHANGE, "NewSessionTicket from the client", UNEX,
                        h -> List.of(h.plaintext(Side.CLIENT, HandshakeType.NEW_SESSION_TICKET, h.nextSeq(Side.SERVER), h.ticketBody()))),

                // the promised NewSessionTicket of a full handshake (RFC 5077 §3.1 Figure 1)
                row(State.CLIENT_WAIT_NEW_SESSION_TICKET, Variant.TICKETS, "new_session_ticket (the genuine one"
                        + Variant.TICKETS.description + ")", ACC, null),
                row(State.CLIENT_WAIT_NEW_SESSION_TICKET, Variant.TICKETS, "ChangeCipherSpec ahead of the promised NewSessionTicket", IGN,
                        h -> List.of(Records.plaintext(ContentType.CHANGE_CIPHER_SPEC, 0, h.forgedEpoch0Sequence(Side.SERVER), new byte[] {1}))),
                row(State.CLIENT_WAIT_NEW_SESSION_TICKET, Variant.TICKETS, "Finished in place of the promised NewSessionTicket", UNEX,
                        h -> List.of(h.plaintext(Side.SERVER, HandshakeType.FINISHED, h.nextSeq(Side.CLIENT), random(12, 11)))),
                row(State.CLIENT_WAIT_NEW_SESSION_TICKET, Variant.TICKETS, "a truncated NewSessionTicket", failed(AlertDescription.DECODE_ERROR),
                        h -> List.of(h.plaintext(Side.SERVER, HandshakeType.NEW_SESSION_TICKET, h.nextSeq(Side.CLIENT), new byte[] {0, 0, 0}))),

                // the abbreviated handshake (RFC 5246 §7.3, RFC 6347 §4.2.4 Figure 2): after ServerHello echoing the session_id
                row(State.CLIENT_RESUMED_WAIT_CHANGE_CIPHER_SPEC, Variant.RESUMED, "ChangeCipherSpec (the genuine one"
                        + Variant.RESUMED.description + ")", ACC, null),
                row(State.CLIENT_RESUMED_WAIT_CHANGE_CIPHER_SPEC, Variant.RESUMED, "Certificate after a ServerHello that resumed", UNEX,
                        h -> List.of(h.plaintext(Side.SERVER, HandshakeType.CERTIFICATE, h.nextSeq(Side.CLIENT), h.body(HandshakeType.CERTIFICATE, Side.SERVER)))),
                row(State.CLIENT_RESUMED_WAIT_CHANGE_CIPHER_SPEC, Variant.RESUMED, "NewSessionTicket the ServerHello did not promise", UNEX,
                        h -> List.of(h.plaintext(Side.SERVER, HandshakeType.NEW_SESSION_TICKET, h.nextSeq(Side.CLIENT), h.ticketBody()))),
                row(State.CLIENT_RESUMED_WAIT_FINISHED, Variant.RESUMED, "Finished (the genuine one" + Variant.RESUMED.description + ")", ACC, null),
                row(State.SERVER_RESUMED_WAIT_CHANGE_CIPHER_SPEC, Variant.RESUMED, "ChangeCipherSpec (the genuine one"
                        + Variant.RESUMED.description + ")", ACC, null),
                row(State.SERVER_RESUMED_WAIT_CHANGE_CIPHER_SPEC, Variant.RESUMED, "ClientKeyExchange in a resumed handshake", UNEX,
                        h -> List.of(h.plaintext(Side.CLIENT, HandshakeType.CLIENT_KEY_EXCHANGE, h.nextSeq(Side.SERVER),
                                h.body(HandshakeType.CLIENT_KEY_EXCHANGE, Side.CLIENT)))),

                // a resumption that renews the ticket (RFC 5077 §3.1 Figure 2): NewSessionTicket between ServerHello and ChangeCipherSpec
                row(State.CLIENT_RESUMED_WAIT_NEW_SESSION_TICKET, Variant.RESUMED_RENEWING, "new_session_ticket (the genuine one"
                        + Variant.RESUMED_RENEWING.description + ")", ACC, null),
                row(State.CLIENT_RESUMED_WAIT_NEW_SESSION_TICKET, Variant.RESUMED_RENEWING,
                        "ChangeCipherSpec ahead of the promised NewSessionTicket", IGN,
                        h -> List.of(Records.plaintext(ContentType.CHANGE_CIPHER_SPEC, 0, h.forgedEpoch0Sequence(Side.SERVER), new byte[] {1}))));
    }

    private static Row row(State state, Variant variant, String what, Expected expected, Injection injection) {
        return new Row(state, what, variant, state.reached, injection, expected);
    }

    private static void line(List<Row> rows, State state, Expected... expected) {
        Input[] inputs = Input.values();
        if (expected.length != inputs.length) {
            throw new IllegalArgumentException(state + ": " + expected.length + " columns, expected " + inputs.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            Input input = inputs[i];
            Expected e = expected[i];
            String what = input.label + describeEpoch(state, input);
            if (e == ACC && input.handshakeType >= 0 || e == ACC && input == Input.CHANGE_CIPHER_SPEC) {
                // the genuine next message, in the handshake in which it is the next one
                Variant variant = state == State.CLIENT_WAIT_SERVER_HELLO && input == Input.SERVER_HELLO ? Variant.NO_COOKIE
                        : state == State.CLIENT_WAIT_SERVER_HELLO_DONE && input == Input.SERVER_HELLO_DONE ? Variant.NO_CLIENT_AUTH
                        : state == State.CLIENT_PSK_WAIT_SERVER_KEY_EXCHANGE && input == Input.SERVER_HELLO_DONE ? Variant.PSK_NO_HINT
                        : state.variant;
                rows.add(new Row(state, input.label + " (the genuine one" + variant.description + ")",
                        variant, state.reached, null, e));
            } else {
                String note = note(state, input);
                rows.add(new Row(state, what + (note.isEmpty() ? "" : " [" + note + "]"), state.variant, state.reached,
                        h -> h.forge(state, input), e));
            }
        }
    }

    /** Names the cases the table is meant to show, so that they can be found among the rows. */
    private static String note(State state, Input input) {
        boolean clientNegotiating = state.side == Side.CLIENT && !state.connected();
        if (state.psk()) {
            switch (input) {
                case CERTIFICATE:
                    return "Certificate in a " + state.variant.pskSuite.keyExchange() + " suite, "
                            + (state.variant == Variant.ECDHE_PSK ? "RFC 5489 §2" : "RFC 4279 §2");
                case CERTIFICATE_REQUEST:
                    return state.side == Side.CLIENT ? "CertificateRequest in a " + state.variant.pskSuite.keyExchange() + " suite" : "";
                case CERTIFICATE_VERIFY:
                    return state.side == Side.SERVER ? "CertificateVerify in a " + state.variant.pskSuite.keyExchange() + " suite" : "";
                case SERVER_HELLO_DONE:
                    return state == State.CLIENT_ECDHE_PSK_WAIT_SERVER_KEY_EXCHANGE
                            ? "ServerHelloDone without the ServerKeyExchange ECDHE_PSK requires, RFC 5489 §2" : "";
                case SERVER_KEY_EXCHANGE:
                    return state == State.CLIENT_PSK_WAIT_SERVER_HELLO_DONE || state == State.CLIENT_ECDHE_PSK_WAIT_SERVER_HELLO_DONE
                            ? "ServerKeyExchange twice" : "";
                default:
                    break;
            }
        }
        switch (input) {
            case HELLO_REQUEST:
                return clientNegotiating ? "ignored while negotiating, RFC 5246 §7.4.1.1" : "";
            case SERVER_HELLO:
                return clientNegotiating ? "a second ServerHello, other contents, next message_seq" : "";
            case CERTIFICATE:
                return state == State.SERVER_WAIT_CLIENT_KEY_EXCHANGE || state == State.CLIENT_WAIT_SERVER_KEY_EXCHANGE
                        ? "Certificate twice" : "";
            case CLIENT_KEY_EXCHANGE:
                return state == State.SERVER_WAIT_CERTIFICATE ? "ClientKeyExchange without the requested Certificate" : "";
            case CERTIFICATE_VERIFY:
                return state == State.SERVER_WAIT_CLIENT_KEY_EXCHANGE ? "CertificateVerify before ClientKeyExchange" : "";
            case FINISHED:
                return state == State.SERVER_WAIT_CERTIFICATE_VERIFY ? "Finished without CertificateVerify"
                        : state == State.SERVER_WAIT_CHANGE_CIPHER_SPEC || state == State.CLIENT_WAIT_CHANGE_CIPHER_SPEC
                        ? "Finished without ChangeCipherSpec" : "";
            case CHANGE_CIPHER_SPEC:
                return state == State.SERVER_WAIT_FINISHED || state == State.CLIENT_WAIT_FINISHED ? "ChangeCipherSpec twice"
                        : state.connected() ? "ChangeCipherSpec after the handshake"
                        : state == State.SERVER_WAIT_CLIENT_HELLO ? "" : "early ChangeCipherSpec";
            case APPLICATION_DATA:
                return state.hasKeys() && !state.connected() ? "application data before Finished" : "";
            case ALERT:
                return state.connected() ? "unauthenticated alert" : "";
            default:
                return "";
        }
    }

    private static String describeEpoch(State state, Input input) {
        switch (input) {
            case CHANGE_CIPHER_SPEC:
                return "";
            case APPLICATION_DATA:
                return state.hasKeys() ? " (epoch 1)" : " (epoch 0)";
            case ALERT:
                return state.peerInEpochOne() && !state.connected() ? " (epoch 1)" : " (epoch 0)";
            default:
                return state.peerInEpochOne() ? " (epoch 1)" : "";
        }
    }

    private static Row special(State state, String what, Expected expected, Injection injection) {
        return new Row(state, what, Variant.DEFAULT, state.reached, injection, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void stateMachine(Row row) throws Exception {
        Handshake h = new Handshake(row.variant);
        h.runUntil(row.reached, row.state);
        String happened;
        if (row.injection == null) {
            happened = h.deliverGenuineNext(row.state.side, row.what);
        } else {
            happened = h.inject(row.state.side, row.injection.records(h));
        }
        if (Boolean.getBoolean("statemachine.print")) {
            System.out.println("ROW " + row + " => " + happened);
        }
        assertThat(happened).as("%s%nrecords delivered: client %s, server %s", row, h.deliveredKinds(Side.CLIENT),
                h.deliveredKinds(Side.SERVER)).isEqualTo(row.expected.text);
    }

    // ---- the special injections that need more than one record ----

    /**
     * The skipped-CertificateVerify attack (RFC 5246 §7.4.8): the client sent a certificate, leaves out the
     * CertificateVerify it could not sign, and ends with a Finished that is right for what it sent,
     * at the message_seq where CertificateVerify belongs.
     */
    private static List<Record> finishedSkippingCertificateVerify(Handshake h) {
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        // what the server has received and sent, in order: ClientHello (with cookie), flight 4, Certificate, ClientKeyExchange
        transcript.writeBytes(Records.wholeMessages(h.delivered(Side.SERVER).stream()
                .filter(r -> h.kind(r, Side.CLIENT).equals(HandshakeType.name(HandshakeType.CLIENT_HELLO)))
                .reduce((a, b) -> b).orElseThrow()));
        for (Record r : h.lastFlight.get(Side.SERVER)) {
            transcript.writeBytes(Records.wholeMessages(r));
        }
        for (Record r : h.delivered(Side.SERVER)) {
            String kind = h.kind(r, Side.CLIENT);
            if (kind.equals(HandshakeType.name(HandshakeType.CERTIFICATE)) || kind.equals(HandshakeType.name(HandshakeType.CLIENT_KEY_EXCHANGE))) {
                transcript.writeBytes(Records.wholeMessages(r));
            }
        }
        byte[] verifyData = h.secrets().verifyData(true, transcript.toByteArray());
        return List.of(Records.plaintext(ContentType.CHANGE_CIPHER_SPEC, 0, h.forgedEpoch0Sequence(Side.CLIENT), new byte[] {1}),
                h.sealedHandshake(Side.CLIENT, HandshakeType.FINISHED, h.nextSeq(Side.SERVER), new Finished(verifyData).encode()));
    }

    // ---- the driver ----

    /** A client and a server engine, and the records between them, delivered one at a time. */
    static final class Handshake {
        private record Delivery(Side to, Record record) {
        }

        final DtlsEngine client;
        final DtlsEngine server;
        final List<String> keyLog = new ArrayList<>();
        private final Map<Side, List<DtlsEvent>> events = new EnumMap<>(Side.class);
        private final Map<Side, List<Record>> delivered = new EnumMap<>(Side.class);
        private final Map<Side, List<Record>> sent = new EnumMap<>(Side.class);
        final Map<Side, List<Record>> lastFlight = new EnumMap<>(Side.class);
        private final Map<Side, Integer> nextSeq = new EnumMap<>(Side.class);
        private final Map<Side, Long> lastEpoch0Sequence = new EnumMap<>(Side.class);
        private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
        private long forgedEpoch1 = FORGED_EPOCH1_START;
        private long forgedEpoch0;
        private KeyLogSecrets secrets;
        long now = T;

        Handshake(Variant variant) {
            DtlsConfig.Builder clientBuilder = TestConfigs.client(41, SERVER_KEY).keyLog(keyLog::add);
            DtlsConfig.Builder serverBuilder = TestConfigs.server(41, SERVER_KEY).cookieExchange(variant.cookieExchange);
            if (variant.pskSuite != null) {
                clientBuilder.psk(PSK).cipherSuites(variant.pskSuite);
                serverBuilder.pskKeyStore(PskKeyStore.of(PSK)).pskIdentityHint(variant.pskHint).cipherSuites(variant.pskSuite);
            }
            if (variant.clientAuth) {
                clientBuilder.certifiedKey(CLIENT_KEY);
                serverBuilder.clientAuth(ClientAuth.REQUIRED).peerVerifier(TestCredentials.expecting(CLIENT_KEY.leaf()));
            }
            if (variant.resumption == Resumption.NONE) {
                client = DtlsEngine.client(clientBuilder.build(), "server.test");
                server = DtlsEngine.server(serverBuilder.build(), TestConfigs.CLIENT_ADDRESS);
            } else {
                DtlsConfig serverConfig = serverBuilder.build();
                SessionCache cache = variant.resumption == Resumption.SESSION_ID ? new SessionCache() : null;
                TicketKey older = ticketKey(1);
                TicketKeyRing ring = switch (variant.resumption) {
                    case TICKET_ISSUED -> TicketKeyRing.rotating(TestConfigs.seededRandom(43));
                    case TICKET_RENEWED -> TicketKeyRing.of(List.of(older), Duration.ofHours(1));
                    default -> null;
                };
                ResumableSession offered = null;
                if (variant.resumption != Resumption.TICKET_ISSUED) {
                    // an earlier full handshake, without key log, makes the session the client offers
                    DtlsConfig.Builder earlier = TestConfigs.client(42, SERVER_KEY);
                    if (variant.clientAuth) {
                        earlier.certifiedKey(CLIENT_KEY);
                    }
                    SimulatedLink link = SimulatedLink.builder().seed(42).connect(DtlsEngine.client(earlier.build(), "server.test"),
                            DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS, new CookieGate(serverConfig), cache, ring, null));
                    link.handshake();
                    offered = link.client().resumableSession();
                    assertThat(offered).as(link.describe()).isNotNull();
                    if (variant.resumption == Resumption.TICKET_RENEWED) {
                        ring = TicketKeyRing.of(List.of(ticketKey(2), older), Duration.ofHours(1));
                    }
                }
                client = DtlsEngine.client(clientBuilder.build(), "server.test", offered);
                server = DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS, new CookieGate(serverConfig), cache, ring, null);
            }
            for (Side side : Side.values()) {
                events.put(side, new ArrayList<>());
                delivered.put(side, new ArrayList<>());
                sent.put(side, new ArrayList<>());
                lastFlight.put(side, List.of());
                nextSeq.put(side, 0);
                lastEpoch0Sequence.put(side, -1L);
            }
            client.start(now);
            queueOutput(Side.CLIENT);
        }

        DtlsEngine engine(Side side) {
            return side == Side.CLIENT ? client : server;
        }

        List<Record> delivered(Side side) {
            return delivered.get(side);
        }

        /** The message_seq {@code side} expects next: one past the last handshake message delivered to it. */
        int nextSeq(Side side) {
            return nextSeq.get(side);
        }

        boolean lastDelivered(Side side, String kind) {
            List<Record> records = delivered.get(side);
            return !records.isEmpty() && kind(records.get(records.size() - 1), side.peer()).equals(kind);
        }

        List<String> lastFlightKinds(Side side) {
            return kinds(lastFlight.get(side), side);
        }

        List<String> deliveredKinds(Side side) {
            return kinds(delivered.get(side), side.peer());
        }

        List<String> kinds(List<Record> records, Side sender) {
            return records.stream().map(r -> kind(r, sender)).toList();
        }

        /**
         * The messages of a flight as "type#message_seq" (handshake) or the content type's name: a
         * retransmission has the same list as the flight it repeats, a new flight does not.
         */
        List<String> messages(List<Record> records, Side sender) {
            return records.stream().map(r -> r.type() == ContentType.HANDSHAKE
                    ? kind(r, sender) + "#" + handshakeHeader(r, sender).messageSeq() : kind(r, sender)).toList();
        }

        /** What a record carries: the handshake message type's name, or the content type's. */
        String kind(Record record, Side sender) {
            switch (record.type()) {
                case ContentType.HANDSHAKE:
                    return HandshakeType.name(handshakeHeader(record, sender).type());
                case ContentType.CHANGE_CIPHER_SPEC:
                    return CCS;
                default:
                    return ContentType.name(record.type());
            }
        }

        /** The first handshake header of a record {@code sender} sent, opened if it is in epoch 1. */
        HandshakeHeader handshakeHeader(Record record, Side sender) {
            if (record.epoch() == 0) {
                return record.handshakeHeader();
            }
            try {
                return HandshakeHeader.read(new WireReader(plaintextOf(record, sender)));
            } catch (DecodeException e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] plaintextOf(Record record, Side sender) {
            if (record.epoch() == 0) {
                return record.fragment();
            }
            byte[] plaintext = Records.open(secrets().readCipher(sender == Side.CLIENT), record);
            if (plaintext == null) {
                throw new IllegalStateException("cannot open " + record + " from the " + sender);
            }
            return plaintext;
        }

        /** The epoch-1 keys, once the client has logged them and the ServerHello is known. */
        KeyLogSecrets secrets() {
            if (secrets == null) {
                if (keyLog.isEmpty()) {
                    throw new IllegalStateException("no epoch-1 keys yet");
                }
                try {
                    secrets = KeyLogSecrets.of(keyLog.get(0), genuineSent(Side.SERVER, HandshakeType.SERVER_HELLO).handshakeBody());
                } catch (DecodeException e) {
                    throw new IllegalStateException(e);
                }
            }
            return secrets;
        }

        /** Takes out what {@code side} has to send, and its events. */
        List<Record> drain(Side side) {
            DtlsEngine engine = engine(side);
            List<Record> out = new ArrayList<>();
            ByteBuffer d;
            while ((d = engine.pollDatagram()) != null) {
                byte[] b = new byte[d.remaining()];
                d.get(b);
                out.addAll(Records.parse(b));
            }
            DtlsEvent e;
            while ((e = engine.pollEvent()) != null) {
                events.get(side).add(e);
            }
            return out;
        }

        /** What {@code side} sent in answer to genuine input: its next flight, on its way to the peer. */
        private void queueOutput(Side side) {
            List<Record> out = drain(side);
            if (out.isEmpty()) {
                return;
            }
            lastFlight.put(side, out);
            sent.get(side).addAll(out);
            for (Record r : out) {
                if (r.epoch() == 0) {
                    lastEpoch0Sequence.put(side, Math.max(lastEpoch0Sequence.get(side), r.sequence()));
                }
                queue.add(new Delivery(side.peer(), r));
            }
        }

        private void receive(Side side, List<Record> records) {
            engine(side).receive(ByteBuffer.wrap(Records.datagram(records)), now);
        }

        /** Delivers the next genuine record, alone in a datagram, and queues the answer. */
        private Delivery step() {
            Delivery d = queue.poll();
            receive(d.to, List.of(d.record));
            delivered.get(d.to).add(d.record);
            if (d.record.type() == ContentType.HANDSHAKE) {
                int seq = handshakeHeader(d.record, d.to.peer()).messageSeq();
                nextSeq.put(d.to, Math.max(nextSeq.get(d.to), seq + 1));
            }
            queueOutput(d.to);
            return d;
        }

        void runUntil(Predicate<Handshake> reached, State state) {
            for (int steps = 0; !reached.test(this); steps++) {
                if (queue.isEmpty() || steps > 100 || failure(Side.CLIENT) != null || failure(Side.SERVER) != null) {
                    fail("the genuine handshake never reached: " + state.description + "; delivered to the client "
                            + deliveredKinds(Side.CLIENT) + ", to the server " + deliveredKinds(Side.SERVER)
                            + ", events " + events);
                }
                step();
            }
        }

        DtlsEvent.Failed failure(Side side) {
            return events.get(side).stream().filter(e -> e instanceof DtlsEvent.Failed)
                    .map(e -> (DtlsEvent.Failed) e).findFirst().orElse(null);
        }

        // ---- the row's input ----

        /** The genuine next record for {@code side} (its peer runs on until it sends one), delivered as the input. */
        String deliverGenuineNext(Side side, String what) {
            for (int steps = 0; queue.isEmpty() || queue.peek().to != side; steps++) {
                if (queue.isEmpty() || steps > 100) {
                    fail("no genuine record comes to the " + side);
                }
                step();
            }
            now += 2000;
            Record next = queue.peek().record;
            int eventsBefore = events.get(side).size();
            List<Record> flightBefore = lastFlight.get(side);
            assertThat(what).as("the genuine next record for the %s", side).startsWith(labelOf(kind(next, side.peer())) + " (");
            step();
            List<Record> answer = lastFlight.get(side) == flightBefore ? List.of() : lastFlight.get(side);
            return classify(side, eventsBefore, flightBefore, answer, true);
        }

        /** Delivers forged records (one datagram) to {@code side}: what it sends back is not passed on. */
        String inject(Side side, List<Record> records) {
            now += 2000;
            int eventsBefore = events.get(side).size();
            List<Record> flightBefore = lastFlight.get(side);
            receive(side, records);
            List<Record> answer = drain(side);
            return classify(side, eventsBefore, flightBefore, answer, false);
        }

        /**
         * What the engine on {@code side} did with its input: its new events and its answer, then (unless it
         * failed) whether the genuine traffic still completes the handshake. {@code genuine}: the input was
         * the genuine next record, whose answer went on to the peer.
         */
        private String classify(Side side, int eventsBefore, List<Record> flightBefore, List<Record> answer, boolean genuine) {
            List<DtlsEvent> newEvents = List.copyOf(events.get(side).subList(eventsBefore, events.get(side).size()));
            for (DtlsEvent e : newEvents) {
                if (e instanceof DtlsEvent.Failed f) {
                    AlertDescription alert = f.cause().alert();
                    if (f.cause().alertFromPeer()) {
                        return "ABORTED(" + name(alert) + ")" + (answer.isEmpty() ? "" : " and answered " + kinds(answer, side));
                    }
                    List<String> sentAlerts = alerts(answer, side);
                    String expectedAlert = "fatal " + name(alert);
                    return "FAILED(" + name(alert) + ")" + (sentAlerts.equals(List.of(expectedAlert)) ? ""
                            : " but sent " + sentAlerts + " (" + f.cause().getMessage() + ")");
                }
            }
            String reaction;
            List<String> sentAlerts = alerts(answer, side);
            if (newEvents.stream().anyMatch(e -> e instanceof DtlsEvent.ApplicationData)) {
                reaction = "ACCEPTED";
            } else if (!sentAlerts.isEmpty()) {
                reaction = sentAlerts.size() == 1 && sentAlerts.get(0).startsWith("warning ")
                        ? "WARNING(" + sentAlerts.get(0).substring("warning ".length()) + ")" : "SENT " + sentAlerts;
            } else if (newEvents.stream().anyMatch(e -> e instanceof DtlsEvent.HandshakeCompleted)) {
                reaction = "ACCEPTED";
            } else if (!answer.isEmpty()) {
                reaction = messages(answer, side).equals(messages(flightBefore, side)) ? "RETRANSMISSION"
                        : genuine ? "ACCEPTED" : "ANSWERED " + kinds(answer, side);
            } else if (!newEvents.isEmpty()) {
                reaction = "EVENTS " + newEvents;
            } else {
                reaction = null;
            }
            String problem = finish();
            if (reaction == null) {
                return problem == null ? (genuine ? "ACCEPTED" : "IGNORED") : "NO REACTION; then " + problem;
            }
            return problem == null ? reaction : reaction + "; then " + problem;
        }

        /**
         * Lets the genuine traffic continue to the end, then sends application data both ways. Returns null
         * when both engines are connected and the data arrives, else what went wrong.
         */
        String finish() {
            for (int steps = 0; !queue.isEmpty(); steps++) {
                if (steps > 200) {
                    return "the engines never stopped talking";
                }
                Delivery d = step();
                for (Side side : Side.values()) {
                    DtlsEvent.Failed f = failure(side);
                    if (f != null) {
                        String how = f.cause().alertFromPeer() ? "ABORTED" : "FAILED";
                        return how + "(" + name(f.cause().alert()) + ") at the " + side.name().toLowerCase() + " when "
                                + kind(d.record, d.to.peer()) + " arrived (" + f.cause().getMessage() + ")";
                    }
                }
            }
            if (client.state() != EngineState.CONNECTED || server.state() != EngineState.CONNECTED) {
                return "the handshake never completed (client " + client.state() + ", server " + server.state() + ")";
            }
            for (Side from : Side.values()) {
                byte[] data = ("from the " + from).getBytes(StandardCharsets.US_ASCII);
                engine(from).send(ByteBuffer.wrap(data), now);
                receive(from.peer(), drain(from));
                drain(from.peer());
                List<DtlsEvent> received = events.get(from.peer());
                if (received.isEmpty() || !(received.get(received.size() - 1) instanceof DtlsEvent.ApplicationData a)
                        || !Arrays.equals(a.data(), data)) {
                    return "application data from the " + from.name().toLowerCase() + " did not arrive";
                }
            }
            return null;
        }

        /** "fatal unexpected_message" for each alert record in {@code records} that {@code sender} sent. */
        List<String> alerts(List<Record> records, Side sender) {
            List<String> alerts = new ArrayList<>();
            for (Record r : records) {
                if (r.type() == ContentType.ALERT) {
                    byte[] body = plaintextOf(r, sender);
                    String level = body.length == 2 && body[0] == AlertMessage.WARNING ? "warning" : "fatal";
                    AlertDescription d = body.length == 2 ? AlertDescription.fromCode(body[1] & 0xFF) : null;
                    alerts.add(level + " " + (d == null ? Arrays.toString(body) : name(d)));
                }
            }
            return alerts;
        }

        // ---- making inputs ----

        long forgedEpoch0Sequence(Side sender) {
            return lastEpoch0Sequence.get(sender) + FORGED_EPOCH0_GAP + forgedEpoch0++;
        }

        /** A plaintext epoch-0 handshake record as {@code sender} would send it. */
        Record plaintext(Side sender, int type, int messageSeq, byte[] body) {
            return Records.handshake(type, messageSeq, body, forgedEpoch0Sequence(sender));
        }

        /** An epoch-1 handshake record sealed under {@code sender}'s real keys. */
        Record sealedHandshake(Side sender, int type, int messageSeq, byte[] body) {
            byte[] message = Records.handshake(type, messageSeq, body, 0).fragment();
            return Records.sealed(secrets().writeCipher(sender == Side.CLIENT), ContentType.HANDSHAKE, forgedEpoch1++, message);
        }

        /** A fatal handshake_failure alert from {@code sender}, plaintext or sealed. */
        Record alert(Side sender, boolean epochOne) {
            byte[] body = AlertMessage.encode(AlertMessage.FATAL, AlertDescription.HANDSHAKE_FAILURE);
            return epochOne ? Records.sealed(secrets().writeCipher(sender == Side.CLIENT), ContentType.ALERT, forgedEpoch1++, body)
                    : Records.plaintext(ContentType.ALERT, 0, forgedEpoch0Sequence(sender), body);
        }

        /** The grid's input {@code input} for an engine in {@code state}, as its peer would send it. */
        List<Record> forge(State state, Input input) {
            Side sender = state.side.peer();
            switch (input) {
                case CHANGE_CIPHER_SPEC:
                    return List.of(Records.plaintext(ContentType.CHANGE_CIPHER_SPEC, 0, forgedEpoch0Sequence(sender), new byte[] {1}));
                case APPLICATION_DATA: {
                    byte[] data = "forged application data".getBytes(StandardCharsets.US_ASCII);
                    return List.of(state.hasKeys()
                            ? Records.sealed(secrets().writeCipher(sender == Side.CLIENT), ContentType.APPLICATION_DATA, forgedEpoch1++, data)
                            : Records.plaintext(ContentType.APPLICATION_DATA, 0, forgedEpoch0Sequence(sender), data));
                }
                case ALERT:
                    return List.of(alert(sender, state.peerInEpochOne() && !state.connected()));
                default: {
                    byte[] body = body(input.handshakeType, sender);
                    int seq = nextSeq(state.side);
                    return List.of(state.peerInEpochOne() ? sealedHandshake(sender, input.handshakeType, seq, body)
                            : plaintext(sender, input.handshakeType, seq, body));
                }
            }
        }

        /** A well-formed body of handshake message {@code type}. */
        byte[] body(int type, Side sender) {
            switch (type) {
                case HandshakeType.HELLO_REQUEST:
                case HandshakeType.SERVER_HELLO_DONE:
                    return new byte[0];
                case HandshakeType.CLIENT_HELLO:
                    return clientHelloWithOtherRandom();
                case HandshakeType.HELLO_VERIFY_REQUEST:
                    return new HelloVerifyRequest(ProtocolVersion.DTLS_1_0, random(16, 3)).encode();
                case HandshakeType.SERVER_HELLO:
                    return serverHelloWithOtherRandom();
                case HandshakeType.CERTIFICATE:
                    try {
                        return new CertificateMessage(List.of((sender == Side.SERVER ? SERVER_KEY : CLIENT_KEY).leaf().getEncoded())).encode();
                    } catch (CertificateEncodingException e) {
                        throw new IllegalStateException(e);
                    }
                case HandshakeType.SERVER_KEY_EXCHANGE:
                    return new EcdheServerKeyExchange(29, random(32, 4), 0x0403, random(72, 5)).encode();
                case HandshakeType.CERTIFICATE_REQUEST:
                    return new CertificateRequest(new byte[] {(byte) CertificateRequest.ECDSA_SIGN}, new int[] {0x0403}, List.of()).encode();
                case HandshakeType.CERTIFICATE_VERIFY:
                    return new CertificateVerify(0x0403, random(72, 6)).encode();
                case HandshakeType.CLIENT_KEY_EXCHANGE:
                    return new EcdheClientKeyExchange(random(32, 7)).encode();
                case HandshakeType.FINISHED:
                    return new Finished(random(12, 8)).encode();
                default:
                    throw new IllegalArgumentException("handshake type " + type);
            }
        }

        /** A well-formed NewSessionTicket body: a day's hint and a ticket no server sealed. */
        byte[] ticketBody() {
            return new NewSessionTicket(86_400, random(64, 12)).encode();
        }

        private static TicketKey ticketKey(int n) {
            byte[] name = new byte[TicketKey.NAME_LENGTH];
            name[0] = (byte) n;
            return new TicketKey(name, random(16, 20 + n), 0);
        }

        /** The genuine ClientHello the client sent last, with another random: a new ClientHello, not a repeat. */
        byte[] clientHelloWithOtherRandom() {
            try {
                ClientHello hello = ClientHello.decode(lastSent(Side.CLIENT, HandshakeType.CLIENT_HELLO).handshakeBody());
                return new ClientHello(hello.clientVersion(), random(32, 9), hello.sessionId(), hello.cookie(),
                        hello.cipherSuites(), hello.compressionMethods(), hello.extensions()).encode();
            } catch (DecodeException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The genuine ServerHello with another random, or a plausible one before the server has sent any. */
        byte[] serverHelloWithOtherRandom() {
            Record genuine = sent.get(Side.SERVER).stream().filter(r -> r.epoch() == 0 && r.type() == ContentType.HANDSHAKE
                    && r.handshakeHeader().type() == HandshakeType.SERVER_HELLO).findFirst().orElse(null);
            if (genuine == null) {
                return new ServerHello(ProtocolVersion.DTLS_1_2, random(32, 10), new byte[0], 0xC02B, 0, Extensions.EMPTY).encode();
            }
            try {
                ServerHello hello = ServerHello.decode(genuine.handshakeBody());
                return new ServerHello(hello.serverVersion(), random(32, 10), hello.sessionId(), hello.cipherSuite(),
                        hello.compressionMethod(), hello.extensions()).encode();
            } catch (DecodeException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The first epoch-0 record {@code sender} sent carrying handshake message {@code type}. */
        Record genuineSent(Side sender, int type) {
            return sent.get(sender).stream().filter(r -> r.epoch() == 0 && r.type() == ContentType.HANDSHAKE
                    && r.handshakeHeader().type() == type).findFirst().orElseThrow();
        }

        Record lastSent(Side sender, int type) {
            return sent.get(sender).stream().filter(r -> r.epoch() == 0 && r.type() == ContentType.HANDSHAKE
                    && r.handshakeHeader().type() == type).reduce((a, b) -> b).orElseThrow();
        }

        /** The next genuine record on its way to {@code side} of {@code kind}, taken as it is (it stays queued too). */
        Record nextGenuineTo(Side side, String kind) {
            return queue.stream().filter(d -> d.to == side && kind(d.record, side.peer()).equals(kind))
                    .map(Delivery::record).findFirst().orElseThrow(() -> new IllegalStateException("no " + kind + " queued to the " + side));
        }

        /** {@code sender}'s own retransmission of its last flight: its timer is made to fire. */
        List<Record> retransmittedFlight(Side sender) {
            DtlsEngine engine = engine(sender);
            now = Math.max(now, engine.nextDeadline());
            assertThat(engine.nextDeadline()).as("the %s has a retransmission timer", sender).isNotEqualTo(Long.MAX_VALUE);
            engine.handleTimeout(now);
            List<Record> again = drain(sender);
            assertThat(messages(again, sender)).as("the %s's retransmission", sender).isEqualTo(messages(lastFlight.get(sender), sender));
            return again;
        }

        /** The record with handshake message {@code type} from {@code sender}'s own retransmission of its last flight. */
        Record retransmittedBy(Side sender, int type) {
            return retransmittedFlight(sender).stream()
                    .filter(r -> kind(r, sender).equals(HandshakeType.name(type))).findFirst().orElseThrow();
        }

        /** {@code sender}'s Finished again, protected anew under a fresh record sequence number, as a retransmission is. */
        Record resealedFinished(Side sender) {
            Record finished = sent.get(sender).stream().filter(r -> r.epoch() == 1 && r.type() == ContentType.HANDSHAKE)
                    .findFirst().orElseThrow();
            return Records.sealed(secrets().writeCipher(sender == Side.CLIENT), ContentType.HANDSHAKE, forgedEpoch1++,
                    plaintextOf(finished, sender));
        }
    }

    /** The first word of a row's input label, as {@link Input#kind()} names it. */
    private static String labelOf(String kind) {
        for (Input input : Input.values()) {
            if (input.kind().equals(kind)) {
                return input.label;
            }
        }
        return kind;
    }

    private static String name(AlertDescription alert) {
        return alert == null ? "none" : alert.name().toLowerCase();
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
