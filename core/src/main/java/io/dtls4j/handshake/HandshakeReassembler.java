package io.dtls4j.handshake;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles the peer's handshake fragments into whole messages delivered in message_seq order
 * (RFC 6347 §4.2.2, §4.2.3). Fragments may arrive out of order, overlap or repeat. Memory is
 * bounded: a message may not exceed {@code maxMessageSize}, all partial messages together not
 * {@code maxBufferedBytes}, and only {@code maxMessagesAhead} message_seq values past the next
 * expected one are buffered; anything beyond is dropped (the peer retransmits).
 */
public final class HandshakeReassembler {

    /** One message being put together. */
    private static final class Partial {
        final int type;
        final int epoch;
        final byte[] data;
        /** Received byte ranges as sorted, disjoint [start, end) pairs. */
        final List<int[]> ranges = new ArrayList<>(2);

        Partial(int type, int length, int epoch) {
            this.type = type;
            this.epoch = epoch;
            this.data = new byte[length];
        }

        void add(byte[] b, int off, int fragmentOffset, int fragmentLength) {
            System.arraycopy(b, off, data, fragmentOffset, fragmentLength);
            int start = fragmentOffset;
            int end = fragmentOffset + fragmentLength;
            List<int[]> merged = new ArrayList<>(ranges.size() + 1);
            boolean placed = false;
            for (int[] r : ranges) {
                if (r[1] < start) {
                    merged.add(r);
                } else if (r[0] > end) {
                    if (!placed) {
                        merged.add(new int[] {start, end});
                        placed = true;
                    }
                    merged.add(r);
                } else {
                    start = Math.min(start, r[0]);
                    end = Math.max(end, r[1]);
                }
            }
            if (!placed) {
                merged.add(new int[] {start, end});
            }
            ranges.clear();
            ranges.addAll(merged);
        }

        boolean complete() {
            return data.length == 0 ? !ranges.isEmpty()
                    : ranges.size() == 1 && ranges.get(0)[0] == 0 && ranges.get(0)[1] == data.length;
        }
    }

    private final int maxMessageSize;
    private final int maxBufferedBytes;
    private final int maxMessagesAhead;
    private final Map<Integer, Partial> pending = new HashMap<>();
    private int nextReceiveSeq;
    private int bufferedBytes;

    public HandshakeReassembler(int maxMessageSize, int maxBufferedBytes, int maxMessagesAhead) {
        this.maxMessageSize = maxMessageSize;
        this.maxBufferedBytes = maxBufferedBytes;
        this.maxMessagesAhead = maxMessagesAhead;
    }

    /**
     * Takes the payload of one handshake record received in {@code epoch}. Returns true when some
     * fragment belonged to a message already delivered: the peer is retransmitting its flight.
     *
     * @throws DecodeException for a truncated fragment, a fragment reaching past its message's
     *                         length, an oversized message, or a fragment that disagrees in type or
     *                         length with earlier fragments of the same message
     */
    public boolean offer(byte[] b, int off, int len, int epoch) throws DecodeException {
        WireReader r = new WireReader(b, off, len);
        boolean repeated = false;
        while (r.remaining() > 0) {
            HandshakeHeader h = HandshakeHeader.read(r);
            int start = r.arrayOffset();
            r.skip(h.fragmentLength());
            if ((long) h.fragmentOffset() + h.fragmentLength() > h.length()) {
                throw DecodeException.decodeError("fragment " + h.fragmentOffset() + "+" + h.fragmentLength()
                        + " reaches past the message length " + h.length());
            }
            if (h.length() > maxMessageSize) {
                throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, HandshakeType.name(h.type())
                        + " of " + h.length() + " bytes exceeds the limit of " + maxMessageSize);
            }
            int seq = h.messageSeq();
            if (seq < nextReceiveSeq) {
                repeated = true;
                continue;
            }
            if (seq >= nextReceiveSeq + maxMessagesAhead) {
                continue;
            }
            Partial partial = pending.get(seq);
            if (partial == null) {
                if (bufferedBytes + h.length() > maxBufferedBytes) {
                    continue;
                }
                partial = new Partial(h.type(), h.length(), epoch);
                pending.put(seq, partial);
                bufferedBytes += h.length();
            } else if (partial.type != h.type() || partial.data.length != h.length()) {
                throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "fragment of message " + seq
                        + " disagrees with earlier fragments in type or length");
            } else if (partial.epoch != epoch) {
                continue; // every fragment of a message travels in one epoch
            }
            partial.add(b, start, h.fragmentOffset(), h.fragmentLength());
        }
        return repeated;
    }

    /** The next complete message in order, or null. */
    public HandshakeMessage poll() {
        Partial partial = pending.get(nextReceiveSeq);
        if (partial == null || !partial.complete()) {
            return null;
        }
        pending.remove(nextReceiveSeq);
        bufferedBytes -= partial.data.length;
        return new HandshakeMessage(partial.type, nextReceiveSeq++, partial.data, partial.epoch);
    }

    public int nextReceiveSeq() {
        return nextReceiveSeq;
    }

    /** Sets the next expected message_seq (a server after a stateless cookie exchange) and clears buffers. */
    public void setNextReceiveSeq(int seq) {
        pending.clear();
        bufferedBytes = 0;
        nextReceiveSeq = seq;
    }

    public int bufferedBytes() {
        return bufferedBytes;
    }
}
