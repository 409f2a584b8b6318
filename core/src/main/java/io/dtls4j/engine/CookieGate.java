package io.dtls4j.engine;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.crypto.CookieAuthenticator;
import io.dtls4j.handshake.HandshakeHeader;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.ClientHello;
import io.dtls4j.handshake.message.HelloVerifyRequest;
import io.dtls4j.record.ContentType;
import io.dtls4j.record.ProtocolVersion;
import io.dtls4j.record.RecordHeader;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The stateless front door of a server (RFC 6347 §4.2.1): looks at a datagram from a peer that has
 * no association yet and decides, keeping no state, whether to answer with a HelloVerifyRequest,
 * to create an engine for it, or to drop it. Thread-safe; one gate may serve a whole server.
 */
public final class CookieGate {
    /**
     * The highest message_seq a first ClientHello may carry. RFC 6347 §4.2.2: a client starts at 0
     * and sends one more ClientHello per HelloVerifyRequest (ours gives up after four), and the
     * server's messages continue from the ClientHello's number; a number near 65535 would leave no
     * room for the rest of the handshake.
     */
    static final int MAX_CLIENT_HELLO_MESSAGE_SEQ = 16;

    /** What to do with a datagram from a peer without an association. */
    public sealed interface Decision {
        /**
         * The datagram starts with a ClientHello carrying a valid cookie (or cookies are off): create
         * an engine and give it this datagram.
         */
        record Accept(int messageSeq, long recordSequence) implements Decision {
        }

        /** Send this HelloVerifyRequest back to the peer and forget it. */
        record Reply(ByteBuffer helloVerifyRequest) implements Decision {
        }

        /** Not a usable ClientHello: drop it. */
        record Drop(String reason) implements Decision {
        }
    }

    /** RFC 6347 §4.2.1: the cookie secret changes often; a cookie stays valid for one to two periods. */
    static final long COOKIE_ROTATION_MILLIS = 30_000;

    private final DtlsConfig config;
    /** The live secret state: it belongs to whoever owns the gate (a server), not to the immutable configuration. */
    private final CookieAuthenticator cookies;
    /** False for a gate that admits without a cookie exchange whatever the configuration says. */
    private final boolean cookieExchange;

    /** A gate with its own rotating cookie secret, drawn from the configuration's random source. */
    public CookieGate(DtlsConfig config) {
        this(config, config.cookieExchange());
    }

    private CookieGate(DtlsConfig config, boolean cookieExchange) {
        this.config = config;
        this.cookies = new CookieAuthenticator(config.random(), COOKIE_ROTATION_MILLIS);
        this.cookieExchange = cookieExchange;
    }

    /**
     * A gate that admits a well-formed ClientHello without a HelloVerifyRequest, for peers whose
     * address the application has verified by other means. RFC 6347 §4.2.1 makes the cookie
     * exchange a defence against spoofed source addresses, and lets a server skip it where
     * amplification is not a problem: in WebRTC, ICE connectivity checks (RFC 8445) have already
     * shown that the peer receives at its address, and which side is the DTLS server is fixed by the
     * SDP setup attribute (RFC 8122 §6.2), so the exchange would only cost a round trip. Everything
     * else is checked as by {@link #CookieGate(DtlsConfig)}.
     */
    public static CookieGate withoutCookieExchange(DtlsConfig config) {
        return new CookieGate(Objects.requireNonNull(config, "config"), false);
    }

    /**
     * The byte form of a UDP peer's address that cookies are bound to and that log lines show: the IP
     * address bytes (4 or 16), then the port in two bytes, big-endian. Every transport uses this one.
     */
    public static byte[] addressBytes(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] out = new byte[ip.length + 2];
        System.arraycopy(ip, 0, out, 0, ip.length);
        out[ip.length] = (byte) (address.getPort() >>> 8);
        out[ip.length + 1] = (byte) address.getPort();
        return out;
    }

    /** Inspects {@code datagram} (its position is not moved). */
    public Decision inspect(ByteBuffer datagram, byte[] peerAddress, long nowMillis) {
        ByteBuffer view = datagram.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        if (bytes.length < RecordHeader.LENGTH + HandshakeHeader.LENGTH) {
            return new Decision.Drop("too short for a ClientHello");
        }
        int recordLength = RecordHeader.length(bytes, 0);
        if (RecordHeader.type(bytes, 0) != ContentType.HANDSHAKE || RecordHeader.epoch(bytes, 0) != 0
                || (RecordHeader.version(bytes, 0) >> 8) != 0xFE
                || recordLength > bytes.length - RecordHeader.LENGTH) {
            return new Decision.Drop("first record is not an epoch-0 handshake record");
        }
        long recordSequence = RecordHeader.sequence(bytes, 0);
        ClientHello hello;
        HandshakeHeader header;
        try {
            WireReader reader = new WireReader(bytes, RecordHeader.LENGTH, recordLength);
            header = HandshakeHeader.read(reader);
            if (header.type() != HandshakeType.CLIENT_HELLO || header.fragmentOffset() != 0
                    || header.fragmentLength() != header.length() || header.length() > reader.remaining()) {
                // a stateless server cannot reassemble: the first ClientHello must come in one fragment
                return new Decision.Drop("not an unfragmented ClientHello");
            }
            hello = ClientHello.decode(reader.bytes(header.length()));
        } catch (DecodeException e) {
            return new Decision.Drop("ClientHello does not decode: " + e.getMessage());
        }
        if (header.messageSeq() > MAX_CLIENT_HELLO_MESSAGE_SEQ) {
            return new Decision.Drop("ClientHello message_seq " + header.messageSeq() + " is above " + MAX_CLIENT_HELLO_MESSAGE_SEQ);
        }
        if (!cookieExchange) {
            return new Decision.Accept(header.messageSeq(), recordSequence);
        }
        byte[] parameters = hello.encodeWithoutCookie();
        if (hello.cookie().length > 0
                && cookies.verify(hello.cookie(), peerAddress, parameters, nowMillis)) {
            return new Decision.Accept(header.messageSeq(), recordSequence);
        }
        byte[] cookie = cookies.create(peerAddress, parameters, nowMillis);
        // RFC 6347 §4.2.1: HelloVerifyRequest carries version DTLS 1.0 whatever is negotiated later
        byte[] body = new HelloVerifyRequest(ProtocolVersion.DTLS_1_0, cookie).encode();
        WireWriter message = new WireWriter(HandshakeHeader.LENGTH + body.length);
        new HandshakeHeader(HandshakeType.HELLO_VERIFY_REQUEST, body.length, header.messageSeq(), 0, body.length).write(message);
        message.bytes(body);
        int total = RecordHeader.LENGTH + message.size();
        if (total > bytes.length) {
            // never answer with more bytes than arrived: no amplification
            return new Decision.Drop("ClientHello smaller than the HelloVerifyRequest would be");
        }
        byte[] out = new byte[total];
        // RFC 6347 §4.2.1: the HelloVerifyRequest reuses the ClientHello's record sequence number
        RecordHeader.write(out, 0, ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_0, 0, recordSequence, message.size());
        System.arraycopy(message.toByteArray(), 0, out, RecordHeader.LENGTH, message.size());
        return new Decision.Reply(ByteBuffer.wrap(out));
    }
}
