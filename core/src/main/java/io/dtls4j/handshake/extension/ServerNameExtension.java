package io.dtls4j.handshake.extension;

import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;

/**
 * server_name (RFC 6066 §3): the host the client connects to. The server does not answer (it chooses no
 * certificate by name); it keeps the name because a session is resumed only for the name it was made
 * with (RFC 6066 §3).
 */
final class ServerNameExtension implements HelloExtension {

    @Override
    public int type() {
        return ExtensionType.SERVER_NAME;
    }

    @Override
    public byte[] offer(HelloNegotiation negotiation) {
        String name = negotiation.serverName;
        // RFC 6066 §3: literal IP addresses are not sent as server names
        return name == null || IpLiterals.isIpLiteral(name) ? null : ExtensionCodecs.serverName(name);
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation negotiation) throws DecodeException {
        negotiation.requestedServerName = data == null ? null : ExtensionCodecs.parseServerName(data);
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation negotiation) throws DecodeException {
        if (data != null) {
            // RFC 6066 §3: a server that used the name answers with an empty extension
            ExtensionCodecs.requireEmpty(type(), data);
        }
    }
}
