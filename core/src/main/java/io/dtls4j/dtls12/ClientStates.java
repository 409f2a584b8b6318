package io.dtls4j.dtls12;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.auth.KeyKinds;
import io.dtls4j.auth.AuthenticatedPeer;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.crypto.Signatures;
import io.dtls4j.handshake.EpochKeys;
import io.dtls4j.handshake.Flight;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeOutput;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.CertificateMessage;
import io.dtls4j.handshake.message.CertificateRequest;
import io.dtls4j.handshake.message.CertificateType;
import io.dtls4j.handshake.message.CertificateVerify;
import io.dtls4j.handshake.message.ClientHello;
import io.dtls4j.handshake.message.EcdheServerKeyExchange;
import io.dtls4j.handshake.message.Finished;
import io.dtls4j.handshake.message.HelloVerifyRequest;
import io.dtls4j.handshake.message.NewSessionTicket;
import io.dtls4j.handshake.message.PskServerKeyExchange;
import io.dtls4j.handshake.message.ServerHello;
import io.dtls4j.handshake.message.ServerHelloDone;
import io.dtls4j.record.ProtocolVersion;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.wire.DecodeException;

import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;

/**
 * The client side of the DTLS 1.2 full handshake (RFC 6347 §4.2, RFC 5246 §7.3), one type per state:
 * <pre>
 * ClientHello            →
 *                        ←  HelloVerifyRequest (optional, then ClientHello again with the cookie)
 *                        ←  ServerHello, Certificate, ServerKeyExchange, [CertificateRequest], ServerHelloDone
 *                           (PSK, ECDHE_PSK: ServerHello, [ServerKeyExchange], ServerHelloDone)
 * [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished  →
 *                        ←  ChangeCipherSpec, Finished
 * </pre>
 * or, when the server resumes the session the client offered (RFC 5246 §7.3, Figure 2 of RFC 6347):
 * <pre>
 * ClientHello (session_id) →
 *                        ←  ServerHello (same session_id), ChangeCipherSpec, Finished
 * ChangeCipherSpec, Finished  →
 * </pre>
 * With session tickets (RFC 5077 §3.1) the client sends its ticket, or an empty one to ask for one, in
 * the SessionTicket extension; a server that answers with the extension sends NewSessionTicket just
 * before its ChangeCipherSpec, in either handshake ({@link ExpectNewSessionTicket}).
 * The peer's Finished is {@link ExpectFinished} on both sides and in both orders.
 */
final class ClientStates {
    /** A server that keeps answering with HelloVerifyRequest is given up on after this many. */
    static final int MAX_HELLO_VERIFY_REQUESTS = 4;

    private ClientStates() {
    }

    /** Flight 1: the first ClientHello. */
    static State.Step start(Dtls12Context context, long now) {
        context.clientRandom = context.newRandom();
        // RFC 5246 §7.4.1.2: the session_id of the session to resume, or empty for a new one
        byte[] sessionId = context.offered != null ? context.offered.id() : new byte[0];
        if (context.offered != null && context.offered.hasTicket() && context.config.sessionTickets()) {
            // RFC 5077 §3.4: the ticket names the session; a fresh session_id of our own, echoed only if the
            // server accepts the ticket, tells a resumption from a full handshake
            context.negotiation.offeredTicket = context.offered.ticket();
            sessionId = new byte[ClientHello.MAX_SESSION_ID_LENGTH];
            context.config.random().nextBytes(sessionId);
        }
        context.offeredSessionId = sessionId;
        ClientHello hello = new ClientHello(ProtocolVersion.DTLS_1_2, context.clientRandom, sessionId, new byte[0],
                Dtls12Context.clientSuites(context.config).stream().mapToInt(CipherSuite::id).toArray(), new byte[] {0},
                context.extensions.offer(context.negotiation));
        return sendHello(context, hello, 0);
    }

    private static State.Step sendHello(Dtls12Context context, ClientHello hello, int helloVerifyRequests) {
        Flight flight = new Flight(true);
        flight.add(context.outgoing(HandshakeType.CLIENT_HELLO, hello.encode(), 0));
        return new State.Step(new ExpectServerHello(context, hello, helloVerifyRequests), HandshakeOutput.send(flight));
    }

    /** Waiting for ServerHello, or a HelloVerifyRequest asking for the ClientHello again with a cookie. */
    static final class ExpectServerHello extends Dtls12State {
        private final ClientHello hello;
        private final int helloVerifyRequests;

        ExpectServerHello(Dtls12Context context, ClientHello hello, int helloVerifyRequests) {
            super(context);
            this.hello = hello;
            this.helloVerifyRequests = helloVerifyRequests;
        }

        @Override
        public String expecting() {
            return "ServerHello";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            if (message.type() == HandshakeType.HELLO_VERIFY_REQUEST) {
                return onHelloVerifyRequest(message);
            }
            Dtls12Context.require(message, HandshakeType.SERVER_HELLO, expecting(), 0);
            ServerHello serverHello = ServerHello.decode(message.body());
            if (serverHello.serverVersion() != ProtocolVersion.DTLS_1_2) {
                throw new DtlsException(AlertDescription.PROTOCOL_VERSION,
                        String.format("server chose version 0x%04x; only DTLS 1.2 (0xfefd) is offered", serverHello.serverVersion()));
            }
            CipherSuite chosen = CipherSuite.fromId(serverHello.cipherSuite());
            if (chosen == null || !Dtls12Context.clientSuites(context.config).contains(chosen)) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                        String.format("server chose cipher suite 0x%04x, which was not offered", serverHello.cipherSuite()));
            }
            if (serverHello.compressionMethod() != 0) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server chose compression, which was not offered");
            }
            context.extensions.readAnswer(serverHello.extensions(), hello.extensions(), context.negotiation);
            context.suite = chosen;
            context.serverRandom = serverHello.random();
            context.received(message);
            if (context.offered != null && context.offeredSessionId.length > 0
                    && Arrays.equals(context.offeredSessionId, serverHello.sessionId())) {
                return resume(context.offered);
            }
            // RFC 5246 §7.4.1.3: any other session_id names a new session (empty: one that cannot be resumed)
            context.sessionId = serverHello.sessionId();
            return Step.to(chosen.keyExchange().psk() ? new ExpectPskServerKeyExchange(context) : new ExpectServerCertificate(context));
        }

        /**
         * The server resumes the offered session (RFC 5246 §7.3): the keys come from its master secret
         * now, and the server's ChangeCipherSpec and Finished follow. The suite must be the session's
         * (§7.4.1.3), and the extended master secret must be used exactly as the session used it
         * (RFC 7627 §5.3: otherwise the client aborts).
         */
        private Step resume(ResumableSession session) throws DtlsException {
            if (context.suite != session.cipherSuite()) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server resumes our session with cipher suite "
                        + context.suite + ", and the session's is " + session.cipherSuite());
            }
            if (context.negotiation.extendedMasterSecret != session.extendedMasterSecret()) {
                throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "server resumes our session "
                        + (session.extendedMasterSecret() ? "without" : "with") + " the extended master secret, which the session "
                        + (session.extendedMasterSecret() ? "used" : "did not use") + " (RFC 7627 §5.3)");
            }
            context.group = session.info().namedGroup();
            context.sessionId = context.offeredSessionId;
            EpochKeys keys = context.resumeKeys(session);
            return new Step(ExpectNewSessionTicket.ifIssued(context, new ExpectChangeCipherSpec(new ExpectFinished(context))),
                    HandshakeOutput.install(keys));
        }

        private Step onHelloVerifyRequest(HandshakeMessage message) throws DtlsException, DecodeException {
            Dtls12Context.expectEpoch(message, 0);
            HelloVerifyRequest request = HelloVerifyRequest.decode(message.body());
            if (helloVerifyRequests + 1 > MAX_HELLO_VERIFY_REQUESTS) {
                throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "server sent too many HelloVerifyRequests");
            }
            if (request.cookie().length == 0) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "HelloVerifyRequest with an empty cookie");
            }
            // RFC 6347 §4.2.6: the first ClientHello and the HelloVerifyRequest stay out of the transcript
            context.transcript.reset();
            return sendHello(context, hello.withCookie(request.cookie()), helloVerifyRequests + 1);
        }
    }

    /** Waiting for the server's Certificate (of the type RFC 7250 negotiated). */
    static final class ExpectServerCertificate extends Dtls12State {
        ExpectServerCertificate(Dtls12Context context) {
            super(context);
        }

        @Override
        public String expecting() {
            return "Certificate";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            Dtls12Context.require(message, HandshakeType.CERTIFICATE, expecting(), 0);
            if (!context.negotiation.peers.accepts(context.peerCertificateType())) {
                // reached only by a client with a PSK, whose certificate type answer was not checked (CertificateTypeExtension)
                throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, context.peerCertificateType() == CertificateType.X509
                        ? "server authenticates with an X.509 certificate, and no peer verifier is configured"
                        : "server authenticates with a raw public key, and no raw public key verifier is configured");
            }
            AuthenticatedPeer peer = context.negotiation.peers.authenticate(message.body(), context.peerCertificateType(),
                    true, context.negotiation.serverName, context.suite.keyExchange(), context.suite);
            if (peer == null) {
                throw new DtlsException(AlertDescription.BAD_CERTIFICATE, "server sent no certificate");
            }
            context.peer = peer;
            context.received(message);
            return Step.to(new ExpectServerKeyExchange(context));
        }
    }

    /** Waiting for ServerKeyExchange: the server's ECDHE parameters, signed with its key. */
    static final class ExpectServerKeyExchange extends Dtls12State {
        ExpectServerKeyExchange(Dtls12Context context) {
            super(context);
        }

        @Override
        public String expecting() {
            return "ServerKeyExchange";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            Dtls12Context.require(message, HandshakeType.SERVER_KEY_EXCHANGE, expecting(), 0);
            EcdheServerKeyExchange exchange = EcdheServerKeyExchange.decode(message.body());
            NamedGroup chosenGroup = NamedGroup.fromId(exchange.namedGroup());
            if (chosenGroup == null || !context.config.namedGroups().contains(chosenGroup)) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server chose group " + exchange.namedGroup() + ", which was not offered");
            }
            SignatureScheme scheme = SignatureScheme.fromId(exchange.signatureScheme());
            PublicKey key = context.peer.key();
            if (scheme == null || !context.config.signatureSchemes().contains(scheme) || !Signatures.canVerify(scheme, key)) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, String.format(
                        "server signed ServerKeyExchange with scheme 0x%04x, which was not offered or does not fit the key of its %s",
                        exchange.signatureScheme(), context.peerIdentity()));
            }
            EcdheKeyExchange keyExchange = EcdheKeyExchange.client(chosenGroup, exchange.publicKey(), context.config);
            if (context.config.cryptoExecutor() != null) {
                // the ECDH needs only the server's value: it runs beside the signature check, its result is
                // used only if the signature verifies (DtlsConfig.Builder#cryptoExecutor)
                keyExchange.startAgreement(context.config.cryptoExecutor());
            }
            byte[] signed = EcdheServerKeyExchange.signedData(context.clientRandom, context.serverRandom, exchange.encodeParams());
            if (!Signatures.verify(scheme, key, signed, exchange.signature())) {
                keyExchange.discard();
                throw new DtlsException(AlertDescription.DECRYPT_ERROR, "ServerKeyExchange signature (" + scheme
                        + ") does not verify with the key of the " + context.peerIdentity());
            }
            context.group = chosenGroup;
            context.peerSignatureScheme = scheme;
            context.received(message);
            return Step.to(new ExpectServerHelloDone(context, keyExchange, null));
        }
    }

    /**
     * PSK and ECDHE_PSK: waiting for the unsigned ServerKeyExchange with the psk_identity_hint (and the
     * ECDH parameters), which a plain PSK server may leave out (RFC 4279 §2: then ServerHelloDone).
     */
    static final class ExpectPskServerKeyExchange extends Dtls12State {
        ExpectPskServerKeyExchange(Dtls12Context context) {
            super(context);
        }

        private boolean ecdhe() {
            return context.suite.keyExchange() == CipherSuite.KeyExchange.ECDHE_PSK;
        }

        @Override
        public String expecting() {
            return ecdhe() ? "ServerKeyExchange" : "ServerKeyExchange or ServerHelloDone";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            if (!ecdhe() && message.type() == HandshakeType.SERVER_HELLO_DONE) {
                return new ExpectServerHelloDone(context, keyExchange(null, null, null), null).onMessage(message, now);
            }
            Dtls12Context.require(message, HandshakeType.SERVER_KEY_EXCHANGE, expecting(), 0);
            PskServerKeyExchange exchange = PskServerKeyExchange.decode(message.body(), ecdhe());
            NamedGroup chosenGroup = null;
            if (ecdhe()) {
                chosenGroup = NamedGroup.fromId(exchange.namedGroup());
                if (chosenGroup == null || !context.config.namedGroups().contains(chosenGroup)) {
                    throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server chose group " + exchange.namedGroup() + ", which was not offered");
                }
                context.group = chosenGroup;
            }
            // RFC 4279 §5.2: the hint is UTF-8 text; one that is not is passed on as best it decodes
            String hint = new String(exchange.identityHint(), StandardCharsets.UTF_8);
            KeyExchange keyExchange = keyExchange(hint, chosenGroup, exchange.publicKey());
            context.received(message);
            return Step.to(new ExpectServerHelloDone(context, keyExchange, null));
        }

        private KeyExchange keyExchange(String hint, NamedGroup group, byte[] serverPublicValue) throws DtlsException {
            PreSharedKey key = context.config.pskClient().choose(hint);
            if (key == null) {
                throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, hint == null
                        ? "we have no pre-shared key for this server (it sent no identity hint)"
                        : "we have no pre-shared key for this server's identity hint " + PskKeyExchange.printable(hint));
            }
            return PskKeyExchange.client(key, group, serverPublicValue, context.config);
        }
    }

    /** Waiting for ServerHelloDone, or (once) a CertificateRequest before it. */
    static final class ExpectServerHelloDone extends Dtls12State {
        private final KeyExchange exchange;
        private final CertificateRequest certificateRequest;

        ExpectServerHelloDone(Dtls12Context context, KeyExchange exchange, CertificateRequest certificateRequest) {
            super(context);
            this.exchange = exchange;
            this.certificateRequest = certificateRequest;
        }

        /** RFC 4279 §2, RFC 5489 §2: a PSK server does not ask for certificates. */
        private boolean mayRequestCertificate() {
            return certificateRequest == null && context.suite.keyExchange().certificates();
        }

        @Override
        public String expecting() {
            return mayRequestCertificate() ? "CertificateRequest or ServerHelloDone" : "ServerHelloDone";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            try {
                return onServerMessage(message);
            } catch (DtlsException | DecodeException | RuntimeException e) {
                exchange.discard();
                throw e;
            }
        }

        private Step onServerMessage(HandshakeMessage message) throws DtlsException, DecodeException {
            if (message.type() == HandshakeType.CERTIFICATE_REQUEST && mayRequestCertificate()) {
                Dtls12Context.expectEpoch(message, 0);
                CertificateRequest request = CertificateRequest.decode(message.body());
                context.received(message);
                return Step.to(new ExpectServerHelloDone(context, exchange, request));
            }
            Dtls12Context.require(message, HandshakeType.SERVER_HELLO_DONE, expecting(), 0);
            ServerHelloDone.decode(message.body());
            context.received(message);
            return sendKeyExchangeFlight();
        }

        /** Flight 5: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished. */
        private Step sendKeyExchangeFlight() throws DtlsException, DecodeException {
            byte[] preMasterSecret = exchange.premasterSecret(null);
            context.pskIdentity = exchange.pskIdentity();
            Flight flight = new Flight(true);
            SignatureScheme ourScheme = null;
            int ourType = context.ourCertificateType();
            if (certificateRequest != null) {
                if (context.negotiation.identity.has(ourType)) {
                    ourScheme = KeyKinds.chooseScheme(context.config.signatureSchemes(), certificateRequest.signatureSchemes(),
                            context.negotiation.identity.privateKey(ourType), certificateRequest.certificateTypes());
                }
                if (ourScheme == null && ourType == CertificateType.RAW_PUBLIC_KEY) {
                    // RFC 7250 §3: a raw key Certificate holds SubjectPublicKeyInfo<1..2^24-1>; there is no empty one to send
                    throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "the server asked for our "
                            + context.negotiation.identity.describe(ourType) + " signed with one of "
                            + schemeNames(certificateRequest.signatureSchemes()) + ", and it can sign none of them");
                }
                // RFC 5246 §7.4.6: when asked, the client sends a Certificate even if it has none (empty list)
                byte[] body = ourScheme != null ? context.negotiation.identity.certificateBody(ourType)
                        : new CertificateMessage(List.of()).encode();
                flight.add(context.outgoing(HandshakeType.CERTIFICATE, body, 0));
            }
            flight.add(context.outgoing(HandshakeType.CLIENT_KEY_EXCHANGE, exchange.clientKeyExchange(), 0));
            EpochKeys keys = context.deriveKeys(preMasterSecret);
            if (ourScheme != null) {
                byte[] signature;
                try {
                    signature = Signatures.sign(ourScheme, context.negotiation.identity.privateKey(ourType),
                            context.transcript.bytes(), context.config.random());
                } catch (GeneralSecurityException e) {
                    throw new DtlsException(AlertDescription.INTERNAL_ERROR, "cannot sign CertificateVerify: " + e.getMessage(), e);
                }
                flight.add(context.outgoing(HandshakeType.CERTIFICATE_VERIFY, new CertificateVerify(ourScheme.id(), signature).encode(), 0));
            }
            context.changeCipherSpec(flight);
            flight.add(context.outgoing(HandshakeType.FINISHED, new Finished(context.verifyData(true)).encode(),
                    Dtls12Context.NEGOTIATED_EPOCH));
            return new Step(ExpectNewSessionTicket.ifIssued(context, new ExpectChangeCipherSpec(new ExpectFinished(context))),
                    HandshakeOutput.install(keys).then(HandshakeOutput.send(flight)));
        }

        private static String schemeNames(int[] ids) {
            StringBuilder names = new StringBuilder("[");
            for (int id : ids) {
                SignatureScheme scheme = SignatureScheme.fromId(id);
                names.append(names.length() > 1 ? ", " : "").append(scheme != null ? scheme.name() : String.format("0x%04x", id));
            }
            return names.append(']').toString();
        }
    }

    /**
     * Waiting for the NewSessionTicket the server's empty SessionTicket extension promised (RFC 5077
     * §3.3): after our Finished in a full handshake, right after ServerHello in a resumed one, always
     * before the server's ChangeCipherSpec. The ticket counts only once the server's Finished verifies.
     * Where the server did not promise one, the states that follow treat it as unexpected_message.
     */
    static final class ExpectNewSessionTicket extends Dtls12State {
        private final State next;

        private ExpectNewSessionTicket(Dtls12Context context, State next) {
            super(context);
            this.next = next;
        }

        /** {@code next}, preceded by this state when the ServerHello promised a ticket. */
        static State ifIssued(Dtls12Context context, State next) {
            return context.negotiation.sessionTicketIssued ? new ExpectNewSessionTicket(context, next) : next;
        }

        @Override
        public String expecting() {
            return "NewSessionTicket";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            Dtls12Context.require(message, HandshakeType.NEW_SESSION_TICKET, expecting(), 0);
            context.receivedTicket = NewSessionTicket.decode(message.body());
            context.ticketReceivedAt = now;
            context.received(message);
            return Step.to(next);
        }
    }
}
