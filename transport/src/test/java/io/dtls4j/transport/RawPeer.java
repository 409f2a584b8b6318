package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A client engine driven step by step over a plain socket, for tests that need to stop mid-way,
 * to leave without close_notify, or to look at raw datagrams.
 */
final class RawPeer implements AutoCloseable {
    final DatagramSocket socket;
    final DtlsEngine engine;
    final List<DtlsEvent> events = new ArrayList<>();
    /** Every datagram sent, in order, for tests that send one again. */
    final List<byte[]> sent = new ArrayList<>();

    RawPeer(InetSocketAddress server, DtlsConfig config, InetSocketAddress local) throws IOException {
        this.socket = local == null ? new DatagramSocket(0, server.getAddress()) : new DatagramSocket(local);
        this.socket.connect(server);
        this.engine = DtlsEngine.client(config, null);
    }

    /** A second client engine on {@code other}'s socket: the same client address, started over. */
    RawPeer(RawPeer other, DtlsConfig config) {
        this.socket = other.socket;
        this.engine = DtlsEngine.client(config, null);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** Sends everything the engine queued; returns the sizes of the datagrams sent. */
    List<Integer> flush() throws IOException {
        List<Integer> sizes = new ArrayList<>();
        ByteBuffer d;
        while ((d = engine.pollDatagram()) != null) {
            byte[] b = new byte[d.remaining()];
            d.get(b);
            socket.send(new DatagramPacket(b, b.length));
            sent.add(b);
            sizes.add(b.length);
        }
        DtlsEvent e;
        while ((e = engine.pollEvent()) != null) {
            events.add(e);
        }
        return sizes;
    }

    /** One datagram from the server, or null after {@code timeoutMillis}. */
    byte[] receiveRaw(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] out = new byte[p.getLength()];
        System.arraycopy(buf, 0, out, 0, out.length);
        return out;
    }

    /** Receives one datagram into the engine and sends its answer; false on timeout. */
    boolean step(int timeoutMillis) throws IOException {
        byte[] d = receiveRaw(timeoutMillis);
        if (d == null) {
            if (engine.nextDeadline() <= now()) {
                engine.handleTimeout(now());
                flush();
            }
            return false;
        }
        engine.receive(ByteBuffer.wrap(d), now());
        flush();
        return true;
    }

    /** Runs the whole handshake; true when it completed within {@code timeoutMillis}. */
    boolean handshake(long timeoutMillis) throws IOException {
        long end = now() + timeoutMillis;
        engine.start(now());
        flush();
        while (engine.state() == EngineState.HANDSHAKING && now() < end) {
            step((int) Math.max(1, Math.min(200, end - now())));
        }
        return engine.state() == EngineState.CONNECTED;
    }

    /** Leaves without close_notify. */
    @Override
    public void close() {
        socket.close();
    }
}
