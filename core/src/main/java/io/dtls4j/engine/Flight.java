package io.dtls4j.engine;

import io.dtls4j.handshake.HandshakeMessage;
import io.dtls4j.record.ContentType;

import java.util.ArrayList;
import java.util.List;

/**
 * A flight: the messages one side sends before it waits for the peer (RFC 6347 §4.2.4). It is kept
 * whole so that it can be sent again; every transmission is fragmented and protected anew, with new
 * record sequence numbers.
 */
final class Flight {

    /** One handshake message or a ChangeCipherSpec, with the epoch it is sent in. */
    static final class Entry {
        final int contentType;
        final int epoch;
        final HandshakeMessage message;

        private Entry(int contentType, int epoch, HandshakeMessage message) {
            this.contentType = contentType;
            this.epoch = epoch;
            this.message = message;
        }

        boolean isChangeCipherSpec() {
            return contentType == ContentType.CHANGE_CIPHER_SPEC;
        }
    }

    private final List<Entry> entries = new ArrayList<>(6);
    private final boolean expectsResponse;

    /** @param expectsResponse false for a final flight, which is sent again only when the peer repeats its own */
    Flight(boolean expectsResponse) {
        this.expectsResponse = expectsResponse;
    }

    void add(HandshakeMessage message) {
        entries.add(new Entry(ContentType.HANDSHAKE, message.epoch(), message));
    }

    void addChangeCipherSpec() {
        entries.add(new Entry(ContentType.CHANGE_CIPHER_SPEC, 0, null));
    }

    List<Entry> entries() {
        return entries;
    }

    boolean expectsResponse() {
        return expectsResponse;
    }
}
