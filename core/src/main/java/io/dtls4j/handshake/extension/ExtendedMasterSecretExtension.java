package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.handshake.message.ExtensionType;

/** extended_master_secret (RFC 7627 §5.1): empty; used when both send it, and required unless configured otherwise. */
final class ExtendedMasterSecretExtension implements HelloExtension {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public int type() {
        return ExtensionType.EXTENDED_MASTER_SECRET;
    }

    @Override
    public byte[] offer(HelloNegotiation negotiation) {
        return EMPTY;
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation negotiation) throws DtlsException {
        check(data, negotiation);
    }

    @Override
    public byte[] answer(HelloNegotiation negotiation) {
        return negotiation.extendedMasterSecret ? EMPTY : null;
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation negotiation) throws DtlsException {
        check(data, negotiation);
    }

    private static void check(byte[] data, HelloNegotiation negotiation) throws DtlsException {
        if (data != null && data.length != 0) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "extended_master_secret extension is not empty");
        }
        negotiation.extendedMasterSecret = data != null;
        if (data == null && negotiation.config.requireExtendedMasterSecret()) {
            throw new DtlsException(AlertDescription.HANDSHAKE_FAILURE, negotiation.peerName()
                    + " does not support the extended master secret (RFC 7627), which this configuration requires");
        }
    }
}
