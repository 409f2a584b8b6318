package io.dtls4j.transport;

import java.nio.ByteBuffer;

/**
 * Where {@link PeerSession#send} hands application data: the event loop that owns the peer's engine,
 * since only that thread may touch the engine. A {@link PeerState} knows its outbox through this
 * interface alone, not the loop behind it.
 */
interface PeerOutbox {
    /** Protects and sends {@code data} to {@code peer}, or drops and counts it; callable from any thread. */
    void send(PeerState peer, byte[] data);

    /** As {@link #send(PeerState, byte[])}, consuming the buffer's remaining bytes. */
    void send(PeerState peer, ByteBuffer data);
}
