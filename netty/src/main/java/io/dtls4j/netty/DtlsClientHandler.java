package io.dtls4j.netty;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.session.SessionInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A DTLS client on a connected Netty {@code DatagramChannel}: one association with the channel's
 * remote address. Put it in the pipeline of a channel that is (or will be) connected; the handshake
 * starts when the channel is active. One instance per channel.
 *
 * <p>Received records go up as {@link DtlsPacket}s; completion, failure and close as
 * {@link DtlsPeerEvent} user events, as from {@link DtlsServerHandler}. Write a {@link DtlsPacket}
 * or a {@link ByteBuf} once {@link DtlsPeerEvent.Established} was seen: its content is sealed as
 * one record. A write before the handshake completed, after the session ended, or too large for
 * one record fails its promise; anything else written here fails too (no cleartext goes out by
 * mistake). Retransmissions and the handshake timeout run on the channel's event loop. Closing the
 * channel sends close_notify first. The channel stays open when the session ends: close it on
 * {@link DtlsPeerEvent.Closed} or {@link DtlsPeerEvent.Failed} if it has no other use.
 */
public final class DtlsClientHandler extends ChannelDuplexHandler {
    private final DtlsConfig config;
    private final DtlsEngine engine;
    private final long handshakeTimeoutMillis;
    private final EngineInbox inbox = new EngineInbox();
    private final ByteBuffer scratch = EngineIo.newScratch();
    private ChannelHandlerContext ctx;
    private InetSocketAddress remote;
    private long startedAt;
    private boolean started;
    private boolean ended;
    private volatile SessionInfo session;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;

    /** A client with a 30 s handshake timeout. */
    public DtlsClientHandler(DtlsConfig config, String serverName) {
        this(config, serverName, Duration.ofSeconds(30));
    }

    /**
     * A client whose handshake fails ({@link DtlsPeerEvent.Failed} with {@code timedOut}) when not
     * complete within {@code handshakeTimeout} of the channel becoming active.
     *
     * @param serverName the name sent as SNI and given to the peer verifier, or null
     * @throws IllegalArgumentException when {@code config} has no peer verifier, or the name is not a host name
     */
    public DtlsClientHandler(DtlsConfig config, String serverName, Duration handshakeTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.handshakeTimeoutMillis = DtlsServerHandler.Builder.positive(handshakeTimeout, "handshakeTimeout").toMillis();
        this.engine = DtlsEngine.client(config, serverName);
        inbox.attach(engine);
    }

    /** What the handshake negotiated, or null before it completed; from any thread. */
    public SessionInfo session() {
        return session;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
        inbox.clear();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (started && !ended) {
            end(session != null ? new DtlsPeerEvent.Closed(remote, session)
                    : new DtlsPeerEvent.Failed(remote, new DtlsException(AlertDescription.CLOSE_NOTIFY,
                    "channel closed before the handshake completed"), false));
        }
        ctx.fireChannelInactive();
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        startedAt = EngineIo.nowMillis();
        remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (remote == null) {
            end(new DtlsPeerEvent.Failed(null, new DtlsException(null,
                    "DtlsClientHandler needs a connected DatagramChannel: connect it to the server first"), false));
            return;
        }
        engine.start(startedAt);
        afterEngine(startedAt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            ByteBuf content = packet.content();
            // a connected socket only hears its server; anything else (or too large) is not ours to read
            if (!started || ended || content.readableBytes() > EngineIo.MAX_DATAGRAM
                    || (packet.sender() != null && !packet.sender().equals(remote))) {
                return;
            }
            long now = EngineIo.nowMillis();
            inbox.receive(engine, EngineIo.view(content, scratch), now, ctx.alloc());
            afterEngine(now);
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf data = msg instanceof DtlsPacket p ? p.content() : msg instanceof ByteBuf b ? b : null;
        try {
            if (data == null) {
                promise.setFailure(new IllegalArgumentException("DtlsClientHandler sends only DtlsPacket or ByteBuf, not "
                        + msg.getClass().getName()));
                return;
            }
            if (ended || engine.state() != EngineState.CONNECTED) {
                promise.setFailure(new IllegalStateException("no established DTLS session with " + remote
                        + ": wait for DtlsPeerEvent.Established"));
                return;
            }
            ByteBuf record;
            try {
                record = EngineIo.seal(engine, config, data, ctx.alloc(), EngineIo.nowMillis());
            } catch (IllegalArgumentException e) {
                promise.setFailure(e);
                return;
            }
            ctx.write(new DatagramPacket(record, remote), promise);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (started && !ended) {
            engine.close(EngineIo.nowMillis());
            inbox.collect(engine);
            pump();
            ctx.flush();
        }
        ctx.close(promise);
    }

    /** After the engine ran: report, send, re-arm. */
    private void afterEngine(long now) {
        pump();
        if (ended) {
            cancelTimer();
            return;
        }
        long target = session == null ? Math.min(engine.nextDeadline(), startedAt + handshakeTimeoutMillis)
                : engine.nextDeadline();
        if (target == Long.MAX_VALUE) {
            cancelTimer();
            return;
        }
        target = Math.max(target, now + 1);
        if (timer != null && timerAt == target) {
            return;
        }
        cancelTimer();
        timerAt = target;
        timer = ctx.executor().schedule(this::onTimer, target - now, TimeUnit.MILLISECONDS);
    }

    private void onTimer() {
        timer = null;
        timerAt = Long.MAX_VALUE;
        if (ended) {
            return;
        }
        long now = EngineIo.nowMillis();
        if (engine.nextDeadline() <= now) {
            engine.handleTimeout(now);
            inbox.collect(engine);
        }
        if (session == null && !ended && now - startedAt >= handshakeTimeoutMillis) {
            pump();
            end(new DtlsPeerEvent.Failed(remote, new DtlsException(null, "handshake with " + remote
                    + " not completed within " + handshakeTimeoutMillis + " ms"), true));
        } else {
            afterEngine(now);
        }
        ctx.flush();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
            timerAt = Long.MAX_VALUE;
        }
    }

    /** Passes on what the engine produced, in its order, then writes what it queued. */
    private void pump() {
        Object item;
        while ((item = inbox.poll()) != null) {
            if (item instanceof ByteBuf data) {
                if (ended) {
                    data.release();
                } else {
                    ctx.fireChannelRead(new DtlsPacket(data, remote, session));
                }
            } else if (!ended) {
                onEvent((DtlsEvent) item);
            }
        }
        ByteBuffer out;
        while ((out = engine.pollDatagram()) != null) {
            ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(out), remote));
        }
    }

    private void onEvent(DtlsEvent event) {
        if (event instanceof DtlsEvent.HandshakeCompleted done) {
            session = done.session();
            ctx.fireUserEventTriggered(new DtlsPeerEvent.Established(remote, session, engine.exporter(),
                    engine.maxApplicationDataSize()));
        } else if (event instanceof DtlsEvent.Closed closed) {
            end(session != null ? new DtlsPeerEvent.Closed(remote, session)
                    : new DtlsPeerEvent.Failed(remote, new DtlsException(AlertDescription.CLOSE_NOTIFY, closed.byPeer(),
                    "closed before the handshake completed", null), false));
        } else if (event instanceof DtlsEvent.Failed failed) {
            end(new DtlsPeerEvent.Failed(remote, failed.cause(), failed.timedOut()));
        }
    }

    private void end(DtlsPeerEvent event) {
        ended = true;
        cancelTimer();
        ctx.fireUserEventTriggered(event);
    }
}
