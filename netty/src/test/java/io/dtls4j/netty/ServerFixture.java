package io.dtls4j.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Netty DTLS echo server on 127.0.0.1 for one test: a {@link DtlsServerHandler} followed by a
 * handler that echoes every {@link DtlsPacket} and records every {@link DtlsPeerEvent}.
 */
final class ServerFixture implements AutoCloseable {
    final EventLoopGroup group;
    final Channel channel;
    final DtlsServerHandler handler;
    final List<DtlsPeerEvent> events = new CopyOnWriteArrayList<>();

    ServerFixture(NettyTransport transport, DtlsServerHandler handler) throws InterruptedException {
        this(transport, handler, ByteBufAllocator.DEFAULT);
    }

    /** With {@code allocator} for the server channel's buffers (e.g. a heap one, to take the no-copy path). */
    ServerFixture(NettyTransport transport, DtlsServerHandler handler, ByteBufAllocator allocator) throws InterruptedException {
        transport.assumeAvailable();
        this.handler = handler;
        this.group = transport.newGroup(1);
        try {
            this.channel = new Bootstrap().group(group).channel(transport.channelClass())
                    .option(ChannelOption.ALLOCATOR, allocator)
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DtlsServerHandler.RECEIVE_BUFFER_SIZE))
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(handler, new Echo());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg); // the DtlsPacket goes back to its peer; the server handler releases it
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof DtlsPeerEvent e) {
                events.add(e);
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    DtlsServerStats stats() {
        return handler.stats();
    }

    /** The size of the handler's peer table, read on the channel's event loop. */
    int peerTableSize() throws Exception {
        return channel.eventLoop().submit(handler::peerTableSize).get(5, TimeUnit.SECONDS);
    }

    <T extends DtlsPeerEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until {@code condition} holds, at most {@code timeout}; polls every 10 ms. */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Waits until the counters stop changing (nothing more arrives) for 300 ms, at most {@code timeout}. */
    DtlsServerStats awaitQuiet(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        DtlsServerStats last = stats();
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            DtlsServerStats now = stats();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
