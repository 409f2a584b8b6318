package io.dtls4j.transport;

import io.dtls4j.session.SessionInfo;

import java.net.InetSocketAddress;

/** One established association of a {@link DtlsServer}, as the application sees it. */
public interface PeerSession {
    /** The peer's UDP address. */
    InetSocketAddress remoteAddress();

    /** What the handshake negotiated. */
    SessionInfo session();

    /**
     * Sends {@code data} to the peer as one application data record. Callable from any thread; it
     * never blocks. Like UDP, delivery is not guaranteed: data for a session that is gone, or over
     * the peer's buffer limit, is dropped and counted in {@link ServerStats}.
     *
     * @throws IllegalArgumentException when {@code data} does not fit in one record ({@link #maxSendSize()})
     */
    void send(byte[] data);

    /** The largest payload {@link #send} accepts. */
    int maxSendSize();
}
