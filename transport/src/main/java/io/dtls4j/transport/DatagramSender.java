package io.dtls4j.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Puts one datagram on the server's socket. The server owns the socket and hands this to its event
 * loops, which need nothing else of it. Never blocks and never throws: a datagram the socket refuses
 * is counted and lost, as UDP may lose it anyway.
 */
@FunctionalInterface
interface DatagramSender {
    void send(ByteBuffer datagram, InetSocketAddress to);
}
