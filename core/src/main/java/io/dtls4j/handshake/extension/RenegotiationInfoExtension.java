package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.handshake.message.ExtensionCodecs;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;

/**
 * renegotiation_info (RFC 5746): dtls4j never renegotiates, but signals secure renegotiation so
 * that peers which insist on it connect; on a first handshake it is empty (§3.4, §3.6).
 */
final class RenegotiationInfoExtension implements HelloExtension {

    @Override
    public int type() {
        return ExtensionType.RENEGOTIATION_INFO;
    }

    @Override
    public byte[] offer(HelloNegotiation negotiation) {
        return ExtensionCodecs.renegotiationInfo(new byte[0]);
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation negotiation) throws DtlsException, DecodeException {
        check(data, negotiation);
    }

    /** RFC 5746 §3.6: the TLS_EMPTY_RENEGOTIATION_INFO_SCSV cipher suite asks for the extension too. */
    @Override
    public boolean offered(byte[] data, HelloNegotiation negotiation) {
        return data != null || negotiation.secureRenegotiation;
    }

    @Override
    public byte[] answer(HelloNegotiation negotiation) {
        return negotiation.secureRenegotiation ? ExtensionCodecs.renegotiationInfo(new byte[0]) : null;
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation negotiation) throws DtlsException, DecodeException {
        check(data, negotiation);
    }

    private static void check(byte[] data, HelloNegotiation negotiation) throws DtlsException, DecodeException {
        if (data != null && ExtensionCodecs.parseRenegotiationInfo(data).length != 0) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, "renegotiation_info is not empty on the first handshake");
        }
        negotiation.secureRenegotiation |= data != null;
    }
}
