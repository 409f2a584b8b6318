package io.dtls4j.interop;

import io.dtls4j.testing.LoopbackPorts;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay on 127.0.0.1 between one client and a server that damages the traffic in a repeatable
 * way: it drops every Nth datagram and, with a seeded Random, holds a datagram back to send it after
 * the next one in the same direction (an adjacent swap). A held datagram with no successor is sent
 * after a short wait. Damage can be switched off (e.g. once the handshake is done).
 */
final class LossyRelay implements AutoCloseable {
    private static final int HOLD_MILLIS = 100;
    private static final int POLL_MILLIS = 10;

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final int dropEvery;
    private final double swapProbability;
    private final Random random;
    private final Thread thread;
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger swapped = new AtomicInteger();
    private volatile boolean damaging = true;
    private volatile boolean running = true;

    private SocketAddress client;
    private int seen;
    /** Per direction (0: to the server, 1: to the client), a datagram held back for a swap, and since when. */
    private final byte[][] held = new byte[2][];
    private final long[] heldSince = new long[2];

    LossyRelay(InetSocketAddress server, int dropEvery, double swapProbability, long seed) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(LoopbackPorts.LOOPBACK, 0));
        this.socket.setSoTimeout(POLL_MILLIS);
        this.server = server;
        this.dropEvery = dropEvery;
        this.swapProbability = swapProbability;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "interop-lossy-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Where the client sends. */
    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** From now on every datagram passes unchanged and in order. */
    void stopDamaging() {
        damaging = false;
    }

    int forwarded() {
        return forwarded.get();
    }

    int dropped() {
        return dropped.get();
    }

    int swapped() {
        return swapped.get();
    }

    private void run() {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (running) {
            try {
                packet.setLength(buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    flushStaleHolds();
                    continue;
                }
                boolean fromServer = packet.getSocketAddress().equals(server);
                if (!fromServer) {
                    client = packet.getSocketAddress();
                }
                if (fromServer && client == null) {
                    continue; // nobody to send it to
                }
                relay(fromServer ? 1 : 0, Arrays.copyOf(buffer, packet.getLength()));
                flushStaleHolds();
            } catch (IOException e) {
                return; // the socket was closed
            }
        }
    }

    private void relay(int direction, byte[] datagram) throws IOException {
        if (!damaging) {
            flush(direction);
            send(direction, datagram);
            return;
        }
        if (++seen % dropEvery == 0) {
            dropped.incrementAndGet();
            return;
        }
        if (held[direction] != null) {
            // the one held back goes after this one: the two arrive swapped
            send(direction, datagram);
            flush(direction);
            swapped.incrementAndGet();
        } else if (random.nextDouble() < swapProbability) {
            held[direction] = datagram;
            heldSince[direction] = System.nanoTime();
        } else {
            send(direction, datagram);
        }
    }

    private void flushStaleHolds() throws IOException {
        for (int direction = 0; direction < 2; direction++) {
            if (held[direction] != null && System.nanoTime() - heldSince[direction] > HOLD_MILLIS * 1_000_000L) {
                flush(direction);
            }
        }
    }

    private void flush(int direction) throws IOException {
        if (held[direction] != null) {
            byte[] datagram = held[direction];
            held[direction] = null;
            send(direction, datagram);
        }
    }

    private void send(int direction, byte[] datagram) throws IOException {
        SocketAddress to = direction == 0 ? server : client;
        socket.send(new DatagramPacket(datagram, datagram.length, to));
        forwarded.incrementAndGet();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        socket.close();
        thread.join(2000);
    }
}
