package io.dtls4j.transport;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityListTest {
    private static PeerState peer(int i) {
        return new PeerState(new InetSocketAddress("127.0.0.1", 1000 + i), null, null, null, 0);
    }

    private static List<PeerState> oldestFirst(ActivityList list) {
        List<PeerState> out = new ArrayList<>();
        for (PeerState p = list.oldest(); p != null; p = p.newer) {
            out.add(p);
        }
        return out;
    }

    @Test
    void touchMovesAPeerToTheNewestEnd() {
        ActivityList list = new ActivityList();
        PeerState a = peer(1);
        PeerState b = peer(2);
        PeerState c = peer(3);
        list.addNewest(a);
        list.addNewest(b);
        list.addNewest(c);
        list.touch(a);
        assertThat(oldestFirst(list)).containsExactly(b, c, a);
        list.touch(a); // already newest
        list.touch(c);
        assertThat(oldestFirst(list)).containsExactly(b, a, c);
        assertThat(list.size()).isEqualTo(3);
    }

    @Test
    void removeUnlinksFromAnyPositionAndIsIdempotent() {
        ActivityList list = new ActivityList();
        PeerState a = peer(1);
        PeerState b = peer(2);
        PeerState c = peer(3);
        list.addNewest(a);
        list.addNewest(b);
        list.addNewest(c);
        list.remove(b);
        assertThat(oldestFirst(list)).containsExactly(a, c);
        list.remove(a);
        list.remove(a);
        assertThat(oldestFirst(list)).containsExactly(c);
        list.touch(a); // not listed: stays out
        assertThat(oldestFirst(list)).containsExactly(c);
        list.remove(c);
        assertThat(list.oldest()).isNull();
        assertThat(list.size()).isZero();
    }
}
