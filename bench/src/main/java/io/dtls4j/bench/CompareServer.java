package io.dtls4j.bench;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.netty.DtlsServerHandler;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.DtlsServerListener;
import io.dtls4j.transport.PeerSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** A DTLS echo server on 127.0.0.1 for {@link NettyCompare}, on one of the three I/O layers. */
final class CompareServer implements AutoCloseable {
    /** The socket receive buffer of every server, so that they differ only in their I/O. */
    private static final int SOCKET_RECEIVE_BUFFER = 4 * 1024 * 1024;

    enum Kind {
        DTLS_SERVER("DtlsServer (dtls4j NIO)"),
        NETTY_NIO("Netty NIO"),
        NETTY_EPOLL("Netty epoll");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        boolean available() {
            return this != NETTY_EPOLL || Epoll.isAvailable();
        }

        String unavailabilityCause() {
            return this == NETTY_EPOLL ? String.valueOf(Epoll.unavailabilityCause()) : "";
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final DtlsServer dtlsServer;
    private final EventLoopGroup group;
    private final Channel channel;

    private CompareServer(DtlsServer dtlsServer, EventLoopGroup group, Channel channel) {
        this.dtlsServer = dtlsServer;
        this.group = group;
        this.channel = channel;
    }

    static CompareServer start(Kind kind, DtlsConfig config) throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (kind == Kind.DTLS_SERVER) {
            DtlsServer server = DtlsServer.builder(config).bind(loopback).listener(new DtlsServerListener() {
                @Override
                public void dataReceived(PeerSession s, byte[] data) {
                    s.send(data);
                }
            }).build();
            server.start();
            return new CompareServer(server, null, null);
        }
        boolean epoll = kind == Kind.NETTY_EPOLL;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Channel channel = new Bootstrap().group(group).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_RECEIVE_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DtlsServerHandler.RECEIVE_BUFFER_SIZE))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(DtlsServerHandler.builder(config).build(), new Echo());
                    }
                })
                .bind(loopback).sync().channel();
        return new CompareServer(null, group, channel);
    }

    /**
     * Writes each received packet back without flushing: the datagrams of one read batch go out in
     * one flush when the batch ends, not one system call per flush.
     */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise()); // the DtlsPacket, sealed and released by the DTLS handler
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    InetSocketAddress address() {
        return dtlsServer != null ? dtlsServer.localAddress() : (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (dtlsServer != null) {
            dtlsServer.close();
        } else {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
