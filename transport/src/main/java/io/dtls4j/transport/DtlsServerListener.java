package io.dtls4j.transport;

import io.dtls4j.DtlsException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What a {@link DtlsServer} tells the application. Methods run on the event loop thread that owns
 * the peer, one at a time per peer, so they must return quickly and never block; hand long work to
 * another executor. {@link PeerSession#send} may be called from here. For every peer that got
 * {@link #sessionEstablished}, exactly one of {@link #sessionClosed} or {@link #sessionFailed}
 * follows; a handshake that never completes ends with {@link #sessionFailed} only. An exception
 * thrown by a method is counted ({@link ServerStats#listenerErrors()}) and does not affect the session.
 */
public interface DtlsServerListener {

    /** The handshake with a peer completed; data can be sent to it. */
    default void sessionEstablished(PeerSession s) {
    }

    /** One application data record arrived from the peer. */
    default void dataReceived(PeerSession s, byte[] data) {
    }

    /**
     * One application data record arrived from the peer, as a read-only view that is valid only
     * during this call: the allocation-free way to receive. Override this one to read the data in
     * place (or pass it to {@link PeerSession#send(ByteBuffer)}, which seals it without a copy on
     * this thread); the default copies it and calls {@link #dataReceived(PeerSession, byte[])}.
     */
    default void dataReceived(PeerSession s, ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        dataReceived(s, copy);
    }

    /** The session ended cleanly: close_notify either way, idle expiry, eviction, or server shutdown. */
    default void sessionClosed(PeerSession s) {
    }

    /**
     * The handshake or the session failed: a fatal alert (sent or received, see
     * {@link DtlsException#alertFromPeer()}) or a timeout ({@link DtlsTimeoutException}).
     */
    default void sessionFailed(InetSocketAddress peer, DtlsException cause) {
    }

    /**
     * A session with connection IDs (RFC 9146 §6) now sends to a new address: the peer's newest
     * authenticated record came from there (a NAT rebinding, a changed network). {@link PeerSession#remoteAddress()}
     * is the new one; the old address no longer finds the session ({@link DtlsServer#send(InetSocketAddress, byte[])}).
     *
     * @param previous the address the peer had before
     */
    default void peerAddressChanged(PeerSession s, InetSocketAddress previous) {
    }

    /**
     * A datagram for the peer (a record the application sent, or the handshake's) could not be sent:
     * the socket refused it, e.g. because it is larger than the socket allows. Also counted in
     * {@link ServerStats#sendErrors()}. The session goes on; the data in that datagram is lost.
     *
     * @param bytes the size of the datagram
     */
    default void datagramNotSent(InetSocketAddress peer, int bytes, IOException cause) {
    }
}
