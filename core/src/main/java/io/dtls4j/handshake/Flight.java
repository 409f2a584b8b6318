package io.dtls4j.handshake;

import io.dtls4j.record.ContentType;

import java.util.ArrayList;
import java.util.List;

/**
 * A flight: the messages one side sends before it waits for the peer (RFC 6347 §4.2.4). It is kept
 * whole so that it can be sent again; every transmission is fragmented and protected anew, with new
 * record sequence numbers.
 */
public final class Flight {

    /** One handshake message or a ChangeCipherSpec, with the epoch it is sent in. */
    public static final class Entry {
        public final int contentType;
        public final long epoch;
        public final HandshakeMessage message;

        private Entry(int contentType, long epoch, HandshakeMessage message) {
            this.contentType = contentType;
            this.epoch = epoch;
            this.message = message;
        }

        public boolean isChangeCipherSpec() {
            return contentType == ContentType.CHANGE_CIPHER_SPEC;
        }
    }

    private final List<Entry> entries = new ArrayList<>(6);
    private final boolean expectsResponse;

    /** @param expectsResponse false for a final flight, which is sent again only when the peer repeats its own */
    public Flight(boolean expectsResponse) {
        this.expectsResponse = expectsResponse;
    }

    public void add(HandshakeMessage message) {
        entries.add(new Entry(ContentType.HANDSHAKE, message.epoch(), message));
    }

    /** A DTLS 1.2 ChangeCipherSpec, sent in epoch 0; the epoch of what follows it is switched when it goes out. */
    public void addChangeCipherSpec() {
        entries.add(new Entry(ContentType.CHANGE_CIPHER_SPEC, 0, null));
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean expectsResponse() {
        return expectsResponse;
    }
}
