package io.dtls4j.cli;

import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an input stream on a daemon thread and hands each chunk (at most one record's worth) to a
 * sender, so that the main thread can wait for the peer at the same time.
 */
final class StdinPump {
    /** Where the chunks go; may fail with the session's own exception. */
    @FunctionalInterface
    interface Sender {
        void send(byte[] chunk) throws Exception;
    }

    private final InputStream in;
    private final Sender sender;
    private final int chunkSize;
    private volatile boolean finished;
    private volatile long finishedAt;
    private volatile Exception failure;

    private StdinPump(InputStream in, Sender sender, int chunkSize) {
        this.in = in;
        this.sender = sender;
        this.chunkSize = chunkSize;
    }

    /** Starts pumping {@code in} to {@code sender} in chunks of at most {@code chunkSize} bytes. */
    static StdinPump start(InputStream in, Sender sender, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        StdinPump pump = new StdinPump(in, sender, chunkSize);
        Thread t = new Thread(pump::run, "dtls-stdin");
        t.setDaemon(true); // a read blocked on a terminal must not keep the process alive
        t.start();
        return pump;
    }

    private void run() {
        byte[] buffer = new byte[chunkSize];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    sender.send(Arrays.copyOf(buffer, n));
                }
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            finishedAt = System.nanoTime();
            finished = true;
        }
    }

    /** True once the input ended or sending failed. */
    boolean finished() {
        return finished;
    }

    /** {@link System#nanoTime()} when the pump finished; only meaningful once {@link #finished()}. */
    long finishedAt() {
        return finishedAt;
    }

    /** Why the pump stopped early, or null: a read error or the sender's exception. */
    Exception failure() {
        return failure;
    }
}
