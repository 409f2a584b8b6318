package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.crypto.EcdheKeyPair;
import io.dtls4j.crypto.Signatures;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.CertificateMessage;
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
import io.dtls4j.handshake.message.HelloVerifyRequest;
import io.dtls4j.handshake.message.ServerHello;
import io.dtls4j.handshake.message.ServerHelloDone;
import io.dtls4j.record.ProtocolVersion;
import io.dtls4j.wire.DecodeException;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.util.List;

/**
 * The client side of the DTLS 1.2 full handshake (RFC 6347 §4.2, RFC 5246 §7.3):
 * <pre>
 * ClientHello            →
 *                        ←  HelloVerifyRequest (optional, then ClientHello again with the cookie)
 *                        ←  ServerHello, Certificate, ServerKeyExchange, [CertificateRequest], ServerHelloDone
 * [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished  →
 *                        ←  ChangeCipherSpec, Finished
 * </pre>
 */
final class ClientHandshaker extends Handshaker {
    /** A server that keeps answering with HelloVerifyRequest is given up on after this many. */
    private static final int MAX_HELLO_VERIFY_REQUESTS = 4;

    private enum State {
        WAIT_SERVER_HELLO, WAIT_CERTIFICATE, WAIT_SERVER_KEY_EXCHANGE, WAIT_SERVER_HELLO_DONE,
        WAIT_CHANGE_CIPHER_SPEC, WAIT_FINISHED, DONE
    }

    private final String serverName;
    private State state = State.WAIT_SERVER_HELLO;
    private ClientHello hello;
    private int helloVerifyRequests;
    private byte[] serverPublicKey;
    private CertificateRequest certificateRequest;

    ClientHandshaker(DtlsEngine engine, DtlsConfig config, String serverName) {
        super(engine, config);
        this.serverName = serverName;
    }

    @Override
    void start(long now) {
        clientRandom = newRandom();
        hello = new ClientHello(ProtocolVersion.DTLS_1_2, clientRandom, new byte[0], new byte[0],
                config.cipherSuites().stream().mapToInt(CipherSuite::id).toArray(), new byte[] {0}, helloExtensions());
        sendHello(now);
    }

    private Extensions helloExtensions() {
        Extensions extensions = Extensions.EMPTY;
        if (serverName != null && !isIpLiteral(serverName)) {
            // RFC 6066 §3: literal IP addresses are not sent as server names
            extensions = extensions.with(ExtensionType.SERVER_NAME, ExtensionCodecs.serverName(serverName));
        }
        extensions = extensions
                .with(ExtensionType.SUPPORTED_GROUPS,
                        ExtensionCodecs.supportedGroups(config.namedGroups().stream().mapToInt(NamedGroup::id).toArray()))
                .with(ExtensionType.EC_POINT_FORMATS, ExtensionCodecs.ecPointFormats(new byte[] {0}))
                .with(ExtensionType.SIGNATURE_ALGORITHMS, ExtensionCodecs.signatureAlgorithms(
                        config.signatureSchemes().stream().mapToInt(SignatureScheme::id).toArray()))
                // RFC 8446 §4.2.3 (which TLS 1.2 implementations SHOULD process): what we accept in certificates
                .with(ExtensionType.SIGNATURE_ALGORITHMS_CERT, ExtensionCodecs.signatureAlgorithms(
                        config.certificateSignatureSchemes().stream().mapToInt(SignatureScheme::id).toArray()))
                .with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0])
                .with(ExtensionType.RENEGOTIATION_INFO, ExtensionCodecs.renegotiationInfo(new byte[0]));
        // RFC 7250 §4.1: list raw public keys only where we have (client) or can check (server) them
        if (config.rawPublicKeyVerifier() != null) {
            extensions = extensions.with(ExtensionType.SERVER_CERTIFICATE_TYPE, ExtensionCodecs.certificateTypes(
                    config.peerVerifier() != null ? new byte[] {CertificateType.RAW_PUBLIC_KEY, CertificateType.X509}
                            : new byte[] {CertificateType.RAW_PUBLIC_KEY}));
        }
        if (config.rawKeyPair() != null) {
            extensions = extensions.with(ExtensionType.CLIENT_CERTIFICATE_TYPE, ExtensionCodecs.certificateTypes(
                    config.certifiedKey() != null ? new byte[] {CertificateType.RAW_PUBLIC_KEY, CertificateType.X509}
                            : new byte[] {CertificateType.RAW_PUBLIC_KEY}));
        }
        return extensions;
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private void sendHello(long now) {
        Flight flight = new Flight(true);
        flight.add(outgoing(HandshakeType.CLIENT_HELLO, hello.encode(), 0));
        engine.sendFlight(flight, now);
    }

    @Override
    boolean awaitingChangeCipherSpec() {
        return state == State.WAIT_CHANGE_CIPHER_SPEC;
    }

    @Override
    void handle(HandshakeMessage message, long now) throws DtlsException, DecodeException {
        if (message.type() == HandshakeType.HELLO_REQUEST && message.body().length == 0) {
            // RFC 5246 §7.4.1.1: ignored while negotiating, and never part of the transcript
            return;
        }
        switch (state) {
            case WAIT_SERVER_HELLO:
                if (message.type() == HandshakeType.HELLO_VERIFY_REQUEST) {
                    onHelloVerifyRequest(message, now);
                } else if (message.type() == HandshakeType.SERVER_HELLO) {
                    onServerHello(message);
                } else {
                    throw unexpected(message, "ServerHello");
                }
                break;
            case WAIT_CERTIFICATE:
                require(message, HandshakeType.CERTIFICATE, "Certificate", 0);
                onCertificate(message);
                break;
            case WAIT_SERVER_KEY_EXCHANGE:
                require(message, HandshakeType.SERVER_KEY_EXCHANGE, "ServerKeyExchange", 0);
                onServerKeyExchange(message);
                break;
            case WAIT_SERVER_HELLO_DONE:
                if (message.type() == HandshakeType.CERTIFICATE_REQUEST && certificateRequest == null) {
                    expectEpoch(message, 0);
                    certificateRequest = CertificateRequest.decode(message.body());
                    received(message);
                } else {
                    require(message, HandshakeType.SERVER_HELLO_DONE, "ServerHelloDone", 0);
                    ServerHelloDone.decode(message.body());
                    received(message);
                    sendKeyExchangeFlight(now);
                }
                break;
            case WAIT_FINISHED:
                require(message, HandshakeType.FINISHED, "Finished", 1);
                checkFinished(Finished.decode(message.body(), VERIFY_DATA_LENGTH).verifyData(), false);
                state = State.DONE;
                engine.handshakeComplete(sessionInfo(), now);
                break;
            default:
                throw unexpected(message, "nothing (" + state + ")");
        }
    }

    private void onHelloVerifyRequest(HandshakeMessage message, long now) throws DtlsException, DecodeException {
        expectEpoch(message, 0);
        HelloVerifyRequest request = HelloVerifyRequest.decode(message.body());
        if (++helloVerifyRequests > MAX_HELLO_VERIFY_REQUESTS) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "server sent too many HelloVerifyRequests");
        }
        if (request.cookie().length == 0) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "HelloVerifyRequest with an empty cookie");
        }
        // RFC 6347 §4.2.6: the first ClientHello and the HelloVerifyRequest stay out of the transcript
        transcript.reset();
        hello = hello.withCookie(request.cookie());
        sendHello(now);
    }

    private void onServerHello(HandshakeMessage message) throws DtlsException, DecodeException {
        expectEpoch(message, 0);
        ServerHello serverHello = ServerHello.decode(message.body());
        if (serverHello.serverVersion() != ProtocolVersion.DTLS_1_2) {
            throw new DtlsException(AlertDescription.PROTOCOL_VERSION,
                    String.format("server chose version 0x%04x; only DTLS 1.2 (0xfefd) is offered", serverHello.serverVersion()));
        }
        CipherSuite chosen = CipherSuite.fromId(serverHello.cipherSuite());
        if (chosen == null || !config.cipherSuites().contains(chosen)) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER,
                    String.format("server chose cipher suite 0x%04x, which was not offered", serverHello.cipherSuite()));
        }
        if (serverHello.compressionMethod() != 0) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server chose compression, which was not offered");
        }
        Extensions extensions = serverHello.extensions();
        for (Extensions.Extension extension : extensions.list()) {
            int type = extension.type();
            if (!hello.extensions().has(type)) {
                throw new DtlsException(AlertDescription.UNSUPPORTED_EXTENSION,
                        "server sent extension " + type + ", which was not offered");
            }
        }
        checkCommonHelloExtensions(extensions, "server");
        peerCertificateType = chosenCertificateType(extensions, ExtensionType.SERVER_CERTIFICATE_TYPE);
        ourCertificateType = chosenCertificateType(extensions, ExtensionType.CLIENT_CERTIFICATE_TYPE);
        if (!accepts(peerCertificateType)) {
            throw new DtlsException(AlertDescription.UNSUPPORTED_CERTIFICATE, peerCertificateType == CertificateType.X509
                    ? "server authenticates with an X.509 certificate, and only raw public keys are configured"
                    : "server chose a certificate type that was not offered");
        }
        suite = chosen;
        serverRandom = serverHello.random();
        received(message);
        state = State.WAIT_CERTIFICATE;
    }

    /** The certificate type the server chose in this ServerHello extension (RFC 7250 §4.2); X.509 when absent. */
    private int chosenCertificateType(Extensions extensions, int extensionType) throws DtlsException, DecodeException {
        byte[] data = extensions.get(extensionType);
        if (data == null) {
            return CertificateType.X509;
        }
        int type = ExtensionCodecs.parseCertificateType(data);
        byte[] offered = ExtensionCodecs.parseCertificateTypes(hello.extensions().get(extensionType));
        for (byte t : offered) {
            if ((t & 0xFF) == type) {
                return type;
            }
        }
        throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server chose certificate type " + type + ", which was not offered");
    }

    private void onCertificate(HandshakeMessage message) throws DtlsException, DecodeException {
        if (!acceptPeerCertificate(message.body(), true, serverName, suite.keyExchange())) {
            throw new DtlsException(AlertDescription.BAD_CERTIFICATE, "server sent no certificate");
        }
        received(message);
        state = State.WAIT_SERVER_KEY_EXCHANGE;
    }

    private void onServerKeyExchange(HandshakeMessage message) throws DtlsException, DecodeException {
        EcdheServerKeyExchange exchange = EcdheServerKeyExchange.decode(message.body());
        NamedGroup chosenGroup = NamedGroup.fromId(exchange.namedGroup());
        if (chosenGroup == null || !config.namedGroups().contains(chosenGroup)) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server chose group " + exchange.namedGroup() + ", which was not offered");
        }
        SignatureScheme scheme = SignatureScheme.fromId(exchange.signatureScheme());
        PublicKey key = peerPublicKey;
        if (scheme == null || !config.signatureSchemes().contains(scheme) || !Signatures.canVerify(scheme, key)) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, String.format(
                    "server signed ServerKeyExchange with scheme 0x%04x, which was not offered or does not fit the key of its %s",
                    exchange.signatureScheme(), peerIdentity(true)));
        }
        byte[] signed = EcdheServerKeyExchange.signedData(clientRandom, serverRandom, exchange.encodeParams());
        if (!Signatures.verify(scheme, key, signed, exchange.signature())) {
            throw new DtlsException(AlertDescription.DECRYPT_ERROR, "ServerKeyExchange signature (" + scheme
                    + ") does not verify with the key of the " + peerIdentity(true));
        }
        group = chosenGroup;
        peerSignatureScheme = scheme;
        serverPublicKey = exchange.publicKey();
        received(message);
        state = State.WAIT_SERVER_HELLO_DONE;
    }

    /** Flight 5: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished. */
    private void sendKeyExchangeFlight(long now) throws DtlsException {
        EcdheKeyPair ephemeral = EcdheKeyPair.generate(group, config.random());
        byte[] preMasterSecret;
        try {
            preMasterSecret = ephemeral.agree(serverPublicKey);
        } catch (InvalidKeyException e) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "server's ECDHE public value is invalid: " + e.getMessage(), e);
        }
        Flight flight = new Flight(true);
        SignatureScheme ourScheme = null;
        if (certificateRequest != null) {
            if (hasIdentity(ourCertificateType)) {
                ourScheme = KeyKinds.chooseScheme(config.signatureSchemes(), certificateRequest.signatureSchemes(),
                        ourPrivateKey(), certificateRequest.certificateTypes());
            }
            if (ourScheme == null && ourCertificateType == CertificateType.RAW_PUBLIC_KEY) {
                // RFC 7250 §3: a raw key Certificate holds SubjectPublicKeyInfo<1..2^24-1>; there is no empty one to send
                throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "the server asked for our "
                        + PeerDescriptions.identity(List.of(), config.rawKeyPair().publicKey()) + " signed with one of "
                        + schemeNames(certificateRequest.signatureSchemes()) + ", and it can sign none of them");
            }
            // RFC 5246 §7.4.6: when asked, the client sends a Certificate even if it has none (empty list)
            byte[] body = ourScheme != null ? ourCertificateBody() : new CertificateMessage(List.of()).encode();
            flight.add(outgoing(HandshakeType.CERTIFICATE, body, 0));
        }
        flight.add(outgoing(HandshakeType.CLIENT_KEY_EXCHANGE, new EcdheClientKeyExchange(ephemeral.publicKey()).encode(), 0));
        deriveKeys(preMasterSecret, true);
        if (ourScheme != null) {
            byte[] signature;
            try {
                signature = Signatures.sign(ourScheme, ourPrivateKey(), transcript.bytes(), config.random());
            } catch (GeneralSecurityException e) {
                throw new DtlsException(AlertDescription.INTERNAL_ERROR, "cannot sign CertificateVerify: " + e.getMessage(), e);
            }
            flight.add(outgoing(HandshakeType.CERTIFICATE_VERIFY, new CertificateVerify(ourScheme.id(), signature).encode(), 0));
        }
        flight.addChangeCipherSpec();
        flight.add(outgoing(HandshakeType.FINISHED, new Finished(verifyData(true)).encode(), 1));
        engine.sendFlight(flight, now);
        state = State.WAIT_CHANGE_CIPHER_SPEC;
    }

    private static String schemeNames(int[] ids) {
        StringBuilder names = new StringBuilder("[");
        for (int id : ids) {
            SignatureScheme scheme = SignatureScheme.fromId(id);
            names.append(names.length() > 1 ? ", " : "").append(scheme != null ? scheme.name() : String.format("0x%04x", id));
        }
        return names.append(']').toString();
    }

    @Override
    void changeCipherSpecArrived() {
        state = State.WAIT_FINISHED;
    }
}
