package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.crypto.EcdheKeyPair;
import io.dtls4j.crypto.NamedCurves;
import io.dtls4j.crypto.Signatures;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.CertificateRequest;
import io.dtls4j.handshake.message.CertificateType;
import io.dtls4j.handshake.message.CertificateVerify;
import io.dtls4j.handshake.message.ClientHello;
import io.dtls4j.handshake.message.EcdheClientKeyExchange;
import io.dtls4j.handshake.message.EcdheServerKeyExchange;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.handshake.message.Extensions;
import io.dtls4j.handshake.message.Finished;
import io.dtls4j.handshake.message.ServerHello;
import io.dtls4j.handshake.message.ServerHelloDone;
import io.dtls4j.record.ProtocolVersion;
import io.dtls4j.wire.DecodeException;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/**
 * The server side of the DTLS 1.2 full handshake (RFC 6347 §4.2, RFC 5246 §7.3). The cookie exchange
 * happens before this object sees the ClientHello ({@link CookieGate}), so the first message here is
 * the ClientHello that carries a valid cookie.
 */
final class ServerHandshaker extends Handshaker {
    /** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3). */
    private static final int RENEGOTIATION_SCSV = 0x00FF;

    private enum State {
        WAIT_CLIENT_HELLO, WAIT_CERTIFICATE, WAIT_KEY_EXCHANGE, WAIT_CERTIFICATE_VERIFY,
        WAIT_CHANGE_CIPHER_SPEC, WAIT_FINISHED, DONE
    }

    private State state = State.WAIT_CLIENT_HELLO;
    private EcdheKeyPair ephemeral;
    private boolean requestCertificate;

    ServerHandshaker(DtlsEngine engine, DtlsConfig config) {
        super(engine, config);
    }

    @Override
    void start(long now) {
        // the client speaks first
    }

    @Override
    boolean awaitingChangeCipherSpec() {
        return state == State.WAIT_CHANGE_CIPHER_SPEC;
    }

    @Override
    void handle(HandshakeMessage message, long now) throws DtlsException, DecodeException {
        switch (state) {
            case WAIT_CLIENT_HELLO:
                require(message, HandshakeType.CLIENT_HELLO, "ClientHello", 0);
                onClientHello(message, now);
                break;
            case WAIT_CERTIFICATE:
                require(message, HandshakeType.CERTIFICATE, "client Certificate", 0);
                onClientCertificate(message);
                break;
            case WAIT_KEY_EXCHANGE:
                require(message, HandshakeType.CLIENT_KEY_EXCHANGE, "ClientKeyExchange", 0);
                onClientKeyExchange(message);
                break;
            case WAIT_CERTIFICATE_VERIFY:
                require(message, HandshakeType.CERTIFICATE_VERIFY, "CertificateVerify", 0);
                onCertificateVerify(message);
                break;
            case WAIT_FINISHED:
                require(message, HandshakeType.FINISHED, "Finished", 1);
                checkFinished(Finished.decode(message.body(), VERIFY_DATA_LENGTH).verifyData(), true);
                received(message);
                sendFinishedFlight(now);
                break;
            default:
                throw unexpected(message, "nothing (" + state + ")");
        }
    }

    private void onClientHello(HandshakeMessage message, long now) throws DtlsException, DecodeException {
        ClientHello hello = ClientHello.decode(message.body());
        int version = hello.clientVersion();
        // DTLS versions count down: 1.0 = 0xfeff, 1.2 = 0xfefd (RFC 6347 §4.1)
        if ((version >> 8) != 0xFE || version > ProtocolVersion.DTLS_1_2) {
            throw new DtlsException(AlertDescription.PROTOCOL_VERSION,
                    String.format("client offers version 0x%04x; DTLS 1.2 (0xfefd) is the lowest accepted", version));
        }
        if (!containsByte(hello.compressionMethods(), 0)) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "ClientHello does not offer the null compression method");
        }
        Extensions extensions = hello.extensions();
        HelloExtensionFacts facts = checkCommonHelloExtensions(extensions, "client");
        boolean secureRenegotiation = facts.renegotiationInfo() || KeyKinds.contains(hello.cipherSuites(), RENEGOTIATION_SCSV);
        byte[] groupsExtension = extensions.get(ExtensionType.SUPPORTED_GROUPS);
        // RFC 8422 §4: without supported_groups any curve may be used; secp256r1 is the safe choice
        int[] clientGroups = groupsExtension == null
                ? new int[] {NamedGroup.SECP256R1.id()} : ExtensionCodecs.parseSupportedGroups(groupsExtension);
        byte[] schemesExtension = extensions.get(ExtensionType.SIGNATURE_ALGORITHMS);
        int[] clientSchemes = schemesExtension == null ? new int[0] : ExtensionCodecs.parseSignatureAlgorithms(schemesExtension);

        NamedGroup chosenGroup = null;
        for (NamedGroup g : config.namedGroups()) {
            if (KeyKinds.contains(clientGroups, g.id())) {
                chosenGroup = g;
                break;
            }
        }
        if (chosenGroup == null) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "no ECDHE group in common with the client");
        }
        ourCertificateType = chooseCertificateType(extensions.get(ExtensionType.SERVER_CERTIFICATE_TYPE), true);
        if (ourCertificateType < 0) {
            throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE,
                    "the client accepts no server certificate type this server has (RFC 7250)");
        }
        byte[] clientTypes = extensions.get(ExtensionType.CLIENT_CERTIFICATE_TYPE);
        requestCertificate = false;
        if (config.clientAuth() != ClientAuth.NONE) {
            peerCertificateType = chooseCertificateType(clientTypes, false);
            requestCertificate = peerCertificateType >= 0;
            if (!requestCertificate && config.clientAuth() == ClientAuth.REQUIRED) {
                throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE,
                        "the client offers no certificate type this server can verify, and one is required");
            }
        }
        PrivateKey ourKey = ourPrivateKey();
        NamedGroup ourCurve = NamedCurves.groupOf(ourKey);
        if (groupsExtension != null && ourCurve != null && !KeyKinds.contains(clientGroups, ourCurve.id())) {
            // RFC 8422 §5.3: our ECDSA key must be on a curve the client listed, or no ECC suite may be chosen
            // (OpenSSL clients refuse such a certificate with illegal_parameter, "wrong curve")
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "our EC key is on " + ourCurve
                    + ", which the client does not list in supported_groups");
        }
        CipherSuite.KeyExchange ourKind = KeyKinds.keyExchangeFor(ourKey);
        CipherSuite chosenSuite = null;
        for (CipherSuite candidate : config.cipherSuites()) {
            if (candidate.keyExchange() == ourKind && KeyKinds.contains(hello.cipherSuites(), candidate.id())) {
                chosenSuite = candidate;
                break;
            }
        }
        if (chosenSuite == null) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                    "no cipher suite in common with the client for our " + ourKey.getAlgorithm() + " key");
        }
        SignatureScheme scheme = KeyKinds.chooseScheme(config.signatureSchemes(), clientSchemes, ourKey, null);
        if (scheme == null) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE,
                    "no signature scheme in common with the client for our " + ourKey.getAlgorithm() + " key");
        }
        suite = chosenSuite;
        group = chosenGroup;
        clientRandom = hello.random();
        // the server's message_seq follows the client's (RFC 6347 §4.2.2; 1 after a cookie exchange)
        nextSendSeq = message.messageSeq();
        received(message);
        sendHelloFlight(scheme, secureRenegotiation, facts.pointFormats(),
                extensions.has(ExtensionType.SERVER_CERTIFICATE_TYPE), clientTypes != null && requestCertificate, now);
    }

    /**
     * RFC 7250 §4.2: the first type in the client's list that we have (for our own certificate) or
     * can verify (for the client's); X.509 when the client sent no list. -1 when there is none.
     */
    private int chooseCertificateType(byte[] clientList, boolean forOurs) throws DecodeException {
        byte[] types = clientList == null ? new byte[] {CertificateType.X509} : ExtensionCodecs.parseCertificateTypes(clientList);
        for (byte t : types) {
            int type = t & 0xFF;
            if ((type == CertificateType.X509 || type == CertificateType.RAW_PUBLIC_KEY)
                    && (forOurs ? hasIdentity(type) : accepts(type))) {
                return type;
            }
        }
        return -1;
    }

    /** Flight 4: ServerHello, Certificate, ServerKeyExchange, [CertificateRequest], ServerHelloDone. */
    private void sendHelloFlight(SignatureScheme scheme, boolean secureRenegotiation, boolean pointFormats,
                                 boolean echoServerType, boolean echoClientType, long now) throws DtlsException {
        serverRandom = newRandom();
        Extensions extensions = Extensions.EMPTY;
        if (secureRenegotiation) {
            extensions = extensions.with(ExtensionType.RENEGOTIATION_INFO, ExtensionCodecs.renegotiationInfo(new byte[0]));
        }
        if (extendedMasterSecret) {
            extensions = extensions.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0]);
        }
        if (pointFormats) {
            extensions = extensions.with(ExtensionType.EC_POINT_FORMATS, ExtensionCodecs.ecPointFormats(new byte[] {0}));
        }
        if (echoServerType) {
            extensions = extensions.with(ExtensionType.SERVER_CERTIFICATE_TYPE, new byte[] {(byte) ourCertificateType});
        }
        if (echoClientType) {
            extensions = extensions.with(ExtensionType.CLIENT_CERTIFICATE_TYPE, new byte[] {(byte) peerCertificateType});
        }
        Flight flight = new Flight(true);
        flight.add(outgoing(HandshakeType.SERVER_HELLO, new ServerHello(ProtocolVersion.DTLS_1_2, serverRandom,
                new byte[0], suite.id(), 0, extensions).encode(), 0));
        flight.add(outgoing(HandshakeType.CERTIFICATE, ourCertificateBody(), 0));

        ephemeral = EcdheKeyPair.generate(group, config.random());
        byte[] params = new EcdheServerKeyExchange(group.id(), ephemeral.publicKey(), scheme.id(), new byte[0]).encodeParams();
        byte[] signature;
        try {
            signature = Signatures.sign(scheme, ourPrivateKey(),
                    EcdheServerKeyExchange.signedData(clientRandom, serverRandom, params), config.random());
        } catch (GeneralSecurityException e) {
            throw new DtlsException(AlertDescription.INTERNAL_ERROR, "cannot sign ServerKeyExchange: " + e.getMessage(), e);
        }
        flight.add(outgoing(HandshakeType.SERVER_KEY_EXCHANGE,
                new EcdheServerKeyExchange(group.id(), ephemeral.publicKey(), scheme.id(), signature).encode(), 0));
        if (requestCertificate) {
            flight.add(outgoing(HandshakeType.CERTIFICATE_REQUEST, new CertificateRequest(
                    new byte[] {(byte) CertificateRequest.ECDSA_SIGN, (byte) CertificateRequest.RSA_SIGN},
                    config.signatureSchemes().stream().mapToInt(SignatureScheme::id).toArray(), List.of()).encode(), 0));
            state = State.WAIT_CERTIFICATE;
        } else {
            state = State.WAIT_KEY_EXCHANGE;
        }
        flight.add(outgoing(HandshakeType.SERVER_HELLO_DONE, new ServerHelloDone().encode(), 0));
        engine.sendFlight(flight, now);
    }

    private void onClientCertificate(HandshakeMessage message) throws DtlsException, DecodeException {
        boolean presented = acceptPeerCertificate(message.body(), false, null, null);
        if (!presented && config.clientAuth() == ClientAuth.REQUIRED) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "client sent no certificate, and one is required");
        }
        received(message);
        state = State.WAIT_KEY_EXCHANGE;
    }

    private void onClientKeyExchange(HandshakeMessage message) throws DtlsException, DecodeException {
        EcdheClientKeyExchange exchange = EcdheClientKeyExchange.decode(message.body());
        byte[] preMasterSecret;
        try {
            preMasterSecret = ephemeral.agree(exchange.publicKey());
        } catch (InvalidKeyException e) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "client's ECDHE public value is invalid: " + e.getMessage(), e);
        }
        ephemeral = null;
        received(message);
        deriveKeys(preMasterSecret, false);
        // RFC 5246 §7.4.8: a client that sent a certificate proves possession with CertificateVerify
        state = peerPublicKey == null ? State.WAIT_CHANGE_CIPHER_SPEC : State.WAIT_CERTIFICATE_VERIFY;
    }

    private void onCertificateVerify(HandshakeMessage message) throws DtlsException, DecodeException {
        CertificateVerify verify = CertificateVerify.decode(message.body());
        SignatureScheme scheme = SignatureScheme.fromId(verify.signatureScheme());
        PublicKey key = peerPublicKey;
        if (scheme == null || !config.signatureSchemes().contains(scheme) || !Signatures.canVerify(scheme, key)) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, String.format(
                    "client signed CertificateVerify with scheme 0x%04x, which was not requested or does not fit the key of its %s",
                    verify.signatureScheme(), peerIdentity(false)));
        }
        if (!Signatures.verify(scheme, key, transcript.bytes(), verify.signature())) {
            throw new DtlsException(AlertDescription.DECRYPT_ERROR, "CertificateVerify signature (" + scheme
                    + ") does not verify with the key of the " + peerIdentity(false));
        }
        peerSignatureScheme = scheme;
        received(message);
        state = State.WAIT_CHANGE_CIPHER_SPEC;
    }

    /** Flight 6: ChangeCipherSpec, Finished. Final: sent again only when the client repeats its flight. */
    private void sendFinishedFlight(long now) {
        Flight flight = new Flight(false);
        flight.addChangeCipherSpec();
        flight.add(outgoing(HandshakeType.FINISHED, new Finished(verifyData(false)).encode(), 1));
        state = State.DONE;
        engine.sendFlight(flight, now);
        engine.handshakeComplete(sessionInfo(), now);
    }

    @Override
    void changeCipherSpecArrived() {
        state = State.WAIT_FINISHED;
    }
}
