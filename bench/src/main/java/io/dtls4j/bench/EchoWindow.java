package io.dtls4j.bench;

/**
 * Keeps a fixed number of echo requests in flight over one client and counts round trips: each
 * reply lets one more request go. When no reply comes for {@link #STALL_MILLIS}, what is in flight
 * is written off (so a lossy rival is not stuck) and a fresh window goes out; at the end the
 * client waits for stragglers, and a datagram counts as lost only when its reply never came.
 */
final class EchoWindow {
    /** How long without a reply before the window is written off and refilled. */
    static final long STALL_MILLIS = 200;
    /** How long the stragglers of the last window get. */
    private static final long DRAIN_MILLIS = 500;

    /** One side of an echo: sends a payload, waits for one reply. */
    interface Client extends AutoCloseable {
        void send(byte[] payload) throws Exception;

        /** True when one reply arrived within {@code timeoutMillis}. */
        boolean receive(long timeoutMillis) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** What one run measured. */
    record Result(long roundTrips, long sent, long lost, double seconds, CpuUse cpu) {
        double perSecond() {
            return roundTrips / seconds;
        }
    }

    private EchoWindow() {
    }

    /** Runs a warm-up of {@code warmUpSeconds}, then measures for {@code seconds}. */
    static Result run(Client client, int payloadSize, int window, double warmUpSeconds, double seconds) throws Exception {
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        Counts warmUp = new Counts();
        window(client, payload, window, warmUp, (long) (warmUpSeconds * 1e9));
        drain(client, warmUp);
        Counts measured = new Counts();
        CpuUse.Mark cpu = CpuUse.now();
        long start = System.nanoTime();
        window(client, payload, window, measured, (long) (seconds * 1e9));
        double elapsed = (System.nanoTime() - start) / 1e9;
        CpuUse used = cpu.until();
        long withinWindow = measured.received;
        drain(client, measured);
        return new Result(withinWindow, measured.sent, measured.sent - measured.received, elapsed, used);
    }

    private static final class Counts {
        long sent;
        long received;
        long writtenOff;

        long inFlight() {
            return sent - received - writtenOff;
        }
    }

    private static void window(Client client, byte[] payload, int window, Counts c, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            while (c.inFlight() < window) {
                client.send(payload);
                c.sent++;
            }
            if (client.receive(STALL_MILLIS)) {
                c.received++;
                if (c.inFlight() < 0) {
                    c.writtenOff--; // a straggler of a written-off window: it was not lost after all
                }
            } else {
                c.writtenOff += c.inFlight();
            }
        }
    }

    private static void drain(Client client, Counts c) throws Exception {
        long end = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        while (c.received < c.sent && System.nanoTime() < end) {
            if (client.receive(Math.max(1, (end - System.nanoTime()) / 1_000_000))) {
                c.received++;
            }
        }
    }
}
