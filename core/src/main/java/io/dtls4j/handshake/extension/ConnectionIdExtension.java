package io.dtls4j.handshake.extension;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;

/**
 * connection_id (RFC 9146 §3): {@code struct { opaque cid<0..2^8-1>; } ConnectionId;}. Each side
 * sends the CID it wants to find in the records the other side sends it; an empty one means "send me
 * records without a CID" while still taking part, so that the other side may receive with a CID (a
 * client that never moves but talks to a server that routes by CID, or the reverse).
 *
 * <p>Negotiated only when both hellos carry it: the client offers when it is configured to, the
 * server answers only an offer and only when it is configured too (otherwise RFC 9146 §3 has it
 * proceed without CIDs). A ServerHello that carries connection_id the client did not offer is
 * refused with unsupported_extension by {@link HelloExtensions#readAnswer}, before this class sees it.
 *
 * <p>The client takes its own CID back from the ClientHello it sent, not from state kept at offer
 * time: a client repeats its ClientHello after HelloVerifyRequest, and the CID that counts is the one
 * in the hello the server answered.
 */
final class ConnectionIdExtension implements HelloExtension {

    @Override
    public int type() {
        return ExtensionType.CONNECTION_ID;
    }

    @Override
    public byte[] offer(HelloNegotiation n) {
        return n.config.connectionIdEnabled() ? encode(issue(n.config)) : null;
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation n) throws DecodeException {
        if (data == null || !n.config.connectionIdEnabled()) {
            return;
        }
        byte[] peers = decode(data);
        // RFC 9146 §3: a server that supports CIDs answers with its own; issued once, here, since
        // a server may build its ServerHello's extensions more than once
        n.readConnectionId = issue(n.config);
        n.writeConnectionId = peers;
    }

    @Override
    public byte[] answer(HelloNegotiation n) {
        return n.readConnectionId == null ? null : encode(n.readConnectionId);
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation n) throws DecodeException {
        if (data == null) {
            return; // RFC 9146 §3: the server does not support CIDs; records carry none
        }
        n.writeConnectionId = decode(data);
        n.readConnectionId = decode(offered);
    }

    /** A new CID of the configured length from the configured generator, checked. */
    private static byte[] issue(DtlsConfig config) {
        int length = config.connectionIdLength();
        byte[] cid = config.connectionIdGenerator().generate(length, config.random());
        if (cid == null || cid.length != length) {
            throw new IllegalStateException("the ConnectionIdGenerator returned "
                    + (cid == null ? "null" : cid.length + " bytes") + " instead of " + length + " bytes");
        }
        return cid.clone();
    }

    /** The extension_data of {@code cid}. */
    static byte[] encode(byte[] cid) {
        if (cid.length > 255) {
            throw new IllegalArgumentException("a connection ID is at most 255 bytes (RFC 9146 §3): " + cid.length);
        }
        byte[] data = new byte[1 + cid.length];
        data[0] = (byte) cid.length;
        System.arraycopy(cid, 0, data, 1, cid.length);
        return data;
    }

    /** The CID in {@code data}; decode_error when the vector's length is wrong or bytes follow it. */
    static byte[] decode(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        byte[] cid = r.vector8();
        r.expectEnd();
        return cid;
    }
}
