package io.dtls4j.handshake.extension;

import io.dtls4j.config.NamedGroup;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;

/** supported_groups (RFC 8422 §5.1.1, RFC 7919): the client's ECDHE groups, which also bound the server's ECDSA curve. */
final class SupportedGroupsExtension implements HelloExtension {

    @Override
    public int type() {
        return ExtensionType.SUPPORTED_GROUPS;
    }

    @Override
    public byte[] offer(HelloNegotiation negotiation) {
        return ExtensionCodecs.supportedGroups(negotiation.config.namedGroups().stream().mapToInt(NamedGroup::id).toArray());
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation negotiation) throws DecodeException {
        negotiation.clientGroups = data == null ? null : ExtensionCodecs.parseSupportedGroups(data);
    }
}
