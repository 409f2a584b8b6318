package io.dtls4j.transport;

import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.SrtpKeys;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

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

    /**
     * {@link #send(byte[])} from the buffer's remaining bytes, which it consumes. For a
     * {@link DtlsServer}'s sessions on the event loop thread (in a {@link DtlsServerListener} method)
     * the record is sealed straight from the buffer, without a copy or an allocation; from any other
     * thread, and by default, the bytes are copied first.
     *
     * @throws IllegalArgumentException when the data does not fit in one record ({@link #maxSendSize()})
     */
    default void send(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        send(copy);
    }

    /**
     * Keying material from the session's exporter (RFC 5705 §4, over the RFC 7627 master secret).
     * Callable from any thread: the exporter is taken from the engine when the handshake completes
     * and holds its own copy of the secret, which is wiped when the session ends.
     *
     * @param context null for none (not the same as empty)
     * @throws IllegalStateException when the session has ended
     * @see KeyExporter#exportKeyingMaterial
     */
    byte[] exportKeyingMaterial(String label, byte[] context, int length);

    /**
     * The SRTP master keys and salts of the negotiated use_srtp profile (RFC 5764 §4.2). Callable from any thread.
     *
     * @throws IllegalStateException when no SRTP profile was negotiated or the session has ended
     */
    SrtpKeys srtpKeys();

    /** The largest payload {@link #send} accepts. */
    int maxSendSize();
}
