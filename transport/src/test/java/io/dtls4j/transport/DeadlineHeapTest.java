package io.dtls4j.transport;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineHeapTest {
    private static PeerState peer(int i) {
        return new PeerState(new InetSocketAddress("127.0.0.1", 1000 + i), null, null, null, 0);
    }

    @Test
    void pollsPeersInDeadlineOrder() {
        DeadlineHeap heap = new DeadlineHeap();
        PeerState a = peer(1);
        PeerState b = peer(2);
        PeerState c = peer(3);
        heap.schedule(a, 30);
        heap.schedule(b, 10);
        heap.schedule(c, 20);
        assertThat(heap.peekDeadline()).isEqualTo(10);
        assertThat(heap.poll()).isSameAs(b);
        assertThat(heap.poll()).isSameAs(c);
        assertThat(heap.poll()).isSameAs(a);
        assertThat(heap.poll()).isNull();
        assertThat(heap.peekDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(a.heapIndex).isEqualTo(-1);
    }

    @Test
    void reschedulingMovesTheSingleEntryEitherWay() {
        DeadlineHeap heap = new DeadlineHeap();
        PeerState a = peer(1);
        PeerState b = peer(2);
        heap.schedule(a, 10);
        heap.schedule(b, 20);
        heap.schedule(a, 30);
        assertThat(heap.size()).isEqualTo(2);
        assertThat(heap.poll()).isSameAs(b);
        heap.schedule(b, 5);
        assertThat(heap.poll()).isSameAs(b);
        assertThat(heap.poll()).isSameAs(a);
    }

    @Test
    void removeTakesOutOnlyThatPeerAndIgnoresUnscheduledOnes() {
        DeadlineHeap heap = new DeadlineHeap();
        PeerState a = peer(1);
        PeerState b = peer(2);
        PeerState never = peer(3);
        heap.schedule(a, 10);
        heap.schedule(b, 20);
        heap.remove(a);
        heap.remove(never);
        assertThat(heap.size()).isEqualTo(1);
        assertThat(heap.poll()).isSameAs(b);
    }

    @Test
    void agreesWithAReferenceModelUnderRandomOperationsAndShrinks() {
        DeadlineHeap heap = new DeadlineHeap();
        Random random = new Random(42);
        List<PeerState> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(peer(i));
        }
        Map<PeerState, Long> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            PeerState p = all.get(random.nextInt(all.size()));
            int op = random.nextInt(3);
            if (op == 0) {
                long d = random.nextInt(1_000_000);
                heap.schedule(p, d);
                model.put(p, d);
            } else if (op == 1) {
                heap.remove(p);
                model.remove(p);
            } else if (!model.isEmpty()) {
                long min = model.values().stream().mapToLong(Long::longValue).min().orElseThrow();
                assertThat(heap.peekDeadline()).isEqualTo(min);
                PeerState polled = heap.poll();
                assertThat(model.remove(polled)).isEqualTo(min);
            }
            assertThat(heap.size()).isEqualTo(model.size());
        }
        while (!heap.isEmpty()) {
            heap.poll();
        }
        assertThat(heap.peekDeadline()).isEqualTo(Long.MAX_VALUE);
    }
}
