package io.dtls4j.transport;

/** The transport's time source for the engines: a monotonic millisecond count. */
final class Clock {
    private Clock() {
    }

    static long nowMillis() {
        return System.nanoTime() / 1_000_000L;
    }
}
