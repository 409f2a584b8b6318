package io.dtls4j.handshake.extension;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.handshake.message.ExtensionType;

/**
 * SessionTicket (RFC 5077 §3.2, type 35). The client sends the ticket of the session it resumes, or
 * an empty one to ask for a ticket; without {@code DtlsConfig.sessionTickets()} it sends nothing. The
 * server answers with an empty extension when it will send NewSessionTicket, and otherwise leaves it
 * out; a non-empty answer is decode_error, an unsolicited one unsupported_extension
 * ({@link HelloExtensions}).
 */
final class SessionTicketExtension implements HelloExtension {
    private static final byte[] EMPTY = new byte[0];

    @Override
    public int type() {
        return ExtensionType.SESSION_TICKET;
    }

    @Override
    public byte[] offer(HelloNegotiation negotiation) {
        if (!negotiation.config.sessionTickets()) {
            return null;
        }
        return negotiation.offeredTicket != null ? negotiation.offeredTicket.clone() : EMPTY;
    }

    @Override
    public void readOffer(byte[] data, HelloNegotiation negotiation) {
        // any content is an opaque ticket: one that does not open only means a full handshake (§3.2)
        negotiation.clientTicket = data;
    }

    @Override
    public byte[] answer(HelloNegotiation negotiation) {
        return negotiation.sessionTicketIssued ? EMPTY : null;
    }

    @Override
    public void readAnswer(byte[] data, byte[] offered, HelloNegotiation negotiation) throws DtlsException {
        if (data != null && data.length != 0) {
            throw new DtlsException(AlertDescription.DECODE_ERROR, "the server's SessionTicket extension is not empty (RFC 5077 §3.2)");
        }
        negotiation.sessionTicketIssued = data != null;
    }
}
