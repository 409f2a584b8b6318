package io.dtls4j.cli;

import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.netty.DtlsPacket;
import io.dtls4j.netty.DtlsPeerEvent;
import io.dtls4j.netty.DtlsServerHandler;
import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.transport.DtlsServerListener;
import io.dtls4j.transport.DtlsTimeoutException;
import io.dtls4j.transport.PeerSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code dtls server --io netty}: the Netty {@link DtlsServerHandler} on one datagram channel, with a
 * handler after it that turns its packets and events into the calls a {@link DtlsServerListener}
 * gets from {@code DtlsServer}, so that the command prints and echoes the same either way.
 */
final class NettyServer implements ServerCommand.Listening {
    /** The socket receive buffer asked for, as DtlsServer does: bursts of handshakes must not overflow it. */
    private static final int SOCKET_RECEIVE_BUFFER = 4 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;
    private final DtlsServerHandler handler;

    private NettyServer(EventLoopGroup group, Channel channel, DtlsServerHandler handler) {
        this.group = group;
        this.channel = channel;
        this.handler = handler;
    }

    /**
     * Binds {@code address} on the resolved Netty transport {@code io} and serves DTLS there.
     *
     * @throws IOException when the address cannot be bound
     */
    static NettyServer start(ServerIo io, DtlsConfig config, InetSocketAddress address, Duration handshakeTimeout,
                             SessionCache sessionCache, TicketKeyRing ticketKeyRing,
                             DtlsServerListener listener) throws IOException {
        DtlsServerHandler handler = DtlsServerHandler.builder(config).handshakeTimeout(handshakeTimeout)
                .sessionCache(sessionCache).ticketKeyRing(ticketKeyRing).build();
        // one channel is served by one event loop: more threads would idle
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io.ioHandlerFactory());
        try {
            Channel channel = new Bootstrap().group(group).channel(io.channelClass())
                    .option(ChannelOption.SO_RCVBUF, SOCKET_RECEIVE_BUFFER)
                    // datagrams of any record's size, not Netty's default 2048 bytes
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DtlsServerHandler.RECEIVE_BUFFER_SIZE))
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(handler, new ListenerBridge(listener));
                        }
                    })
                    .bind(address).sync().channel();
            return new NettyServer(group, channel, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("interrupted while binding " + address, e);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            // bind().sync() rethrows the channel's failure as it is: NIO gives a BindException, the native
            // transports an IOException "bind(..) failed with error(-98): Address already in use"
            String message = String.valueOf(e.getMessage());
            if (!(e instanceof BindException) && message.startsWith("bind(..) failed")) {
                BindException bind = new BindException(message.substring(message.lastIndexOf(':') + 1).trim());
                bind.initCause(e);
                throw bind;
            }
            if (e instanceof IOException io2) {
                throw io2;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public ServerTotals totals() {
        return ServerTotals.of(handler.stats());
    }

    /** Sends close_notify to every peer (the handler does so as the channel closes), then stops the event loop. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /**
     * Calls the listener as {@code DtlsServer} would: on the event loop, one peer object per session.
     * Records the listener sends while a read is under way are flushed once at its end.
     */
    private static final class ListenerBridge extends ChannelInboundHandlerAdapter {
        private final DtlsServerListener listener;
        /** Established sessions; event loop only, and bounded by the handler's session limit. */
        private final Map<InetSocketAddress, NettyPeer> peers = new HashMap<>();
        private ChannelHandlerContext ctx;
        private boolean reading;

        ListenerBridge(DtlsServerListener listener) {
            this.listener = listener;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DtlsPacket packet)) {
                ctx.fireChannelRead(msg);
                return;
            }
            reading = true;
            byte[] data;
            try {
                data = ByteBufUtil.getBytes(packet.content());
            } finally {
                packet.release();
            }
            NettyPeer peer = peers.get(packet.peer());
            if (peer != null) {
                try {
                    listener.dataReceived(peer, data);
                } catch (RuntimeException e) {
                    // as DtlsServer: a listener's exception does not end the session
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            reading = false;
            ctx.flush(); // the echoes written during this read, in one go
            ctx.fireChannelReadComplete();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof DtlsPeerEvent event)) {
                ctx.fireUserEventTriggered(evt);
                return;
            }
            try {
                if (event instanceof DtlsPeerEvent.Established e) {
                    NettyPeer peer = new NettyPeer(this, e.peer(), e.session(), e.exporter(), e.maxSendSize());
                    peers.put(e.peer(), peer);
                    listener.sessionEstablished(peer);
                } else if (event instanceof DtlsPeerEvent.Closed e) {
                    NettyPeer peer = peers.remove(e.peer());
                    listener.sessionClosed(peer != null ? peer : new NettyPeer(this, e.peer(), e.session(), null, 0));
                } else if (event instanceof DtlsPeerEvent.Failed e) {
                    peers.remove(e.peer());
                    DtlsException cause = e.cause();
                    // DtlsServer reports a timeout as DtlsTimeoutException; the command's messages rely on it
                    listener.sessionFailed(e.peer(), e.timedOut() && !(cause instanceof DtlsTimeoutException)
                            ? new DtlsTimeoutException(cause.getMessage(), cause) : cause);
                }
            } catch (RuntimeException ignored) {
                // as DtlsServer: a listener's exception does not affect the session
            }
        }

        /** Writes a record for {@code peer}: from the event loop within a read, flushed at its end. */
        void send(DtlsPacket packet) {
            if (ctx.executor().inEventLoop()) {
                if (reading) {
                    ctx.write(packet);
                } else {
                    ctx.writeAndFlush(packet);
                }
            } else {
                ctx.executor().execute(() -> send(packet));
            }
        }
    }

    /** A {@link PeerSession} over the Netty handler; {@code exporter} is null for a session that never got established. */
    private record NettyPeer(ListenerBridge bridge, InetSocketAddress remoteAddress, SessionInfo session,
                             KeyExporter exporter, int maxSendSize) implements PeerSession {

        @Override
        public void send(byte[] data) {
            if (data.length > maxSendSize) {
                throw new IllegalArgumentException(data.length + " bytes do not fit in one record: "
                        + "split it into pieces of at most maxSendSize() = " + maxSendSize + " bytes");
            }
            // a dropped packet (session gone) fails its promise in the handler and is counted there
            bridge.send(new DtlsPacket(Unpooled.wrappedBuffer(data), remoteAddress));
        }

        @Override
        public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
            return established().exportKeyingMaterial(label, context, length);
        }

        @Override
        public SrtpKeys srtpKeys() {
            return SrtpKeys.of(session, established());
        }

        private KeyExporter established() {
            if (exporter == null) {
                throw new IllegalStateException("the session with " + remoteAddress + " is not established");
            }
            return exporter;
        }

        @Override
        public String toString() {
            return "PeerSession[" + remoteAddress + ", netty]";
        }
    }
}
