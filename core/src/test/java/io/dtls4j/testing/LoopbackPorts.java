package io.dtls4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * UDP ports on 127.0.0.1 for peers that must be told a port before they start (other processes,
 * the command line). In the core test-jar for the interop and cli tests.
 */
public final class LoopbackPorts {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LoopbackPorts() {
    }

    /** A UDP port that was free a moment ago: bound, read and released. */
    public static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on the loopback address", e);
        }
    }

    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(LOOPBACK, port);
    }
}
