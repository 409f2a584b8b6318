package io.dtls4j.interop;

import java.time.Duration;

/**
 * A Java test peer's script running on a daemon thread of its own. Whatever the script throws is
 * kept, and the test sees it when it waits for the end.
 */
final class PeerThread {

    /** What a peer thread does; it may throw anything. */
    interface Script {
        void run() throws Exception;
    }

    private final String peerName;
    private final Thread thread;
    private volatile Throwable failure;

    private PeerThread(String threadName, String peerName, Script script) {
        this.peerName = peerName;
        this.thread = new Thread(() -> {
            try {
                script.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, threadName);
        thread.setDaemon(true);
    }

    /** Starts {@code script}; {@code peerName} (e.g. "JDK DTLS peer") names the peer in assertion messages. */
    static PeerThread start(String threadName, String peerName, Script script) {
        PeerThread peer = new PeerThread(threadName, peerName, script);
        peer.thread.start();
        return peer;
    }

    /** Waits for the script to end; returns what it failed with, or null. Fails the test if it is still running. */
    Throwable awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError(peerName + " still running after " + timeout);
        }
        return failure;
    }

    /** Waits for the script to end and fails the test with what went wrong on its thread, if anything did. */
    void awaitSuccess(Duration timeout, String context) throws InterruptedException {
        Throwable t = awaitEnd(timeout);
        if (t != null) {
            throw new AssertionError(peerName + " failed: " + t + context, t);
        }
    }

    /** Gives a script whose socket was just closed a moment to notice and end. */
    void stop() throws InterruptedException {
        thread.join(2000);
    }
}
