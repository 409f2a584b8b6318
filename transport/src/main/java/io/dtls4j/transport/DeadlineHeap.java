package io.dtls4j.transport;

import java.util.Arrays;

/**
 * The timers of one event loop: a binary min-heap of peers ordered by {@link PeerState#deadline}.
 * Each peer has at most one entry and knows its index, so moving or removing a timer is O(log n)
 * and no cancelled entries linger. Owned by one loop thread.
 */
final class DeadlineHeap {
    private PeerState[] heap = new PeerState[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when empty. */
    long peekDeadline() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    /** Sets {@code peer}'s deadline, adding it or moving it. */
    void schedule(PeerState peer, long deadline) {
        if (peer.heapIndex < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            peer.deadline = deadline;
            peer.heapIndex = size;
            heap[size++] = peer;
            siftUp(peer.heapIndex);
        } else {
            long old = peer.deadline;
            peer.deadline = deadline;
            if (deadline < old) {
                siftUp(peer.heapIndex);
            } else {
                siftDown(peer.heapIndex);
            }
        }
    }

    /** Removes and returns the peer with the earliest deadline. */
    PeerState poll() {
        if (size == 0) {
            return null;
        }
        PeerState top = heap[0];
        removeAt(0);
        return top;
    }

    void remove(PeerState peer) {
        if (peer.heapIndex >= 0) {
            removeAt(peer.heapIndex);
        }
    }

    private void removeAt(int index) {
        PeerState removed = heap[index];
        size--;
        PeerState last = heap[size];
        heap[size] = null;
        removed.heapIndex = -1;
        removed.deadline = Long.MAX_VALUE;
        if (index < size) {
            heap[index] = last;
            last.heapIndex = index;
            siftDown(index);
            siftUp(last.heapIndex);
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    private void siftUp(int index) {
        PeerState p = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            PeerState q = heap[parent];
            if (q.deadline <= p.deadline) {
                break;
            }
            heap[index] = q;
            q.heapIndex = index;
            index = parent;
        }
        heap[index] = p;
        p.heapIndex = index;
    }

    private void siftDown(int index) {
        PeerState p = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline < heap[child].deadline) {
                child = right;
            }
            if (p.deadline <= heap[child].deadline) {
                break;
            }
            heap[index] = heap[child];
            heap[index].heapIndex = index;
            index = child;
        }
        heap[index] = p;
        p.heapIndex = index;
    }
}
