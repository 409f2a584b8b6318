package io.dtls4j.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A NAT in a test, on 127.0.0.1: the client talks to {@link #front}; the relay forwards to the server
 * from its current outbound socket and forwards the server's answers back. {@link #rebind()} takes a
 * new outbound socket (a new source port, as a NAT that forgot its mapping would) and closes the old
 * one, so answers to the old port are lost. Its threads end when their sockets close.
 */
public final class NatRelay implements AutoCloseable {
    private final InetSocketAddress server;
    private final DatagramSocket front;
    private volatile DatagramSocket back;
    private volatile SocketAddress client;
    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    /** Every datagram the client sent, in order. */
    public final List<byte[]> fromClient = Collections.synchronizedList(new ArrayList<>());

    public NatRelay(InetSocketAddress server) throws IOException {
        this.server = server;
        this.front = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.back = openBack();
        start("front", () -> pump(front, true));
    }

    /** Where the client sends. */
    public InetSocketAddress clientFacingAddress() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** The address the server sees now. */
    public InetSocketAddress serverFacingAddress() {
        return (InetSocketAddress) back.getLocalSocketAddress();
    }

    /** A new source port towards the server; the old one is gone. */
    public void rebind() throws IOException {
        DatagramSocket old = back;
        back = openBack();
        old.close();
    }

    private DatagramSocket openBack() throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        start("back-" + socket.getLocalPort(), () -> pump(socket, false));
        return socket;
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, "nat-relay-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void pump(DatagramSocket in, boolean fromTheClient) {
        byte[] buf = new byte[65536];
        while (!in.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                in.receive(p);
                byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
                if (fromTheClient) {
                    client = p.getSocketAddress();
                    fromClient.add(data);
                    back.send(new DatagramPacket(data, data.length, server));
                } else if (client != null) {
                    front.send(new DatagramPacket(data, data.length, client));
                }
            } catch (IOException e) {
                // closed, or a send to a socket that closed meanwhile: the loop condition decides
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        front.close();
        back.close();
        for (Thread t : List.copyOf(threads)) {
            t.join(5_000);
        }
    }
}
