package io.dtls4j.dtls12;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.auth.AuthenticatedPeer;
import io.dtls4j.auth.KeyKinds;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.crypto.NamedCurves;
import io.dtls4j.crypto.Signatures;
import io.dtls4j.handshake.EpochKeys;
import io.dtls4j.handshake.Flight;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeOutput;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.CertificateRequest;
import io.dtls4j.handshake.message.CertificateVerify;
import io.dtls4j.handshake.message.ClientHello;
import io.dtls4j.handshake.message.EcdheServerKeyExchange;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.handshake.message.Finished;
import io.dtls4j.handshake.message.ServerHello;
import io.dtls4j.handshake.message.ServerHelloDone;
import io.dtls4j.record.ProtocolVersion;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.wire.DecodeException;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * The server side of the DTLS 1.2 handshake (RFC 6347 §4.2, RFC 5246 §7.3), one type per state: the
 * full handshake, or the abbreviated one when the ClientHello names a session this server may resume. The cookie exchange happens before the first state sees the ClientHello
 * ({@code CookieGate}), so the first message here is the ClientHello that carries a valid cookie.
 */
final class ServerStates {
    /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3). */
    private static final int RENEGOTIATION_SCSV = 0x00FF;

    private ServerStates() {
    }

    /** Waiting for the ClientHello that passed the cookie exchange. */
    static final class ExpectClientHello extends Dtls12State {
        ExpectClientHello(Dtls12Context context) {
            super(context);
        }

        @Override
        public String expecting() {
            return "ClientHello";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            Dtls12Context.require(message, HandshakeType.CLIENT_HELLO, expecting(), 0);
            ClientHello hello = ClientHello.decode(message.body());
            int version = hello.clientVersion();
            // DTLS versions count down: 1.0 = 0xfeff, 1.2 = 0xfefd (RFC 6347 §4.1)
            if ((version >> 8) != 0xFE || version > ProtocolVersion.DTLS_1_2) {
                throw new DtlsException(AlertDescription.PROTOCOL_VERSION,
                        String.format("client offers version 0x%04x; DTLS 1.2 (0xfefd) is the lowest accepted", version));
            }
            if (!KeyKinds.contains(hello.compressionMethods(), 0)) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "ClientHello does not offer the null compression method");
            }
            var n = context.negotiation;
            context.extensions.readOffer(hello.extensions(), n);
            n.secureRenegotiation |= KeyKinds.contains(hello.cipherSuites(), RENEGOTIATION_SCSV);
            ResumableSession resumable = resumable(hello, now);
            if (resumable != null) {
                return resume(message, hello, resumable);
            }
            // RFC 8422 §4: without supported_groups any curve may be used; secp256r1 is the safe choice
            int[] clientGroups = n.clientGroups == null ? new int[] {NamedGroup.SECP256R1.id()} : n.clientGroups;

            NamedGroup chosenGroup = null;
            for (NamedGroup g : context.config.namedGroups()) {
                if (KeyKinds.contains(clientGroups, g.id())) {
                    chosenGroup = g;
                    break;
                }
            }
            int ourType = context.ourCertificateType();
            PrivateKey ourKey = ourType >= 0 && n.identity.has(ourType) ? n.identity.privateKey(ourType) : null;
            NamedGroup ourCurve = ourKey == null ? null : NamedCurves.groupOf(ourKey);
            // RFC 8422 §5.3: our ECDSA key must be on a curve the client listed, or no ECC suite may be chosen
            // (OpenSSL clients refuse such a certificate with illegal_parameter, "wrong curve")
            boolean curveListed = n.clientGroups == null || ourCurve == null || KeyKinds.contains(clientGroups, ourCurve.id());
            CipherSuite.KeyExchange ourKind = ourKey == null ? null : KeyKinds.keyExchangeFor(ourKey);
            SignatureScheme scheme = ourKey == null ? null
                    : KeyKinds.chooseScheme(context.config.signatureSchemes(), n.clientSignatureSchemes, ourKey, null);
            boolean psk = context.config.pskKeyStore() != null;
            CipherSuite chosenSuite = null;
            for (CipherSuite candidate : context.config.cipherSuites()) {
                CipherSuite.KeyExchange kind = candidate.keyExchange();
                boolean usable = kind.psk()
                        ? psk && (kind == CipherSuite.KeyExchange.PSK || chosenGroup != null)
                        : kind == ourKind && chosenGroup != null && curveListed && scheme != null;
                if (usable && KeyKinds.contains(hello.cipherSuites(), candidate.id())) {
                    chosenSuite = candidate;
                    break;
                }
            }
            if (chosenSuite == null) {
                throw noSuiteInCommon(hello.cipherSuites(), chosenGroup, ourKey, ourCurve, curveListed, scheme);
            }
            context.suite = chosenSuite;
            context.group = chosenSuite.keyExchange() == CipherSuite.KeyExchange.PSK ? null : chosenGroup;
            context.clientRandom = hello.random();
            // the server's message_seq follows the client's (RFC 6347 §4.2.2; 1 after a cookie exchange)
            context.nextSendSeq = message.messageSeq();
            context.received(message);
            return chosenSuite.keyExchange().psk() ? sendPskHelloFlight(hello.extensions()) : sendHelloFlight(scheme, hello.extensions());
        }

        /**
         * The session the client asks to resume, from its ticket (RFC 5077 §3.4, when this server has a
         * ticket key ring) or else from the cache by session_id, if it may be (RFC 5246 §7.4.1.2): known
         * (or opened) and not expired, for the same server_name (RFC 6066 §3), its suite still allowed here and offered by the
         * client, and both the session and this ClientHello with the extended master secret (RFC 7627 §5.3:
         * a session without it is not resumed into one with it, a session with it not into a hello without
         * it, and one without it on both sides not at all), and allowed by the application's
         * {@code ResumptionPolicy}. Otherwise null: a full handshake makes a new session.
         */
        private ResumableSession resumable(ClientHello hello, long now) {
            byte[] ticket = context.negotiation.clientTicket;
            if (context.ticketKeyRing != null && ticket != null && ticket.length > 0) {
                // RFC 5077 §3.4: with a ticket, the session_id is the client's own and names no cached session
                SessionTickets.Opened opened = SessionTickets.open(context.ticketKeyRing, ticket, context.config.wallClock().millis());
                if (opened == null || !mayResume(hello, opened.session())) {
                    return null;
                }
                context.renewTicket = opened.renew();
                return opened.session();
            }
            byte[] id = hello.sessionId();
            if (context.sessionCache == null || id.length == 0) {
                return null;
            }
            ResumableSession session = context.sessionCache.get(id, now);
            return session != null && mayResume(hello, session) ? session : null;
        }

        /** The checks of {@link #resumable} that cached sessions and tickets share. */
        private boolean mayResume(ClientHello hello, ResumableSession session) {
            // RFC 6066 §3: not for another server_name than the session was made with
            if (!Objects.equals(session.serverName(), context.negotiation.requestedServerName)
                    || !session.extendedMasterSecret() || !context.negotiation.extendedMasterSecret
                    || !context.config.cipherSuites().contains(session.cipherSuite())
                    || !KeyKinds.contains(hello.cipherSuites(), session.cipherSuite().id())) {
                return false;
            }
            // the application's re-check of the stored identity: a resumption skips authentication
            return context.resumptionPolicy.mayResume(session);
        }

        /**
         * The abbreviated handshake (RFC 5246 §7.3, Figure 2 of RFC 6347): ServerHello with the session's
         * ID and suite, ChangeCipherSpec, Finished. It expects the client's ChangeCipherSpec and
         * Finished, so it is retransmitted until they come (RFC 6347 §4.2.4).
         */
        private Step resume(HandshakeMessage message, ClientHello hello, ResumableSession session) throws DtlsException {
            context.suite = session.cipherSuite();
            context.group = session.info().namedGroup();
            context.clientRandom = hello.random();
            context.nextSendSeq = message.messageSeq();
            context.received(message);
            context.serverRandom = context.newRandom();
            boolean ticket = context.negotiation.clientTicket != null && context.negotiation.clientTicket.length > 0
                    && context.ticketKeyRing != null;
            // RFC 5077 §3.4: a ticket's session is named by the session_id the client chose, echoed
            context.sessionId = ticket ? hello.sessionId() : session.id();
            // RFC 5077 §3.3: renew a ticket sealed under a key that no longer seals, so that the client moves on before it expires
            context.negotiation.sessionTicketIssued = ticket && context.renewTicket;
            Extensions extensions = context.extensions.answer(hello.extensions(), context.negotiation);
            Flight flight = new Flight(true);
            flight.add(context.outgoing(HandshakeType.SERVER_HELLO, new ServerHello(ProtocolVersion.DTLS_1_2,
                    context.serverRandom, context.sessionId, context.suite.id(), 0, extensions).encode(), 0));
            if (context.negotiation.sessionTicketIssued) {
                // RFC 5077 §3.1 Figure 2: ServerHello, NewSessionTicket, ChangeCipherSpec, Finished
                flight.add(context.outgoing(HandshakeType.NEW_SESSION_TICKET,
                        SessionTickets.issue(context.ticketKeyRing, session, context.config.wallClock().millis(),
                                context.config.random()).encode(), 0));
            }
            EpochKeys keys = context.resumeKeys(session);
            context.changeCipherSpec(flight);
            flight.add(context.outgoing(HandshakeType.FINISHED, new Finished(context.verifyData(false)).encode(),
                    Dtls12Context.NEGOTIATED_EPOCH));
            return new Step(new ExpectChangeCipherSpec(new ExpectFinished(context)),
                    HandshakeOutput.install(keys).then(HandshakeOutput.send(flight)));
        }

        /**
         * A new session's ID when this server keeps sessions (RFC 5246 §7.4.1.3), else empty: not
         * resumable by ID. Decides too whether this server issues a ticket (RFC 5077 §3.2: it has a key
         * ring and the client sent the extension); then the ID is empty as RFC 5077 §3.4 advises, the
         * ticket being the session's only name.
         */
        private byte[] newSessionId() {
            context.negotiation.sessionTicketIssued = context.ticketKeyRing != null && context.negotiation.clientTicket != null;
            if (context.sessionCache == null || context.negotiation.sessionTicketIssued) {
                return new byte[0];
            }
            byte[] id = new byte[ClientHello.MAX_SESSION_ID_LENGTH];
            context.config.random().nextBytes(id);
            return id;
        }

        /**
         * Why no suite could be chosen, in the words most useful to whoever reads the log: a PSK
         * client at a server without PSK, a certificate client at a PSK-only server, then the
         * certificate checks in the order they are made.
         */
        private DtlsException noSuiteInCommon(int[] offered, NamedGroup chosenGroup, PrivateKey ourKey, NamedGroup ourCurve,
                                              boolean curveListed, SignatureScheme scheme) {
            boolean offersPsk = false;
            boolean offersCertificates = false;
            for (int id : offered) {
                CipherSuite suite = CipherSuite.fromId(id);
                if (suite != null) {
                    offersPsk |= suite.keyExchange().psk();
                    offersCertificates |= suite.keyExchange().certificates();
                }
            }
            if (offersPsk && !offersCertificates && context.config.pskKeyStore() == null) {
                return new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "the client offers only PSK cipher suites, "
                        + "and this server has no PSK configured (DtlsConfig.Builder.pskKeyStore)");
            }
            if (ourKey == null) {
                return new DtlsException(AlertDescription.HANDSHAKE_FAILURE, offersPsk && chosenGroup == null
                        ? "no ECDHE group in common with the client for ECDHE_PSK"
                        : "no PSK cipher suite in common with the client, and this server has no certificate or raw key");
            }
            if (chosenGroup == null) {
                return new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "no ECDHE group in common with the client");
            }
            if (!curveListed) {
                return new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "our EC key is on " + ourCurve
                        + ", which the client does not list in supported_groups");
            }
            CipherSuite.KeyExchange ourKind = KeyKinds.keyExchangeFor(ourKey);
            boolean offersOurKind = context.config.cipherSuites().stream()
                    .anyMatch(s -> s.keyExchange() == ourKind && KeyKinds.contains(offered, s.id()));
            if (scheme != null || !offersOurKind) {
                return new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                        "no cipher suite in common with the client for our " + ourKey.getAlgorithm() + " key");
            }
            return new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                    "no signature scheme in common with the client for our " + ourKey.getAlgorithm() + " key");
        }

        /**
         * Flight 4 of PSK and ECDHE_PSK: ServerHello, [ServerKeyExchange], ServerHelloDone; no Certificate
         * or CertificateRequest (RFC 4279 §2, RFC 5489 §2).
         */
        private Step sendPskHelloFlight(Extensions clientExtensions) throws DtlsException {
            context.serverRandom = context.newRandom();
            context.sessionId = newSessionId();
            Extensions extensions = context.extensions.answer(clientExtensions, context.negotiation);
            Flight flight = new Flight(true);
            flight.add(context.outgoing(HandshakeType.SERVER_HELLO, new ServerHello(ProtocolVersion.DTLS_1_2,
                    context.serverRandom, context.sessionId, context.suite.id(), 0, extensions).encode(), 0));
            PskKeyExchange exchange = PskKeyExchange.server(context.config, context.group);
            byte[] serverKeyExchange = exchange.serverParams();
            if (serverKeyExchange != null) {
                flight.add(context.outgoing(HandshakeType.SERVER_KEY_EXCHANGE, serverKeyExchange, 0));
            }
            flight.add(context.outgoing(HandshakeType.SERVER_HELLO_DONE, new ServerHelloDone().encode(), 0));
            return new Step(new ExpectClientKeyExchange(context, exchange), HandshakeOutput.send(flight));
        }

        /** Flight 4: ServerHello, Certificate, ServerKeyExchange, [CertificateRequest], ServerHelloDone. */
        private Step sendHelloFlight(SignatureScheme scheme, Extensions clientExtensions) throws DtlsException {
            context.serverRandom = context.newRandom();
            context.sessionId = newSessionId();
            Extensions extensions = context.extensions.answer(clientExtensions, context.negotiation);
            Flight flight = new Flight(true);
            flight.add(context.outgoing(HandshakeType.SERVER_HELLO, new ServerHello(ProtocolVersion.DTLS_1_2,
                    context.serverRandom, context.sessionId, context.suite.id(), 0, extensions).encode(), 0));
            int ourType = context.ourCertificateType();
            flight.add(context.outgoing(HandshakeType.CERTIFICATE, context.negotiation.identity.certificateBody(ourType), 0));

            EcdheKeyExchange exchange = EcdheKeyExchange.server(context.group, context.config);
            byte[] params = exchange.serverParams();
            byte[] signature;
            try {
                signature = Signatures.sign(scheme, context.negotiation.identity.privateKey(ourType),
                        EcdheServerKeyExchange.signedData(context.clientRandom, context.serverRandom, params), context.config.random());
            } catch (GeneralSecurityException e) {
                throw new DtlsException(AlertDescription.INTERNAL_ERROR, "cannot sign ServerKeyExchange: " + e.getMessage(), e);
            }
            flight.add(context.outgoing(HandshakeType.SERVER_KEY_EXCHANGE,
                    new EcdheServerKeyExchange(context.group.id(), exchange.publicValue(), scheme.id(), signature).encode(), 0));
            State next;
            if (context.negotiation.requestClientCertificate) {
                flight.add(context.outgoing(HandshakeType.CERTIFICATE_REQUEST, new CertificateRequest(
                        new byte[] {(byte) CertificateRequest.ECDSA_SIGN, (byte) CertificateRequest.RSA_SIGN},
                        context.config.signatureSchemes().stream().mapToInt(SignatureScheme::id).toArray(), List.of()).encode(), 0));
                next = new ExpectClientCertificate(context, exchange);
            } else {
                next = new ExpectClientKeyExchange(context, exchange);
            }
            flight.add(context.outgoing(HandshakeType.SERVER_HELLO_DONE, new ServerHelloDone().encode(), 0));
            return new Step(next, HandshakeOutput.send(flight));
        }
    }

    /** Waiting for the client's Certificate, which it sends (possibly empty) because we asked. */
    static final class ExpectClientCertificate extends Dtls12State {
        private final KeyExchange exchange;

        ExpectClientCertificate(Dtls12Context context, KeyExchange exchange) {
            super(context);
            this.exchange = exchange;
        }

        @Override
        public String expecting() {
            return "client Certificate";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            Dtls12Context.require(message, HandshakeType.CERTIFICATE, expecting(), 0);
            AuthenticatedPeer peer = context.negotiation.peers.authenticate(message.body(), context.peerCertificateType(),
                    false, null, null, context.suite);
            if (peer == null && context.config.clientAuth() == ClientAuth.REQUIRED) {
                throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "client sent no certificate, and one is required");
            }
            context.peer = peer;
            context.received(message);
            return Step.to(new ExpectClientKeyExchange(context, exchange));
        }
    }

    /** Waiting for ClientKeyExchange; then the keys exist. */
    static final class ExpectClientKeyExchange extends Dtls12State {
        private final KeyExchange exchange;

        ExpectClientKeyExchange(Dtls12Context context, KeyExchange exchange) {
            super(context);
            this.exchange = exchange;
        }

        @Override
        public String expecting() {
            return "ClientKeyExchange";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            Dtls12Context.require(message, HandshakeType.CLIENT_KEY_EXCHANGE, expecting(), 0);
            byte[] preMasterSecret = exchange.premasterSecret(message.body());
            context.pskIdentity = exchange.pskIdentity();
            context.received(message);
            EpochKeys keys = context.deriveKeys(preMasterSecret);
            // RFC 5246 §7.4.8: a client that sent a certificate proves possession with CertificateVerify
            State next = context.peer == null
                    ? new ExpectChangeCipherSpec(new ExpectFinished(context))
                    : new ExpectCertificateVerify(context);
            return new Step(next, HandshakeOutput.install(keys));
        }
    }

    /** Waiting for CertificateVerify: the client proves it holds the key of the certificate it sent. */
    static final class ExpectCertificateVerify extends Dtls12State {
        ExpectCertificateVerify(Dtls12Context context) {
            super(context);
        }

        @Override
        public String expecting() {
            return "CertificateVerify";
        }

        @Override
        public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
            Dtls12Context.require(message, HandshakeType.CERTIFICATE_VERIFY, expecting(), 0);
            CertificateVerify verify = CertificateVerify.decode(message.body());
            SignatureScheme scheme = SignatureScheme.fromId(verify.signatureScheme());
            PublicKey key = context.peer.key();
            if (scheme == null || !context.config.signatureSchemes().contains(scheme) || !Signatures.canVerify(scheme, key)) {
                throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, String.format(
                        "client signed CertificateVerify with scheme 0x%04x, which was not requested or does not fit the key of its %s",
                        verify.signatureScheme(), context.peerIdentity()));
            }
            if (!Signatures.verify(scheme, key, context.transcript.bytes(), verify.signature())) {
                throw new DtlsException(AlertDescription.DECRYPT_ERROR, "CertificateVerify signature (" + scheme
                        + ") does not verify with the key of the " + context.peerIdentity());
            }
            context.peerSignatureScheme = scheme;
            context.received(message);
            return Step.to(new ExpectChangeCipherSpec(new ExpectFinished(context)));
        }
    }
}
