package io.dtls4j.engine;

import io.dtls4j.config.DtlsConfig;

import java.nio.ByteBuffer;

/**
 * One DTLS 1.2 association, sans I/O. The caller feeds it datagrams and the current time and takes
 * out datagrams to send, events, and the next timer deadline. It never touches sockets, threads or
 * clocks. Not thread-safe: one thread at a time drives an engine.
 *
 * <pre>
 * engine.start(now);                        // a client sends its ClientHello
 * loop:
 *   send every engine.pollDatagram() to the peer
 *   handle every engine.pollEvent()
 *   wait for a datagram or engine.nextDeadline()
 *   engine.receive(datagram, now)  or  engine.handleTimeout(now)
 * </pre>
 */
public final class DtlsEngine {

    /** A client engine; {@code serverName} (may be null) is sent as SNI and given to the peer verifier. */
    public static DtlsEngine client(DtlsConfig config, String serverName) {
        throw new UnsupportedOperationException("engine under construction");
    }

    /**
     * A server engine for one peer. {@code peerAddress} identifies the peer's transport address
     * (e.g. IP and port bytes); it binds the cookie to that address.
     */
    public static DtlsEngine server(DtlsConfig config, byte[] peerAddress) {
        throw new UnsupportedOperationException("engine under construction");
    }

    /** Starts the handshake: a client queues its first flight; a server does nothing. */
    public void start(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** Processes one received datagram. Never throws on bad input: invalid records are dropped and counted. */
    public void receive(ByteBuffer datagram, long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** Protects {@code data} as one application data record. Only when {@link #state()} is CONNECTED. */
    public void send(ByteBuffer data, long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** Sends close_notify and moves to CLOSED. */
    public void close(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** Call when {@code nowMillis >= nextDeadline()}: retransmits or times out. */
    public void handleTimeout(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** The next time {@link #handleTimeout} must be called, or {@link Long#MAX_VALUE} when no timer runs. */
    public long nextDeadline() {
        throw new UnsupportedOperationException();
    }

    /** The next datagram to send, or null. */
    public ByteBuffer pollDatagram() {
        throw new UnsupportedOperationException();
    }

    /** The next event, or null. */
    public DtlsEvent pollEvent() {
        throw new UnsupportedOperationException();
    }

    public EngineState state() {
        throw new UnsupportedOperationException();
    }

    /** What was negotiated, or null before the handshake completes. */
    public SessionInfo session() {
        throw new UnsupportedOperationException();
    }

    /** The largest application data payload {@link #send} accepts in one record with the current MTU. */
    public int maxApplicationDataSize() {
        throw new UnsupportedOperationException();
    }

    /** Counters of what this engine dropped, for operators. */
    public EngineStats stats() {
        throw new UnsupportedOperationException();
    }
}
