package io.dtls4j.handshake;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;

import java.util.BitSet;

/**
 * Reassembles handshake fragments from the peer into complete messages, delivered in message_seq order
 * (RFC 6347 §4.2.2-4.2.3). Fragments may arrive out of order, overlap, repeat, and several may share one
 * record. Memory is bounded three ways: a message longer than {@code maxMessageSize} is an error; at most
 * {@code maxMessagesAhead} message_seq values (from next_receive_seq on) are buffered; and the bodies of all
 * buffered messages together stay within {@code maxBufferedBytes}. A message's buffer is allocated at its
 * announced length only after those checks.
 *
 * <p>Alerts: a truncated header or fragment, or a fragment beyond its message's length, is DECODE_ERROR; a
 * message announced longer than {@code maxMessageSize}, or a fragment whose type or length disagrees with
 * earlier fragments of the same message_seq, is ILLEGAL_PARAMETER (a well-formed field with an unacceptable
 * value). Fragments that do not fit the buffer limit, are too far ahead, or come in another epoch than the
 * first fragment of their message are dropped silently: the peer retransmits.
 */
public final class HandshakeReassembler {

    /** One message being assembled or complete and waiting for {@link #poll()}. */
    private static final class Pending {
        final int seq;
        final int type;
        final int epoch;
        final byte[] body;
        /** Bytes received; null once the message is complete. */
        BitSet received;

        Pending(int seq, int type, int length, int epoch) {
            this.seq = seq;
            this.type = type;
            this.epoch = epoch;
            this.body = new byte[length];
            this.received = length == 0 ? null : new BitSet(length);
        }

        boolean complete() {
            return received == null;
        }

        void add(byte[] src, int srcOff, int offset, int n) {
            if (received == null || n == 0) {
                return;
            }
            System.arraycopy(src, srcOff, body, offset, n);
            received.set(offset, offset + n);
            if (received.nextClearBit(0) >= body.length) {
                received = null;
            }
        }
    }

    private final int maxMessageSize;
    private final int maxBufferedBytes;
    private final int maxMessagesAhead;
    /**
     * Slot for message_seq s (next <= s < next + maxMessagesAhead) is s % maxMessagesAhead. Null while
     * nothing is buffered: made for the first fragment and let go when the last buffered message is
     * taken, so that an established session, which keeps its reassembler to notice a peer repeating its
     * final flight (RFC 6347 §4.2.4), keeps no slots (issue #11).
     */
    private Pending[] slots;
    private int nextReceiveSeq;
    private int bufferedBytes;

    /**
     * @param maxMessageSize   largest acceptable handshake message body
     * @param maxBufferedBytes limit on the bodies of all buffered messages together; at least maxMessageSize
     * @param maxMessagesAhead message_seq values from next_receive_seq on that may be buffered (e.g. 8):
     *                         messages with seq >= next + this are dropped
     */
    public HandshakeReassembler(int maxMessageSize, int maxBufferedBytes, int maxMessagesAhead) {
        if (maxMessageSize < 0 || maxMessageSize > 0xFFFFFF) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize);
        }
        if (maxBufferedBytes < maxMessageSize) {
            throw new IllegalArgumentException("maxBufferedBytes must be at least maxMessageSize");
        }
        if (maxMessagesAhead < 1 || maxMessagesAhead > 0x10000) {
            throw new IllegalArgumentException("maxMessagesAhead " + maxMessagesAhead);
        }
        this.maxMessageSize = maxMessageSize;
        this.maxBufferedBytes = maxBufferedBytes;
        this.maxMessagesAhead = maxMessagesAhead;
    }

    /**
     * Takes the payload of one handshake record (one or more fragments, possibly of several messages)
     * received in {@code epoch}.
     *
     * @return true if any fragment belonged to an already-delivered message ({@code seq < next_receive_seq}): the
     *         peer is retransmitting, so its last flight did not get our reply
     * @throws DecodeException DECODE_ERROR for a truncated header or fragment or a fragment beyond its
     *                         message's length; ILLEGAL_PARAMETER for a message longer than the limit or a
     *                         fragment disagreeing in type or length with earlier ones of its message_seq
     */
    public boolean offer(byte[] b, int off, int len, int epoch) throws DecodeException {
        WireReader r = new WireReader(b, off, len);
        boolean retransmission = false;
        while (r.remaining() > 0) {
            HandshakeHeader h = HandshakeHeader.read(r);
            int dataOff = r.arrayOffset();
            r.skip(h.fragmentLength());
            // RFC 6347 §4.2.2: a message_seq below next_receive_seq MUST be discarded
            if (h.messageSeq() < nextReceiveSeq) {
                retransmission = true;
                continue;
            }
            if (h.length() > maxMessageSize) {
                throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER,
                        HandshakeType.name(h.type()) + " of " + h.length() + " bytes exceeds limit " + maxMessageSize);
            }
            if (h.messageSeq() - nextReceiveSeq >= maxMessagesAhead) {
                continue;
            }
            accept(h, b, dataOff, epoch);
        }
        return retransmission;
    }

    private void accept(HandshakeHeader h, byte[] b, int dataOff, int epoch) throws DecodeException {
        int slot = h.messageSeq() % maxMessagesAhead;
        if (slots == null) {
            slots = new Pending[maxMessagesAhead];
        }
        Pending p = slots[slot];
        if (p != null) {
            if (p.epoch != epoch) {
                return; // all fragments of one message come in one epoch; a stray one is ignored
            }
            if (p.type != h.type() || p.body.length != h.length()) {
                throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "fragment of message_seq " + h.messageSeq()
                        + " disagrees in type or length: " + HandshakeType.name(h.type()) + "/" + h.length()
                        + " after " + HandshakeType.name(p.type) + "/" + p.body.length);
            }
            p.add(b, dataOff, h.fragmentOffset(), h.fragmentLength());
            return;
        }
        if (h.fragmentLength() == 0 && h.length() > 0) {
            return; // carries nothing; not worth a buffer
        }
        if (!makeRoom(h.length(), h.messageSeq())) {
            return;
        }
        p = new Pending(h.messageSeq(), h.type(), h.length(), epoch);
        p.add(b, dataOff, h.fragmentOffset(), h.fragmentLength());
        slots[slot] = p;
        bufferedBytes += h.length();
    }

    /**
     * Ensures {@code length} more bytes fit the buffer limit, evicting buffered messages further ahead than
     * {@code seq} (furthest first) when needed, so the message the handshake waits for is never starved by
     * later ones. Returns false when it still does not fit.
     */
    private boolean makeRoom(int length, int seq) {
        for (int s = nextReceiveSeq + maxMessagesAhead - 1; bufferedBytes + length > maxBufferedBytes && s > seq; s--) {
            int slot = s % maxMessagesAhead;
            Pending p = slots[slot];
            if (p != null && p.seq == s) {
                bufferedBytes -= p.body.length;
                slots[slot] = null;
            }
        }
        return bufferedBytes + length <= maxBufferedBytes;
    }

    /** The next complete message in message_seq order without taking it, or null. */
    public HandshakeMessage peek() {
        if (slots == null) {
            return null;
        }
        Pending p = slots[nextReceiveSeq % maxMessagesAhead];
        return p == null || !p.complete() ? null : new HandshakeMessage(p.type, p.seq, p.body, p.epoch);
    }

    /** The next complete message in message_seq order, or null. Each is returned once; next_receive_seq then advances. */
    public HandshakeMessage poll() {
        if (slots == null) {
            return null;
        }
        int slot = nextReceiveSeq % maxMessagesAhead;
        Pending p = slots[slot];
        if (p == null || !p.complete()) {
            return null;
        }
        slots[slot] = null;
        bufferedBytes -= p.body.length;
        nextReceiveSeq++;
        if (isEmpty()) {
            slots = null;
        }
        return new HandshakeMessage(p.type, p.seq, p.body, p.epoch);
    }

    private boolean isEmpty() {
        for (Pending p : slots) {
            if (p != null) {
                return false;
            }
        }
        return true;
    }

    public int nextReceiveSeq() {
        return nextReceiveSeq;
    }

    /**
     * Sets next_receive_seq, for a server whose first buffered message_seq is the client's (after a stateless
     * cookie exchange, RFC 6347 §4.2.2) or for a new handshake. Clears buffered state.
     */
    public void setNextReceiveSeq(int seq) {
        if (seq < 0 || seq > 0x10000) {
            throw new IllegalArgumentException("message_seq " + seq);
        }
        slots = null;
        bufferedBytes = 0;
        nextReceiveSeq = seq;
    }

    /** Bytes held in buffered message bodies (partial or complete but not yet polled). */
    public int bufferedBytes() {
        return bufferedBytes;
    }
}
