package io.dtls4j.transport;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientHelloReassemblyTest {
    private final ServerCounters counters = new ServerCounters();
    private final ClientHelloReassembly pool = new ClientHelloReassembly(counters);

    private static InetSocketAddress peer(int i) {
        return new InetSocketAddress("127.0.0.1", 1000 + i);
    }

    private static byte[] body(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    private static byte[] fragment(int length, int messageSeq, int offset, int fragmentLength, long sequence) {
        return ClientHelloFragments.fragment(0xFEFD, sequence, length, messageSeq, offset, body(length), offset, fragmentLength);
    }

    private byte[] offer(int peer, byte[] datagram, long now) {
        return pool.offer(peer(peer), ByteBuffer.wrap(datagram), now);
    }

    @Test
    void fragmentsInAnyOrderAndOverlappingBecomeOneWholeRecord() {
        assertThat(ClientHelloReassembly.isFragment(ByteBuffer.wrap(fragment(300, 0, 100, 200, 5)))).isTrue();
        assertThat(ClientHelloReassembly.isFragment(ByteBuffer.wrap(fragment(300, 0, 0, 300, 5)))).isFalse();
        assertThat(offer(1, fragment(300, 0, 100, 200, 7), 0)).isNull();
        assertThat(offer(1, fragment(300, 0, 50, 100, 5), 0)).isNull();
        byte[] whole = offer(1, fragment(300, 0, 0, 60, 6), 0);
        assertThat(whole).isNotNull();
        byte[] expected = fragment(300, 0, 0, 300, 7); // the highest record sequence number of the fragments
        assertThat(whole).isEqualTo(expected);
        assertThat(pool.size()).isZero();
        assertThat(counters.clientHellosReassembled.sum()).isEqualTo(1);
    }

    @Test
    void severalFragmentsInOneDatagramAreAllTaken() {
        byte[] a = fragment(100, 1, 0, 40, 1);
        byte[] b = fragment(100, 1, 40, 60, 2);
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(offer(1, both, 0)).isEqualTo(fragment(100, 1, 0, 100, 2));
    }

    @Test
    void peersAndMessageSequencesAreKeptApart() {
        assertThat(offer(1, fragment(100, 0, 0, 50, 1), 0)).isNull();
        assertThat(offer(2, fragment(100, 0, 50, 50, 2), 0)).isNull(); // another peer's second half
        assertThat(offer(1, fragment(100, 1, 50, 50, 3), 0)).isNull(); // another message_seq
        assertThat(pool.size()).isEqualTo(3);
        assertThat(offer(1, fragment(100, 0, 50, 50, 4), 0)).isNotNull();
    }

    @Test
    void thePoolKeepsAtMostItsEntriesAndGivesUpTheOldest() {
        for (int i = 0; i < ClientHelloReassembly.MAX_ENTRIES + 10; i++) {
            assertThat(offer(i, fragment(200, 0, 0, 100, 1), 0)).isNull();
        }
        assertThat(pool.size()).isEqualTo(ClientHelloReassembly.MAX_ENTRIES);
        assertThat(counters.clientHelloReassemblyDropped.sum()).isEqualTo(10);
        assertThat(offer(0, fragment(200, 0, 100, 100, 2), 0)).isNull(); // peer 0's first half was given up
        assertThat(offer(ClientHelloReassembly.MAX_ENTRIES + 9, fragment(200, 0, 100, 100, 2), 0)).isNotNull();
    }

    @Test
    void thePoolHoldsAtMostItsBytes() {
        int length = ClientHelloReassembly.MAX_MESSAGE_LENGTH;
        int fit = ClientHelloReassembly.MAX_TOTAL_BYTES / length;
        for (int i = 0; i < fit + 3; i++) {
            offer(i, fragment(length, 0, 0, 10, 1), 0);
        }
        assertThat(pool.size()).isEqualTo(fit);
        assertThat(counters.clientHelloReassemblyDropped.sum()).isEqualTo(3);
    }

    @Test
    void partialMessagesExpireAfterTheirMaximumAge() {
        offer(1, fragment(100, 0, 0, 50, 1), 0);
        assertThat(offer(2, fragment(100, 0, 0, 50, 1), ClientHelloReassembly.MAX_AGE_MILLIS)).isNull();
        assertThat(pool.size()).isEqualTo(1);
        assertThat(counters.clientHelloReassemblyDropped.sum()).isEqualTo(1);
        assertThat(offer(1, fragment(100, 0, 50, 50, 2), ClientHelloReassembly.MAX_AGE_MILLIS)).isNull();
    }

    @Test
    void inconsistentOversizedOrMalformedFragmentsAreDroppedAndCounted() {
        offer(1, fragment(100, 0, 0, 50, 1), 0);
        assertThat(offer(1, fragment(120, 0, 50, 70, 2), 0)).isNull(); // the length changed: given up
        assertThat(pool.size()).isZero();
        int tooLong = ClientHelloReassembly.MAX_MESSAGE_LENGTH + 1;
        assertThat(offer(2, ClientHelloFragments.fragment(0xFEFD, 1, tooLong, 0, 0, new byte[10], 0, 10), 0)).isNull();
        assertThat(offer(3, fragment(100, 0, 90, 10, 1), 0)).isNull(); // fits: 90 + 10
        byte[] beyond = ClientHelloFragments.fragment(0xFEFD, 1, 100, 0, 95, new byte[10], 0, 10); // 95 + 10 > 100
        assertThat(offer(4, beyond, 0)).isNull();
        assertThat(offer(5, fragment(100, 17, 0, 50, 1), 0)).isNull(); // message_seq too high for a first ClientHello
        assertThat(counters.clientHelloReassemblyDropped.sum()).isEqualTo(4);
        assertThat(pool.size()).isEqualTo(1);
        for (byte[] junk : List.of(new byte[3], Arrays.copyOf(fragment(100, 0, 0, 50, 1), 30))) {
            assertThat(offer(6, junk, 0)).isNull();
        }
    }
}
