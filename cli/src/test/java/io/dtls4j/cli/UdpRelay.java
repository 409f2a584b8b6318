package io.dtls4j.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sits between one client and a server on 127.0.0.1, forwards datagrams both ways, and records
 * them: the "wire capture" a key log is meant to decrypt.
 */
final class UdpRelay implements AutoCloseable {
    /** One datagram as it crossed the relay. */
    record Datagram(boolean fromClient, byte[] bytes) {
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final List<Datagram> captured = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private SocketAddress client;

    UdpRelay(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setSoTimeout(100);
        this.thread = new Thread(this::relay, "udp-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** What crossed so far, in order. */
    synchronized List<Datagram> captured() {
        return List.copyOf(captured);
    }

    private void relay() {
        byte[] buffer = new byte[65536];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return; // closed
            }
            byte[] bytes = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
            boolean fromServer = packet.getSocketAddress().equals(server);
            SocketAddress destination;
            synchronized (this) {
                if (!fromServer) {
                    client = packet.getSocketAddress();
                }
                destination = fromServer ? client : server;
                captured.add(new Datagram(!fromServer, bytes));
            }
            if (destination == null) {
                continue;
            }
            try {
                socket.send(new DatagramPacket(bytes, bytes.length, destination));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        socket.close();
        thread.join(5000);
    }
}
