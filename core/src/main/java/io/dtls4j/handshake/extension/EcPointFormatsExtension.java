package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.auth.KeyKinds;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;

/** ec_point_formats (RFC 8422 §5.1.2): only uncompressed points exist for us, and the peer must accept them. */
final class EcPointFormatsExtension implements HelloExtension {
    private static final byte[] UNCOMPRESSED_ONLY = {ExtensionCodecs.POINT_FORMAT_UNCOMPRESSED};

    @Override
    public int type() {
        return ExtensionType.EC_POINT_FORMATS;
    }

    @Override
    public byte[] offer(HelloNegotiation negotiation) {
        return ExtensionCodecs.ecPointFormats(UNCOMPRESSED_ONLY);
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation negotiation) throws DtlsException, DecodeException {
        check(data, negotiation);
    }

    @Override
    public byte[] answer(HelloNegotiation negotiation) {
        return negotiation.peerSentPointFormats ? ExtensionCodecs.ecPointFormats(UNCOMPRESSED_ONLY) : null;
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation negotiation) throws DtlsException, DecodeException {
        check(data, negotiation);
    }

    private static void check(byte[] data, HelloNegotiation negotiation) throws DtlsException, DecodeException {
        negotiation.peerSentPointFormats = data != null;
        if (data == null) {
            return;
        }
        if (KeyKinds.contains(ExtensionCodecs.parseEcPointFormats(data), ExtensionCodecs.POINT_FORMAT_UNCOMPRESSED)) {
            return;
        }
        throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, negotiation.peerName() + " does not accept uncompressed points");
    }
}
