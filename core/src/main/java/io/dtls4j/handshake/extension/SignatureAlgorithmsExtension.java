package io.dtls4j.handshake.extension;

import io.dtls4j.config.SignatureScheme;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;

/** signature_algorithms (RFC 5246 §7.4.1.4.1): what the client verifies in handshake signatures. */
final class SignatureAlgorithmsExtension implements HelloExtension {

    @Override
    public int type() {
        return ExtensionType.SIGNATURE_ALGORITHMS;
    }

    @Override
    public byte[] offer(HelloNegotiation negotiation) {
        return ExtensionCodecs.signatureAlgorithms(
                negotiation.config.signatureSchemes().stream().mapToInt(SignatureScheme::id).toArray());
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation negotiation) throws DecodeException {
        negotiation.clientSignatureSchemes = data == null ? new int[0] : ExtensionCodecs.parseSignatureAlgorithms(data);
    }
}
