package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.util.Arrays;

/**
 * NewSessionTicket body (RFC 5077 §3.3, handshake type 4):
 * {@code uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>}. An empty ticket is the server's
 * way of issuing none after all, once its ServerHello promised one.
 */
public record NewSessionTicket(long lifetimeHintSeconds, byte[] ticket) {
    /** The largest ticket the vector can hold. */
    public static final int MAX_TICKET_LENGTH = 0xFFFF;

    public NewSessionTicket {
        if (lifetimeHintSeconds < 0 || lifetimeHintSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ticket_lifetime_hint out of range: " + lifetimeHintSeconds);
        }
        ticket = Vectors.copy(ticket, 0, MAX_TICKET_LENGTH, "ticket");
    }

    public byte[] encode() {
        return new WireWriter(6 + ticket.length).u16((int) (lifetimeHintSeconds >>> 16)).u16((int) (lifetimeHintSeconds & 0xFFFF))
                .vector16(ticket).toByteArray();
    }

    /** DECODE_ERROR when the body is truncated or has bytes after the ticket. */
    public static NewSessionTicket decode(byte[] body) throws DecodeException {
        WireReader r = new WireReader(body);
        long hint = ((long) r.u16() << 16) | r.u16();
        byte[] ticket = r.vector16();
        r.expectEnd();
        return new NewSessionTicket(hint, ticket);
    }

    @Override
    public byte[] ticket() {
        return ticket.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewSessionTicket t && t.lifetimeHintSeconds == lifetimeHintSeconds && Arrays.equals(t.ticket, ticket);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lifetimeHintSeconds) * 31 + Arrays.hashCode(ticket);
    }

    /** The ticket's length only: it is opaque, and sealed state need not fill a log. */
    @Override
    public String toString() {
        return "NewSessionTicket(lifetimeHint=" + lifetimeHintSeconds + "s, ticket=" + ticket.length + " bytes)";
    }
}
