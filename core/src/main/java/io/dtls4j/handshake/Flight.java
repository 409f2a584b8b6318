package io.dtls4j.handshake;

import io.dtls4j.record.ContentType;

import java.util.ArrayList;
import java.util.List;

/**
 * A flight: the messages one side sends before it waits for the peer (RFC 6347 §4.2.4). It is kept
 * whole so that it can be sent again; every transmission is fragmented and protected anew, with new
 * record sequence numbers. Besides handshake messages a flight may hold whole records of another
 * content type (DTLS 1.2's ChangeCipherSpec), and may move our writing to a new epoch once sent.
 */
public final class Flight {

    /** One handshake message, or one record of fixed content, with the epoch it is sent in. */
    public static final class Entry {
        public final int contentType;
        public final long epoch;
        /** The handshake message, fragmented to fit; null for a record of fixed content. */
        public final HandshakeMessage message;
        /** The record's content when {@link #message} is null. */
        private final byte[] content;

        private Entry(int contentType, long epoch, HandshakeMessage message, byte[] content) {
            this.contentType = contentType;
            this.epoch = epoch;
            this.message = message;
            this.content = content;
        }

        /** The content of a record that is not a handshake message (a copy). */
        public byte[] content() {
            return content.clone();
        }
    }

    /** The ChangeCipherSpec record's one byte (RFC 5246 §7.1), shared: entries never hand out their own array. */
    private static final byte[] CHANGE_CIPHER_SPEC = {1};

    /** Growable while the flight is built; an exact-size immutable list once {@link #compact()}ed. */
    private List<Entry> entries = new ArrayList<>(6);
    private final boolean expectsResponse;
    private long writeEpochAfter = -1;

    /** @param expectsResponse false for a final flight, which is sent again only when the peer repeats its own */
    public Flight(boolean expectsResponse) {
        this.expectsResponse = expectsResponse;
    }

    public void add(HandshakeMessage message) {
        entries.add(new Entry(ContentType.HANDSHAKE, message.epoch(), message, null));
    }

    /** A whole record of {@code contentType} with fixed {@code content}, sent in {@code epoch}. */
    public void addRecord(int contentType, long epoch, byte[] content) {
        byte[] kept = contentType == ContentType.CHANGE_CIPHER_SPEC && java.util.Arrays.equals(content, CHANGE_CIPHER_SPEC)
                ? CHANGE_CIPHER_SPEC : content.clone();
        entries.add(new Entry(contentType, epoch, null, kept));
    }

    /**
     * Trims the flight to what it holds, for one that stays around (a final flight is kept until the peer shows
     * it arrived, RFC 6347 §4.2.4, which an idle session may never do): nothing can be added afterwards.
     */
    public void compact() {
        if (entries instanceof ArrayList) {
            entries = List.copyOf(entries);
        }
    }

    /** Once this flight has been sent, application data and alerts go out in {@code epoch}. */
    public void switchWriteEpochTo(long epoch) {
        writeEpochAfter = epoch;
    }

    /** The epoch we write in after this flight, or -1 when it does not change. */
    public long writeEpochAfter() {
        return writeEpochAfter;
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean expectsResponse() {
        return expectsResponse;
    }
}
