package io.dtls4j.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Puts together a ClientHello that a peer without a session sent in fragments across datagrams
 * (RFC 6347 §4.2.3), so that the stateless cookie gate can look at the whole message: a client with
 * a small MTU, or one whose ClientHello is large (many key shares), fragments its very first
 * message. This is the only state the server keeps before a cookie is valid, so it is small and
 * bounded: at most {@link #MAX_ENTRIES} messages, {@link #MAX_TOTAL_BYTES} bytes of them, each at
 * most {@link #MAX_MESSAGE_LENGTH} long and kept at most {@link #MAX_AGE_MILLIS}; over a limit the
 * oldest message is given up, and every message given up is counted. Keyed by the peer's address
 * and the message_seq. Used by the receiver thread alone.
 */
final class ClientHelloReassembly {
    static final int MAX_ENTRIES = 64;
    static final int MAX_TOTAL_BYTES = 256 * 1024;
    /** Far above a ClientHello with post-quantum key shares, far below the 2^24 the header allows. */
    static final int MAX_MESSAGE_LENGTH = 16 * 1024;
    /** Longer than a client waits between the fragments of one flight, shorter than its handshake timeout. */
    static final long MAX_AGE_MILLIS = 5_000;

    /** The same bound as the cookie gate's: a first ClientHello's message_seq is small (RFC 6347 §4.2.2). */
    private static final int MAX_MESSAGE_SEQ = 16;
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;

    private record Key(InetSocketAddress peer, int messageSeq) {
    }

    private static final class Entry {
        final long createdAt;
        final int version;
        final byte[] body;
        final BitSet have;
        long highestSequence = -1;

        Entry(long createdAt, int version, int length) {
            this.createdAt = createdAt;
            this.version = version;
            this.body = new byte[length];
            this.have = new BitSet(length);
        }

        boolean complete() {
            return have.nextClearBit(0) >= body.length;
        }
    }

    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
    private final ServerCounters counters;
    private int totalBytes;

    ClientHelloReassembly(ServerCounters counters) {
        this.counters = counters;
    }

    /** Whether the first record of {@code d} is an epoch-0 handshake record with a ClientHello fragment that is not the whole message. */
    static boolean isFragment(ByteBuffer d) {
        int p = d.position();
        if (d.remaining() < ClientHellos.RECORD_HEADER + ClientHellos.HANDSHAKE_HEADER
                || (d.get(p) & 0xFF) != HANDSHAKE || d.get(p + 3) != 0 || d.get(p + 4) != 0
                || (d.get(p + ClientHellos.RECORD_HEADER) & 0xFF) != CLIENT_HELLO) {
            return false;
        }
        int h = p + ClientHellos.RECORD_HEADER;
        return uint24(d, h + 6) != 0 || uint24(d, h + 9) != uint24(d, h + 1);
    }

    /**
     * Takes the ClientHello fragments of {@code datagram} (each epoch-0 handshake record in it).
     *
     * @return once the message is whole: one datagram holding it as a single unfragmented record
     *         (with the highest record sequence number of its fragments), for the cookie gate; else null
     */
    byte[] offer(InetSocketAddress from, ByteBuffer datagram, long now) {
        expire(now);
        ByteBuffer d = datagram.duplicate();
        int pos = d.position();
        int end = d.limit();
        while (end - pos >= ClientHellos.RECORD_HEADER + ClientHellos.HANDSHAKE_HEADER) {
            int recordLength = uint16(d, pos + 11);
            int h = pos + ClientHellos.RECORD_HEADER;
            if ((d.get(pos) & 0xFF) != HANDSHAKE || d.get(pos + 3) != 0 || d.get(pos + 4) != 0
                    || recordLength > end - h || (d.get(h) & 0xFF) != CLIENT_HELLO) {
                return null; // not a ClientHello fragment: the rest of the datagram is of no use here
            }
            int length = uint24(d, h + 1);
            int messageSeq = uint16(d, h + 4);
            int offset = uint24(d, h + 6);
            int fragmentLength = uint24(d, h + 9);
            if (fragmentLength > recordLength - ClientHellos.HANDSHAKE_HEADER || length > MAX_MESSAGE_LENGTH
                    || offset + fragmentLength > length || messageSeq > MAX_MESSAGE_SEQ) {
                counters.clientHelloReassemblyDropped.increment();
                return null;
            }
            byte[] whole = add(new Key(from, messageSeq), d, pos, length, offset, fragmentLength, now);
            if (whole != null) {
                return whole;
            }
            pos = h + recordLength;
        }
        return null;
    }

    private byte[] add(Key key, ByteBuffer d, int record, int length, int offset, int fragmentLength, long now) {
        Entry e = entries.get(key);
        if (e != null && e.body.length != length) {
            // fragments of one message disagree on its length (RFC 6347 §4.2.3): give it up
            remove(key, e);
            counters.clientHelloReassemblyDropped.increment();
            return null;
        }
        if (e == null) {
            makeRoom(length);
            e = new Entry(now, uint16(d, record + 1), length);
            entries.put(key, e);
            totalBytes += length;
        }
        int from = record + ClientHellos.RECORD_HEADER + ClientHellos.HANDSHAKE_HEADER;
        d.get(from, e.body, offset, fragmentLength);
        e.have.set(offset, offset + fragmentLength);
        e.highestSequence = Math.max(e.highestSequence, sequence(d, record));
        if (!e.complete()) {
            return null;
        }
        remove(key, e);
        counters.clientHellosReassembled.increment();
        return wholeRecord(e, key.messageSeq());
    }

    /** The message as one record with one unfragmented handshake message (RFC 6347 §4.1, §4.2.2). */
    private static byte[] wholeRecord(Entry e, int messageSeq) {
        int length = e.body.length;
        ByteBuffer out = ByteBuffer.allocate(ClientHellos.RECORD_HEADER + ClientHellos.HANDSHAKE_HEADER + length);
        out.put((byte) HANDSHAKE).putShort((short) e.version).putShort((short) 0)
                .putShort((short) (e.highestSequence >>> 32)).putInt((int) e.highestSequence)
                .putShort((short) (ClientHellos.HANDSHAKE_HEADER + length));
        out.put((byte) CLIENT_HELLO);
        putUint24(out, length);
        out.putShort((short) messageSeq);
        putUint24(out, 0);
        putUint24(out, length);
        out.put(e.body);
        return out.array();
    }

    /** Gives up the oldest messages until one of {@code length} bytes fits. */
    private void makeRoom(int length) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext() && (entries.size() >= MAX_ENTRIES || totalBytes + length > MAX_TOTAL_BYTES)) {
            Entry oldest = it.next();
            it.remove();
            totalBytes -= oldest.body.length;
            counters.clientHelloReassemblyDropped.increment();
        }
    }

    private void expire(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry oldest = it.next();
            if (now - oldest.createdAt < MAX_AGE_MILLIS) {
                return; // insertion order is age order
            }
            it.remove();
            totalBytes -= oldest.body.length;
            counters.clientHelloReassemblyDropped.increment();
        }
    }

    private void remove(Key key, Entry e) {
        entries.remove(key);
        totalBytes -= e.body.length;
    }

    /** Messages being put together now. */
    int size() {
        return entries.size();
    }

    private static long sequence(ByteBuffer d, int record) {
        return ((long) uint16(d, record + 5) << 32) | (d.getInt(record + 7) & 0xFFFFFFFFL);
    }

    private static int uint16(ByteBuffer d, int at) {
        return d.getShort(at) & 0xFFFF;
    }

    private static int uint24(ByteBuffer d, int at) {
        return ((d.get(at) & 0xFF) << 16) | ((d.get(at + 1) & 0xFF) << 8) | (d.get(at + 2) & 0xFF);
    }

    private static void putUint24(ByteBuffer out, int v) {
        out.put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
    }
}
