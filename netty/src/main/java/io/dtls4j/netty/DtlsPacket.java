package io.dtls4j.netty;

import io.dtls4j.session.SessionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Application data of one DTLS record and the peer it comes from or goes to.
 *
 * <p>Inbound, a {@link DtlsServerHandler} or {@link DtlsClientHandler} passes one up the pipeline
 * per decrypted record, with the peer's address and the {@link SessionInfo} of its session (the
 * negotiated suite and the peer's certificates or raw key). Outbound, write one to send its content
 * as one record to {@link #peer()}; the session is not looked at there. Either way the content is
 * reference-counted: whoever takes the packet releases it (the handlers release what is written to
 * them on every path).
 */
public final class DtlsPacket extends DefaultByteBufHolder {
    private final InetSocketAddress peer;
    private final SessionInfo session;

    /** A packet to send: {@code content} as one record to {@code peer}. */
    public DtlsPacket(ByteBuf content, InetSocketAddress peer) {
        this(content, peer, null);
    }

    /** A packet with the session it belongs to, as the handlers make them for received records. */
    public DtlsPacket(ByteBuf content, InetSocketAddress peer, SessionInfo session) {
        super(content);
        this.peer = Objects.requireNonNull(peer, "peer");
        this.session = session;
    }

    /** The peer's transport address. */
    public InetSocketAddress peer() {
        return peer;
    }

    /** The session the record arrived in; null on packets made to be sent. */
    public SessionInfo session() {
        return session;
    }

    /** A packet to the same peer with other content: the usual way to answer a received one. */
    @Override
    public DtlsPacket replace(ByteBuf content) {
        return new DtlsPacket(content, peer, session);
    }

    @Override
    public DtlsPacket copy() {
        return (DtlsPacket) super.copy();
    }

    @Override
    public DtlsPacket duplicate() {
        return (DtlsPacket) super.duplicate();
    }

    @Override
    public DtlsPacket retainedDuplicate() {
        return (DtlsPacket) super.retainedDuplicate();
    }

    @Override
    public DtlsPacket retain() {
        super.retain();
        return this;
    }

    @Override
    public DtlsPacket retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public DtlsPacket touch() {
        super.touch();
        return this;
    }

    @Override
    public DtlsPacket touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        // the content is application data: its bytes stay out of logs
        return "DtlsPacket[" + peer + ", " + content().readableBytes() + " bytes]";
    }
}
