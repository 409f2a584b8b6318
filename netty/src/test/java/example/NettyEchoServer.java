package example;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.SelfSignedCertificate;
import io.dtls4j.netty.DtlsPacket;
import io.dtls4j.netty.DtlsPeerEvent;
import io.dtls4j.netty.DtlsServerHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

public class NettyEchoServer {
    public static void main(String[] args) throws Exception {
        CertifiedKey key = SelfSignedCertificate.generate("localhost", List.of("localhost", "127.0.0.1"),
                Duration.ofDays(30), new SecureRandom(), System.currentTimeMillis());
        DtlsConfig config = DtlsConfig.builder().certifiedKey(key).build();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4433;
        // epoll: EpollIoHandler.newFactory() and EpollDatagramChannel.class
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    // read datagrams of any record's size (Netty reads 2048 bytes by default)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DtlsServerHandler.RECEIVE_BUFFER_SIZE))
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(DtlsServerHandler.builder(config).build(),
                                    new SimpleChannelInboundHandler<DtlsPacket>(false) {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, DtlsPacket packet) {
                                            // echo: sealed, sent to packet.peer() and released by the DTLS handler
                                            ctx.writeAndFlush(packet);
                                        }

                                        @Override
                                        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                            if (event instanceof DtlsPeerEvent e) {
                                                System.out.println(e); // Established, Closed or Failed
                                            }
                                        }
                                    });
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            System.out.println("DTLS echo on " + channel.localAddress()
                    + "; try: openssl s_client -dtls1_2 -connect 127.0.0.1:" + port);
            channel.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
