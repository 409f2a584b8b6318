package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.handshake.message.ExtensionType;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;

/**
 * record_size_limit (RFC 8449 §4): {@code uint16 RecordSizeLimit}, the largest plaintext of a
 * protected record the sender is willing to receive. In DTLS 1.2 the limit counts everything that
 * goes into the encryption (the content, and for formats with an inner plaintext its type and
 * padding), not the AEAD's expansion (§4, §4.1). Negotiated when both hellos carry it; from then on
 * each side writes protected records within the other's limit, and unprotected ones (epoch 0) are
 * not limited (§4).
 *
 * <p>A client offers it only when {@link io.dtls4j.config.DtlsConfig#recordSizeLimit()} is set. A
 * server answers every offer (§4: "Endpoints SHOULD advertise", and the answer tells the client that
 * its limit is respected), with its configured limit or the DTLS 1.2 maximum of 2^14.
 *
 * <p>Values below 64 are illegal_parameter on either side (§4 "MUST treat receipt of a smaller value
 * as a fatal error"). Above the protocol's maximum: a server must not refuse (§4, a client may know a
 * version or extension the server does not) and takes 2^14; a client refuses the server's with
 * illegal_parameter, as §4 allows.
 */
final class RecordSizeLimitExtension implements HelloExtension {
    /** RFC 8449 §4: the smallest limit an endpoint may send or accept. */
    static final int MIN_LIMIT = 64;
    /** RFC 8449 §4: the protocol-defined maximum for (D)TLS 1.2, 2^14 (RFC 5246 §6.2.1). */
    static final int DTLS12_MAX_LIMIT = 16384;

    @Override
    public int type() {
        return ExtensionType.RECORD_SIZE_LIMIT;
    }

    @Override
    public byte[] offer(HelloNegotiation n) {
        int limit = n.config.recordSizeLimit();
        // RFC 8449 §4: never above the protocol's maximum (a configured 2^14 + 1 is TLS 1.3's)
        return limit == 0 ? null : encode(Math.min(limit, DTLS12_MAX_LIMIT));
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation n) throws DtlsException, DecodeException {
        if (data == null) {
            return;
        }
        int limit = decode(data, n);
        // RFC 8449 §4: "A server MUST NOT enforce this restriction" (the upper bound)
        n.peerRecordSizeLimit = Math.min(limit, DTLS12_MAX_LIMIT);
        n.ownRecordSizeLimit = ownLimit(n);
    }

    @Override
    public byte[] answer(HelloNegotiation n) {
        return n.ownRecordSizeLimit == 0 ? null : encode(n.ownRecordSizeLimit);
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation n) throws DtlsException, DecodeException {
        if (data == null) {
            return; // not negotiated: records of any size the protocol permits (§4)
        }
        int limit = decode(data, n);
        if (limit > DTLS12_MAX_LIMIT) {
            // RFC 8449 §4: "A client MAY abort the handshake with an illegal_parameter alert"
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "the server's record_size_limit of " + limit
                    + " exceeds the DTLS 1.2 maximum of " + DTLS12_MAX_LIMIT + " (RFC 8449 §4)");
        }
        n.peerRecordSizeLimit = limit;
        n.ownRecordSizeLimit = ownLimit(n);
    }

    /** The limit we advertise: the configured one, or (a server answering an offer) the protocol's maximum. */
    private static int ownLimit(HelloNegotiation n) {
        int configured = n.config.recordSizeLimit();
        return configured == 0 ? DTLS12_MAX_LIMIT : Math.min(configured, DTLS12_MAX_LIMIT);
    }

    private static byte[] encode(int limit) {
        return new byte[] {(byte) (limit >>> 8), (byte) limit};
    }

    private static int decode(byte[] data, HelloNegotiation n) throws DtlsException, DecodeException {
        WireReader r = new WireReader(data);
        int limit = r.u16();
        r.expectEnd();
        if (limit < MIN_LIMIT) {
            throw new DtlsException(AlertDescription.ILLEGAL_PARAMETER, "the " + n.peerName() + "'s record_size_limit of "
                    + limit + " is below the minimum of " + MIN_LIMIT + " (RFC 8449 §4)");
        }
        return limit;
    }
}
