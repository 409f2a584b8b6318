package io.dtls4j.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** UDP with no security at all, the ceiling of the echo: a thread that sends every datagram back. */
final class PlainUdp implements AutoCloseable {
    private final DatagramSocket server;
    private final Thread thread;

    PlainUdp(int socketBufferBytes) throws IOException {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setReceiveBufferSize(socketBufferBytes);
        server.setSendBufferSize(socketBufferBytes);
        thread = new Thread(this::echo, "compare-udp-echo");
        thread.start();
    }

    private void echo() {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            while (true) {
                packet.setLength(buffer.length);
                server.receive(packet);
                server.send(packet);
            }
        } catch (SocketException e) {
            // close() closed the socket: the thread ends
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    EchoWindow.Client client(int socketBufferBytes) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(socketBufferBytes);
        socket.setSendBufferSize(socketBufferBytes);
        socket.connect(server.getLocalSocketAddress());
        byte[] buffer = new byte[65536];
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        return new EchoWindow.Client() {
            @Override
            public void send(byte[] payload) throws IOException {
                socket.send(new DatagramPacket(payload, payload.length));
            }

            @Override
            public boolean receive(long timeoutMillis) throws IOException {
                socket.setSoTimeout((int) Math.max(1, timeoutMillis));
                in.setLength(buffer.length);
                try {
                    socket.receive(in);
                    return true;
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        thread.join(5_000);
    }
}
