package io.dtls4j.dtls12;

import io.dtls4j.DtlsException;
import io.dtls4j.handshake.Flight;
import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.handshake.message.Finished;
import io.dtls4j.handshake.message.NewSessionTicket;
import io.dtls4j.wire.DecodeException;

/**
 * Either side after the peer's ChangeCipherSpec: the peer's Finished, under the new keys, verified
 * against the transcript before it (RFC 5246 §7.4.9). Who sends the last flight depends on the
 * handshake (RFC 6347 §4.2.4): in a full one the client's Finished comes first and the server answers
 * it; in an abbreviated one (RFC 5246 §7.3) the server's comes first and the client answers. The side
 * that answers sends ChangeCipherSpec and Finished as its final flight, kept to answer a peer that
 * repeats its own; the other side completes on the peer's Finished alone. A server that promised a
 * ticket in a full handshake puts NewSessionTicket first in that flight (RFC 5077 §3.1 Figure 1).
 */
final class ExpectFinished extends Dtls12State {
    ExpectFinished(Dtls12Context context) {
        super(context);
    }

    @Override
    public String expecting() {
        return "Finished";
    }

    /** Whether our Finished follows the peer's: the server's in a full handshake, the client's in a resumed one. */
    private boolean answers() {
        return context.client == (context.resumed != null);
    }

    @Override
    public Step onMessage(HandshakeMessage message, long now) throws DtlsException, DecodeException {
        context.acceptPeerFinished(message);
        if (!answers()) {
            return new Step(null, context.completion(null, now));
        }
        context.received(message);
        // final flight: no timer; sent again only when the peer repeats its flight
        Flight flight = new Flight(false);
        if (!context.client && context.negotiation.sessionTicketIssued) {
            // RFC 5077 §3.3: after the client's Finished verified, before ChangeCipherSpec, and in the transcript
            long wall = context.config.wallClock().millis();
            NewSessionTicket ticket = SessionTickets.issue(context.ticketKeyRing, context.newSession(context.sessionId, wall), wall,
                    context.config.random());
            flight.add(context.outgoing(HandshakeType.NEW_SESSION_TICKET, ticket.encode(), 0));
        }
        context.changeCipherSpec(flight);
        flight.add(context.outgoing(HandshakeType.FINISHED, new Finished(context.verifyData(context.client)).encode(),
                Dtls12Context.NEGOTIATED_EPOCH));
        return new Step(null, context.completion(flight, now));
    }
}
