package io.dtls4j.netty;

import io.dtls4j.config.DtlsConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link DtlsClientHandler} on a connected channel of {@code group}, recording what it hears. */
final class NettyClientFixture implements AutoCloseable {
    final Channel channel;
    final DtlsClientHandler handler;
    final BlockingQueue<DtlsPeerEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

    NettyClientFixture(NettyTransport transport, EventLoopGroup group, InetSocketAddress server, DtlsConfig config)
            throws InterruptedException {
        this.handler = new DtlsClientHandler(config, "server.test", Duration.ofSeconds(10));
        this.channel = new Bootstrap().group(group).channel(transport.channelClass())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(handler, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                DtlsPacket p = (DtlsPacket) msg;
                                try {
                                    received.add(ByteBufUtil.getBytes(p.content()));
                                } finally {
                                    p.release();
                                }
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof DtlsPeerEvent e) {
                                    events.add(e);
                                }
                            }
                        });
                    }
                })
                .localAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .connect(server).sync().channel();
    }

    /** The next event, waiting at most {@code timeout}; null when none came. */
    DtlsPeerEvent nextEvent(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void send(byte[] data) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(data)).syncUninterruptibly();
    }

    byte[] receive(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
