package io.dtls4j.transport;

/**
 * The peers of one event loop in order of last activity, least recent first: an intrusive doubly
 * linked list through {@link PeerState#older} and {@link PeerState#newer}, so touching a peer is O(1)
 * and allocates nothing. Eviction takes from the old end. Owned by one loop thread.
 */
final class ActivityList {
    private PeerState oldest;
    private PeerState newest;
    private int size;

    int size() {
        return size;
    }

    PeerState oldest() {
        return oldest;
    }

    void addNewest(PeerState p) {
        p.older = newest;
        p.newer = null;
        if (newest != null) {
            newest.newer = p;
        } else {
            oldest = p;
        }
        newest = p;
        p.listed = true;
        size++;
    }

    void touch(PeerState p) {
        if (p.listed && p != newest) {
            remove(p);
            addNewest(p);
        }
    }

    void remove(PeerState p) {
        if (!p.listed) {
            return;
        }
        if (p.older != null) {
            p.older.newer = p.newer;
        } else {
            oldest = p.newer;
        }
        if (p.newer != null) {
            p.newer.older = p.older;
        } else {
            newest = p.older;
        }
        p.older = null;
        p.newer = null;
        p.listed = false;
        size--;
    }
}
