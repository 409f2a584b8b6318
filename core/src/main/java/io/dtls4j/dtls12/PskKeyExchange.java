package io.dtls4j.dtls12;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.handshake.message.PskClientKeyExchange;
import io.dtls4j.handshake.message.PskServerKeyExchange;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireWriter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * PSK (RFC 4279 §2) and ECDHE_PSK (RFC 5489 §2). The server may send a psk_identity_hint in
 * ServerKeyExchange (plain PSK: only when one is configured, §2 lets it omit the message; ECDHE_PSK:
 * always, with its ECDH parameters, unsigned); the client names its identity in ClientKeyExchange
 * (with its ECDH point for ECDHE_PSK). The premaster secret is
 * {@code other_secret<0..2^16-1> + psk<0..2^16-1>}, where other_secret is as many zero bytes as the
 * PSK for plain PSK (RFC 4279 §2) and the ECDH shared secret for ECDHE_PSK (RFC 5489 §2).
 *
 * <p>An identity the server's store declines: with {@code rejectUnknownPskIdentity} the handshake ends
 * with unknown_psk_identity; otherwise it goes on with a random key, so that it fails at Finished with
 * decrypt_error exactly as a wrong key does and identities cannot be probed (RFC 4279 §2 allows both).
 */
final class PskKeyExchange implements KeyExchange {
    /** Length of the stand-in key for an unknown identity: as long as typical keys, and never used to protect data. */
    private static final int RANDOM_KEY_LENGTH = 32;

    /** The ECDHE half of ECDHE_PSK; null for plain PSK. */
    private final EcdheKeyExchange ecdhe;
    /** Server: the configuration with the key store and hint; null on the client. */
    private final DtlsConfig config;
    /** Client: the chosen identity and key; null on the server. */
    private final PreSharedKey clientKey;
    private final SecureRandom random;
    private String identity;

    private PskKeyExchange(EcdheKeyExchange ecdhe, DtlsConfig config, PreSharedKey clientKey, SecureRandom random) {
        this.ecdhe = ecdhe;
        this.config = config;
        this.clientKey = clientKey;
        this.random = random;
        this.identity = clientKey == null ? null : clientKey.identity();
    }

    /** The server's side; {@code group} is the ECDHE group for ECDHE_PSK, null for plain PSK. */
    static PskKeyExchange server(DtlsConfig config, NamedGroup group) {
        return new PskKeyExchange(group == null ? null : EcdheKeyExchange.server(group, config), config, null,
                config.random());
    }

    /**
     * The client's side with {@code key}; for ECDHE_PSK {@code group} and the server's public value,
     * for plain PSK both null.
     */
    static PskKeyExchange client(PreSharedKey key, NamedGroup group, byte[] serverPublicValue, DtlsConfig config) {
        return new PskKeyExchange(group == null ? null : EcdheKeyExchange.client(group, serverPublicValue, config), null, key,
                config.random());
    }

    /**
     * Server: the ServerKeyExchange body: hint (+ ECDH parameters for ECDHE_PSK); null when plain PSK
     * has no hint to send and the message is left out (RFC 4279 §2).
     */
    @Override
    public byte[] serverParams() {
        String hint = config.pskIdentityHint();
        byte[] hintBytes = hint == null ? new byte[0] : hint.getBytes(StandardCharsets.UTF_8);
        if (ecdhe == null) {
            return hint == null ? null : PskServerKeyExchange.psk(hintBytes).encode();
        }
        return new PskServerKeyExchange(hintBytes, ecdhe.group().id(), ecdhe.publicValue()).encode();
    }

    @Override
    public byte[] clientKeyExchange() {
        return new PskClientKeyExchange(clientKey.identityBytes(), ecdhe == null ? null : ecdhe.publicValue()).encode();
    }

    @Override
    public byte[] premasterSecret(byte[] clientKeyExchangeBody) throws DtlsException, DecodeException {
        byte[] psk;
        byte[] otherSecret;
        if (clientKey != null) {
            psk = clientKey.key();
            otherSecret = ecdhe == null ? new byte[psk.length] : ecdhe.agree(ecdhe.serverPublicValue());
        } else {
            PskClientKeyExchange exchange = PskClientKeyExchange.decode(clientKeyExchangeBody, ecdhe != null);
            psk = serverKey(exchange.identity());
            otherSecret = ecdhe == null ? new byte[psk.length] : ecdhe.agree(exchange.publicKey());
        }
        byte[] premaster = new WireWriter(4 + otherSecret.length + psk.length).vector16(otherSecret).vector16(psk).toByteArray();
        Arrays.fill(psk, (byte) 0);
        Arrays.fill(otherSecret, (byte) 0);
        return premaster;
    }

    /** The key for the identity the client sent, or a random one (or unknown_psk_identity) when there is none. */
    private byte[] serverKey(byte[] identityBytes) throws DtlsException {
        identity = utf8(identityBytes);
        PreSharedKey key = identity == null ? null : config.pskKeyStore().lookup(identity);
        if (key != null) {
            return key.key();
        }
        if (identity == null) {
            identity = "(" + identityBytes.length + " bytes, not UTF-8)";
        }
        if (config.rejectUnknownPskIdentity()) {
            throw new DtlsException(AlertDescription.UNKNOWN_PSK_IDENTITY,
                    "client named the PSK identity " + printable(identity) + ", which this server does not know");
        }
        byte[] stand = new byte[RANDOM_KEY_LENGTH];
        random.nextBytes(stand);
        return stand;
    }

    @Override
    public String pskIdentity() {
        return identity;
    }

    /** The identity as text (RFC 4279 §5.1: UTF-8), or null when the bytes are not UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Quoted, control characters escaped and at most 64 characters: peer text goes into messages and logs. */
    static String printable(String text) {
        StringBuilder b = new StringBuilder("'");
        text.codePoints().limit(64).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(text.codePointCount(0, text.length()) > 64 ? "…'" : "'").toString();
    }
}
