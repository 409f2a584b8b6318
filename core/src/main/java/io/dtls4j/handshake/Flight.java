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

    /** Growable while the flight is built; null once {@link #compact()}ed into {@link #packed}. */
    private List<Entry> entries = new ArrayList<>(6);
    /** The entries as contentType(1) epoch(2) handshake(1) [type(1) message_seq(2) length_hi(1)] length(2) bytes; else null. */
    private byte[] packed;
    private final boolean expectsResponse;
    private long writeEpochAfter = -1;

    /** @param expectsResponse false for a final flight, which is sent again only when the peer repeats its own */
    public Flight(boolean expectsResponse) {
        this.expectsResponse = expectsResponse;
    }

    public void add(HandshakeMessage message) {
        requireOpen();
        entries.add(new Entry(ContentType.HANDSHAKE, message.epoch(), message, null));
    }

    /** A whole record of {@code contentType} with fixed {@code content}, sent in {@code epoch}. */
    public void addRecord(int contentType, long epoch, byte[] content) {
        requireOpen();
        byte[] kept = contentType == ContentType.CHANGE_CIPHER_SPEC && java.util.Arrays.equals(content, CHANGE_CIPHER_SPEC)
                ? CHANGE_CIPHER_SPEC : content.clone();
        entries.add(new Entry(contentType, epoch, null, kept));
    }

    /**
     * Packs the flight into one array, for one that stays around: a final flight is kept until the peer shows
     * it arrived (RFC 6347 §4.2.4), which an idle session may never do, and the objects of a flight cost
     * several times its bytes (issue #11). {@link #entries()} unpacks a copy each time, which only a
     * retransmission asks for. Nothing can be added afterwards.
     */
    public void compact() {
        if (packed != null) {
            return;
        }
        int size = 0;
        for (Entry e : entries) {
            if (e.epoch > 0xFFFF) {
                return; // not representable below; stays as it is
            }
            size += 4 + (e.message != null ? 6 + e.message.body().length : 2 + e.content.length);
        }
        byte[] out = new byte[size];
        int i = 0;
        for (Entry e : entries) {
            out[i++] = (byte) e.contentType;
            out[i++] = (byte) (e.epoch >>> 8);
            out[i++] = (byte) e.epoch;
            out[i++] = (byte) (e.message != null ? 1 : 0);
            byte[] bytes;
            if (e.message != null) {
                bytes = e.message.body();
                out[i++] = (byte) e.message.type();
                out[i++] = (byte) (e.message.messageSeq() >>> 8);
                out[i++] = (byte) e.message.messageSeq();
                out[i++] = (byte) (bytes.length >>> 16);
            } else {
                bytes = e.content;
            }
            out[i++] = (byte) (bytes.length >>> 8);
            out[i++] = (byte) bytes.length;
            System.arraycopy(bytes, 0, out, i, bytes.length);
            i += bytes.length;
        }
        packed = out;
        entries = null;
    }

    private void requireOpen() {
        if (entries == null) {
            throw new IllegalStateException("a compacted flight takes no more entries");
        }
    }

    private List<Entry> unpack() {
        List<Entry> out = new ArrayList<>(4);
        int i = 0;
        while (i < packed.length) {
            int contentType = packed[i++] & 0xFF;
            long epoch = ((packed[i++] & 0xFF) << 8) | (packed[i++] & 0xFF);
            boolean handshake = packed[i++] != 0;
            int type = 0;
            int seq = 0;
            int length = 0;
            if (handshake) {
                type = packed[i++] & 0xFF;
                seq = ((packed[i++] & 0xFF) << 8) | (packed[i++] & 0xFF);
                length = (packed[i++] & 0xFF) << 16;
            }
            length |= ((packed[i++] & 0xFF) << 8) | (packed[i++] & 0xFF);
            byte[] bytes = java.util.Arrays.copyOfRange(packed, i, i + length);
            i += length;
            if (handshake) {
                out.add(new Entry(contentType, epoch, new HandshakeMessage(type, seq, bytes, (int) epoch), null));
            } else {
                boolean ccs = contentType == ContentType.CHANGE_CIPHER_SPEC && java.util.Arrays.equals(bytes, CHANGE_CIPHER_SPEC);
                out.add(new Entry(contentType, epoch, null, ccs ? CHANGE_CIPHER_SPEC : bytes));
            }
        }
        return out;
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
        return packed != null ? unpack() : entries;
    }

    public boolean expectsResponse() {
        return expectsResponse;
    }
}
