package io.dtls4j.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Puts one datagram on the server's socket. The server owns the socket and hands this to its event
 * loops, which need nothing else of it. It waits while the socket's send buffer is full (the socket
 * is in blocking mode, or an inline loop's non-blocking socket is tried again for a while), so a
 * datagram is not lost here for want of room; one the socket refuses
 * (e.g. larger than it allows) is counted by the server and reported to the caller as the
 * exception, for the caller to report on.
 */
@FunctionalInterface
interface DatagramSender {
    void send(ByteBuffer datagram, InetSocketAddress to) throws IOException;
}
