package io.dtls4j.handshake;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeReassemblerTest {

    private static byte[] body(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** One fragment of a message, header and bytes. */
    private static byte[] frag(int type, int seq, byte[] body, int offset, int n) {
        WireWriter w = new WireWriter();
        new HandshakeHeader(type, body.length, seq, offset, n).write(w);
        w.bytes(body, offset, n);
        return w.toByteArray();
    }

    private static boolean offer(HandshakeReassembler r, byte[] payload, int epoch) throws DecodeException {
        return r.offer(payload, 0, payload.length, epoch);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static HandshakeReassembler reassembler() {
        return new HandshakeReassembler(1 << 16, 1 << 17, 8);
    }

    @Test
    void unfragmentedMessagesComeOutInOrderOnce() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] b0 = body(40, 0);
        byte[] b1 = body(10, 1);
        assertThat(offer(r, concat(frag(1, 0, b0, 0, 40), frag(11, 1, b1, 0, 10)), 0)).isFalse();
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(1, 0, b0, 0));
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(11, 1, b1, 0));
        assertThat(r.poll()).isNull();
        assertThat(r.nextReceiveSeq()).isEqualTo(2);
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void fragmentsInOrderAssembleTheMessage() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] b = body(100, 2);
        for (int off = 0; off < 100; off += 30) {
            assertThat(r.poll()).isNull();
            offer(r, frag(11, 0, b, off, Math.min(30, 100 - off)), 0);
        }
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(11, 0, b, 0));
    }

    @Test
    void fragmentsInReverseOrderAssembleTheMessage() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] b = body(100, 3);
        for (int off = 90; off >= 0; off -= 10) {
            assertThat(r.poll()).isNull();
            offer(r, frag(11, 0, b, off, 10), 0);
        }
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(11, 0, b, 0));
    }

    @Test
    void overlappingAndDuplicatedFragmentsAssembleTheMessage() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] b = body(100, 4);
        offer(r, frag(11, 0, b, 0, 40), 0);
        offer(r, frag(11, 0, b, 0, 40), 0);
        offer(r, frag(11, 0, b, 20, 50), 0);
        offer(r, frag(11, 0, b, 30, 10), 0);
        assertThat(r.poll()).isNull();
        offer(r, frag(11, 0, b, 65, 35), 0);
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(11, 0, b, 0));
        assertThat(r.poll()).isNull();
    }

    @Test
    void interleavedFragmentsOfSeveralMessagesInOneRecordAndAcross() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] a = body(50, 5);
        byte[] c = body(70, 6);
        offer(r, concat(frag(2, 0, a, 0, 25), frag(11, 1, c, 35, 35)), 0);
        offer(r, concat(frag(11, 1, c, 0, 35), frag(2, 0, a, 25, 25), frag(14, 2, new byte[0], 0, 0)), 0);
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(2, 0, a, 0));
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(11, 1, c, 0));
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(14, 2, new byte[0], 0));
        assertThat(r.poll()).isNull();
    }

    @Test
    void laterMessageWaitsForTheEarlierOne() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] a = body(5, 7);
        byte[] c = body(6, 8);
        offer(r, frag(12, 1, c, 0, 6), 0);
        assertThat(r.poll()).isNull();
        assertThat(r.bufferedBytes()).isEqualTo(6);
        offer(r, frag(11, 0, a, 0, 5), 0);
        assertThat(r.poll().messageSeq()).isZero();
        assertThat(r.poll().messageSeq()).isEqualTo(1);
    }

    @Test
    void zeroLengthMessageIsDeliveredAtOnce() throws Exception {
        HandshakeReassembler r = reassembler();
        offer(r, frag(HandshakeType.SERVER_HELLO_DONE, 0, new byte[0], 0, 0), 3);
        HandshakeMessage m = r.poll();
        assertThat(m).isEqualTo(new HandshakeMessage(14, 0, new byte[0], 3));
    }

    @Test
    void emptyFragmentOfANonEmptyMessageIsIgnored() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] b = body(10, 9);
        offer(r, frag(11, 0, b, 5, 0), 0);
        assertThat(r.bufferedBytes()).isZero();
        offer(r, frag(11, 0, b, 0, 10), 0);
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(11, 0, b, 0));
    }

    @Test
    void fragmentBeyondTheMessageLengthIsADecodeError() {
        HandshakeReassembler r = reassembler();
        WireWriter w = new WireWriter();
        new HandshakeHeader(11, 10, 0, 8, 3).write(w);
        w.bytes(new byte[3]);
        byte[] p = w.toByteArray();
        assertAlert(() -> offer(r, p, 0), AlertDescription.DECODE_ERROR);
    }

    @Test
    void truncatedHeaderOrFragmentIsADecodeError() {
        byte[] full = frag(11, 0, body(10, 10), 0, 10);
        for (int n = 1; n < full.length; n++) {
            HandshakeReassembler r = reassembler();
            int len = n;
            assertAlert(() -> r.offer(full, 0, len, 0), AlertDescription.DECODE_ERROR);
        }
    }

    @Test
    void fragmentDisagreeingInTypeOrLengthIsAnIllegalParameter() throws Exception {
        byte[] b = body(20, 11);
        HandshakeReassembler r1 = reassembler();
        offer(r1, frag(11, 0, b, 0, 10), 0);
        assertAlert(() -> offer(r1, frag(12, 0, b, 10, 10), 0), AlertDescription.ILLEGAL_PARAMETER);

        HandshakeReassembler r2 = reassembler();
        offer(r2, frag(11, 0, b, 0, 10), 0);
        byte[] longer = body(21, 11);
        assertAlert(() -> offer(r2, frag(11, 0, longer, 10, 10), 0), AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void fragmentFromAnotherEpochIsIgnored() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] b = body(20, 12);
        offer(r, frag(20, 0, b, 0, 10), 1);
        offer(r, frag(20, 0, b, 10, 10), 0);
        assertThat(r.poll()).isNull();
        offer(r, frag(20, 0, b, 10, 10), 1);
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(20, 0, b, 1));
    }

    @Test
    void messageLongerThanTheLimitIsAnIllegalParameter() throws Exception {
        HandshakeReassembler r = new HandshakeReassembler(100, 1000, 8);
        byte[] ok = body(100, 13);
        offer(r, frag(11, 0, ok, 0, 100), 0);
        assertThat(r.poll()).isNotNull();
        byte[] big = body(101, 13);
        assertAlert(() -> offer(r, frag(11, 1, big, 0, 10), 0), AlertDescription.ILLEGAL_PARAMETER);
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void hugeAnnouncedLengthAllocatesNothing() throws Exception {
        HandshakeReassembler r = new HandshakeReassembler(1 << 14, 1 << 15, 8);
        WireWriter w = new WireWriter();
        new HandshakeHeader(11, 0xFFFFFF, 0, 0, 1).write(w);
        w.u8(0);
        byte[] p = w.toByteArray();
        assertAlert(() -> offer(r, p, 0), AlertDescription.ILLEGAL_PARAMETER);
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void messagesAheadBeyondTheBufferLimitAreDroppedSilently() throws Exception {
        HandshakeReassembler r = new HandshakeReassembler(100, 150, 8);
        byte[] m1 = body(100, 14);
        byte[] m2 = body(60, 15);
        offer(r, frag(11, 1, m1, 0, 10), 0);
        assertThat(r.bufferedBytes()).isEqualTo(100);
        assertThat(offer(r, frag(12, 2, m2, 0, 60), 0)).isFalse();
        assertThat(r.bufferedBytes()).as("message 2 does not fit beside message 1").isEqualTo(100);
        offer(r, frag(11, 1, m1, 10, 90), 0);
        byte[] m0 = body(50, 16);
        offer(r, frag(2, 0, m0, 0, 50), 0);
        assertThat(r.bufferedBytes()).isEqualTo(150);
        assertThat(r.poll().messageSeq()).isZero();
        assertThat(r.poll().messageSeq()).isEqualTo(1);
        assertThat(r.poll()).as("message 2 was dropped; the peer retransmits it").isNull();
        offer(r, frag(12, 2, m2, 0, 60), 0);
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(12, 2, m2, 0));
    }

    @Test
    void awaitedMessageEvictsMessagesFurtherAheadWhenTheBufferIsFull() throws Exception {
        HandshakeReassembler r = new HandshakeReassembler(100, 200, 8);
        byte[] m1 = body(100, 17);
        byte[] m2 = body(100, 18);
        offer(r, frag(11, 1, m1, 0, 100), 0);
        offer(r, frag(12, 2, m2, 0, 50), 0);
        assertThat(r.bufferedBytes()).isEqualTo(200);
        byte[] m0 = body(80, 19);
        offer(r, frag(2, 0, m0, 0, 80), 0);
        assertThat(r.bufferedBytes()).isEqualTo(180);
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(2, 0, m0, 0));
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(11, 1, m1, 0));
        assertThat(r.poll()).isNull();
        assertThat(r.bufferedBytes()).isZero();
    }

    @Test
    void bufferedBytesStayWithinTheLimitUnderAFlood() throws Exception {
        HandshakeReassembler r = new HandshakeReassembler(1000, 2500, 16);
        Random rnd = new Random(20);
        int peak = 0;
        for (int i = 0; i < 2000; i++) {
            int seq = r.nextReceiveSeq() + rnd.nextInt(20);
            // every message_seq always announces the same type and length, so no error stops the flood
            int length = 1 + (seq * 53) % 1000;
            int fOff = rnd.nextInt(length);
            int fLen = 1 + rnd.nextInt(Math.min(200, length - fOff));
            WireWriter w = new WireWriter();
            new HandshakeHeader(11, length, seq, fOff, fLen).write(w);
            w.bytes(new byte[fLen]);
            offer(r, w.toByteArray(), 0);
            assertThat(r.bufferedBytes()).isBetween(0, 2500);
            peak = Math.max(peak, r.bufferedBytes());
            if (rnd.nextInt(10) == 0) {
                r.poll();
            }
        }
        assertThat(peak).as("the flood reached the limit").isGreaterThan(2500 - 1000);
    }

    @Test
    void messageTooFarAheadIsDropped() throws Exception {
        HandshakeReassembler r = new HandshakeReassembler(100, 1000, 4);
        offer(r, frag(11, 4, body(5, 21), 0, 5), 0);
        assertThat(r.bufferedBytes()).isZero();
        offer(r, frag(11, 3, body(5, 21), 0, 5), 0);
        assertThat(r.bufferedBytes()).isEqualTo(5);
    }

    @Test
    void oldMessageSeqReportsARetransmissionAndIsDiscarded() throws Exception {
        HandshakeReassembler r = reassembler();
        byte[] b = body(10, 22);
        assertThat(offer(r, frag(1, 0, b, 0, 10), 0)).isFalse();
        assertThat(r.poll()).isNotNull();
        assertThat(offer(r, frag(1, 0, b, 0, 10), 0)).isTrue();
        assertThat(r.poll()).isNull();
        assertThat(r.bufferedBytes()).isZero();
        // one old fragment among new ones in a record is still reported
        byte[] c = body(4, 23);
        assertThat(offer(r, concat(frag(1, 0, b, 5, 5), frag(11, 1, c, 0, 4)), 0)).isTrue();
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(11, 1, c, 0));
    }

    @Test
    void setNextReceiveSeqSkipsAheadAndClearsBufferedState() throws Exception {
        HandshakeReassembler r = reassembler();
        offer(r, frag(1, 0, body(10, 24), 0, 5), 0);
        assertThat(r.bufferedBytes()).isEqualTo(10);
        r.setNextReceiveSeq(1);
        assertThat(r.bufferedBytes()).isZero();
        assertThat(r.nextReceiveSeq()).isEqualTo(1);
        assertThat(offer(r, frag(1, 0, body(10, 24), 0, 10), 0)).isTrue();
        byte[] b = body(8, 25);
        offer(r, frag(1, 1, b, 0, 8), 0);
        assertThat(r.poll()).isEqualTo(new HandshakeMessage(1, 1, b, 0));
    }

    @Test
    void constructorRejectsInconsistentLimits() {
        assertThatThrownBy(() -> new HandshakeReassembler(100, 99, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HandshakeReassembler(100, 100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HandshakeReassembler(-1, 100, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fragmenterAndReassemblerRoundTripShuffledFragmentsOfRandomSizes() throws Exception {
        Random rnd = new Random(26);
        for (int round = 0; round < 200; round++) {
            HandshakeReassembler r = new HandshakeReassembler(1 << 16, 1 << 18, 8);
            int count = 1 + rnd.nextInt(5);
            int mtu = 13 + rnd.nextInt(1400);
            List<HandshakeMessage> sent = new ArrayList<>();
            List<byte[]> fragments = new ArrayList<>();
            for (int seq = 0; seq < count; seq++) {
                int size = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(5000);
                byte[] b = new byte[size];
                rnd.nextBytes(b);
                HandshakeMessage m = new HandshakeMessage(1 + rnd.nextInt(20), seq, b, 0);
                sent.add(m);
                fragments.addAll(HandshakeFragmenter.fragment(m.type(), seq, b, mtu));
            }
            // a few duplicates, as after a retransmission
            for (int i = rnd.nextInt(4); i > 0; i--) {
                fragments.add(fragments.get(rnd.nextInt(fragments.size())));
            }
            Collections.shuffle(fragments, rnd);
            List<HandshakeMessage> received = new ArrayList<>();
            // pack several fragments per record now and then
            for (int i = 0; i < fragments.size(); ) {
                int k = Math.min(fragments.size() - i, 1 + rnd.nextInt(3));
                offer(r, concat(fragments.subList(i, i + k).toArray(new byte[0][])), 0);
                i += k;
                for (HandshakeMessage m; (m = r.poll()) != null; ) {
                    received.add(m);
                }
            }
            assertThat(received).as("round %d mtu %d", round, mtu).isEqualTo(sent);
            assertThat(r.bufferedBytes()).isZero();
        }
    }

    interface Action {
        void run() throws Exception;
    }

    private static void assertAlert(Action a, AlertDescription alert) {
        assertThatThrownBy(a::run)
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).alert()).isEqualTo(alert);
    }
}
