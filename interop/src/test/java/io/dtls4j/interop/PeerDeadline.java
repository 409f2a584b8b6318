package io.dtls4j.interop;

import java.io.IOException;
import java.time.Duration;

/** The time a Java test peer's whole script may take; its loops check it so that none runs forever. */
final class PeerDeadline {
    private final String peerName;
    private final long deadlineNanos;

    PeerDeadline(String peerName, Duration limit) {
        this.peerName = peerName;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
    }

    /** Fails the script when the time is up; {@code what} says which step was still going on. */
    void check(String what) throws IOException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new IOException(peerName + ": " + what + " did not finish in time");
        }
    }
}
