package io.dtls4j.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Routes one datagram read from the server's socket: to the event loop of the peer it belongs to, or
 * through the cookie gate when it belongs to none. The server implements it; the thread that reads
 * the socket calls it: the receiver thread, or the one event loop of a server that has no receiver
 * thread ({@link DtlsServer.Builder#threads(int)} of 1). Only that one thread ever calls it.
 */
@FunctionalInterface
interface InboundDispatcher {
    /** {@code datagram} is valid only during the call; what must outlive it is copied. */
    void dispatch(InetSocketAddress from, ByteBuffer datagram);
}
