package io.dtls4j.dtls12;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.crypto.EcdheKeyPair;
import io.dtls4j.handshake.message.EcdheClientKeyExchange;
import io.dtls4j.handshake.message.EcdheServerKeyExchange;
import io.dtls4j.wire.DecodeException;

import java.security.InvalidKeyException;
import java.util.concurrent.Executor;

/**
 * Ephemeral (EC)DH over a named group (RFC 8422 §5.4, §5.7; X25519 per RFC 8422 §5.11): each side
 * takes a key pair for this handshake from its {@link DtlsConfig#ephemeralKeys()}, and the premaster secret is the shared secret. The
 * peer's public value is checked by {@link EcdheKeyPair#agree} (an invalid point is illegal_parameter).
 */
final class EcdheKeyExchange implements KeyExchange {
    private final NamedGroup group;
    private final EcdheKeyPair ours;
    /** The server's public value, on the client; null on the server. */
    private final byte[] serverPublicValue;
    /** The client's agreement with the server's value, when started on the crypto executor and not yet taken; else null. */
    private ConcurrentSecret started;

    private EcdheKeyExchange(NamedGroup group, DtlsConfig config, byte[] serverPublicValue) {
        this.group = group;
        // one pair per handshake, never used before (the source's contract): forward secrecy
        this.ours = EcdheKeyPair.of(group, config.ephemeralKeys().next(group, config.random()));
        this.serverPublicValue = serverPublicValue;
    }

    /** The server's side, with a fresh key pair on {@code group} from the configuration's {@link DtlsConfig#ephemeralKeys()}. */
    static EcdheKeyExchange server(NamedGroup group, DtlsConfig config) {
        return new EcdheKeyExchange(group, config, null);
    }

    /** The client's side, answering the server's public value on {@code group}. */
    static EcdheKeyExchange client(NamedGroup group, byte[] serverPublicValue, DtlsConfig config) {
        return new EcdheKeyExchange(group, config, serverPublicValue.clone());
    }

    /**
     * Client: starts the agreement with the server's value on {@code executor}, to run while the
     * caller checks the ServerKeyExchange signature; {@link #premasterSecret} then takes its result.
     * The caller {@link #discard()}s it when the signature fails.
     */
    void startAgreement(Executor executor) {
        started = ConcurrentSecret.start(() -> ours.agree(serverPublicValue), executor);
    }

    @Override
    public void discard() {
        if (started != null) {
            started.discard();
            started = null;
        }
    }

    @Override
    public byte[] serverParams() {
        return new EcdheServerKeyExchange(group.id(), ours.publicKey(), 0, new byte[0]).encodeParams();
    }

    @Override
    public byte[] clientKeyExchange() {
        return new EcdheClientKeyExchange(ours.publicKey()).encode();
    }

    /** {@inheritDoc} On a client that {@link #startAgreement started} the agreement, its result. */
    @Override
    public byte[] premasterSecret(byte[] clientKeyExchangeBody) throws DtlsException, DecodeException {
        if (started != null) {
            ConcurrentSecret secret = started;
            started = null;
            return checked(secret::join);
        }
        boolean onServer = serverPublicValue == null;
        return agree(onServer ? EcdheClientKeyExchange.decode(clientKeyExchangeBody).publicKey() : serverPublicValue);
    }

    /** The shared secret with the peer's public value {@code peerValue}. */
    byte[] agree(byte[] peerValue) throws DtlsException {
        return checked(() -> ours.agree(peerValue));
    }

    /** The agreement's secret; a peer value it rejected is illegal_parameter. */
    private byte[] checked(ConcurrentSecret.Agreement agreement) throws DtlsException {
        try {
            return agreement.agree();
        } catch (InvalidKeyException e) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, (serverPublicValue == null ? "client" : "server")
                    + "'s ECDHE public value is invalid: " + e.getMessage(), e);
        }
    }

    byte[] publicValue() {
        return ours.publicKey();
    }

    /** The server's public value on the client; null on the server. */
    byte[] serverPublicValue() {
        return serverPublicValue == null ? null : serverPublicValue.clone();
    }

    NamedGroup group() {
        return group;
    }
}
