package io.dtls4j.cli;

/**
 * The books of a windowed echo: records sent, echoes received, records written off when the echoes
 * stalled (so that the sender goes on). A late echo of a written-off record is taken back off the
 * loss, so that only records whose echo never came count as lost.
 */
final class EchoCount {
    private final int window;
    private long sent;
    private long received;
    private long writtenOff;
    /** Echoes received while the sender was still sending: the measured round trips. */
    private long echoedWhileSending;
    private boolean sending = true;

    EchoCount(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.window = window;
    }

    /** How many records may go now to fill the window. */
    int toSend() {
        return (int) Math.max(0, window - inFlight());
    }

    void sent() {
        sent++;
    }

    /**
     * One wait for an echo ended: {@code got} when an echo came. A wait without one writes off the
     * window (the records may still come back, and then count as received).
     */
    void received(boolean got) {
        if (!got) {
            writtenOff += inFlight();
            return;
        }
        received++;
        if (sending) {
            echoedWhileSending++;
        }
        if (inFlight() < 0) {
            writtenOff--; // the echo of a written-off record: it was late, not lost
        }
    }

    private long inFlight() {
        return sent - received - writtenOff;
    }

    /** The round trips of the sending phase; the sending phase ends here. */
    long echoed() {
        sending = false;
        return echoedWhileSending;
    }

    /** Records whose echo has not come (yet). */
    long outstanding() {
        return sent - received;
    }

    long sentCount() {
        return sent;
    }

    /** Of the records sent, the share whose echo never came, in percent. */
    double lostPercent() {
        return sent == 0 ? 0 : 100.0 * (sent - received) / sent;
    }
}
