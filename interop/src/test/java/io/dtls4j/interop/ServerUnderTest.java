package io.dtls4j.interop;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.netty.DtlsPacket;
import io.dtls4j.netty.DtlsPeerEvent;
import io.dtls4j.netty.DtlsServerHandler;
import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.testing.LoopbackPorts;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.DtlsServerListener;
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
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.params.provider.Arguments;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dtls4j server a peer implementation is tested against: the transport module's
 * {@link DtlsServer}, or the Netty {@link DtlsServerHandler} on Netty's NIO or native epoll
 * transport. Each runs on 127.0.0.1, an ephemeral port, and reports to a {@link DtlsServerListener}
 * in the same way, so that one test body serves all three.
 */
enum ServerUnderTest {
    DTLS_SERVER,
    NETTY_NIO,
    NETTY_EPOLL;

    /** A server listening now; closing it sends close_notify to its peers and frees the port. */
    interface Running extends AutoCloseable {
        InetSocketAddress localAddress();

        @Override
        void close();
    }

    /** Every server, for {@code @MethodSource}. */
    static Stream<ServerUnderTest> all() {
        return Stream.of(values());
    }

    /** Each of {@code cases} (one argument each) against each server: the server comes last. */
    static Stream<Arguments> crossed(List<?> cases) {
        List<Arguments> all = new ArrayList<>();
        for (Object c : cases) {
            for (ServerUnderTest server : values()) {
                all.add(Arguments.of(c, server));
            }
        }
        return all.stream();
    }

    /** Starts this server with {@code config}; skips the test, saying why, where its transport is missing. */
    Running start(DtlsConfig config, DtlsServerListener listener) throws Exception {
        if (this == DTLS_SERVER) {
            DtlsServer server = DtlsServer.builder(config).bind(LoopbackPorts.loopback(0)).listener(listener).build();
            server.start();
            return new Running() {
                @Override
                public InetSocketAddress localAddress() {
                    return server.localAddress();
                }

                @Override
                public void close() {
                    server.close();
                }
            };
        }
        if (this == NETTY_EPOLL) {
            assumeTrue(Epoll.isAvailable(), () -> "epoll not available here (" + Epoll.unavailabilityCause()
                    + "): the Netty-on-epoll interop cases are skipped");
        }
        DtlsServerHandler handler = DtlsServerHandler.builder(config).build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                this == NETTY_EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(group)
                    .channel(this == NETTY_EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(DtlsServerHandler.RECEIVE_BUFFER_SIZE))
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(handler, new ToListener(listener));
                        }
                    })
                    .bind(LoopbackPorts.loopback(0)).sync().channel();
            return new Running() {
                @Override
                public InetSocketAddress localAddress() {
                    return (InetSocketAddress) channel.localAddress();
                }

                @Override
                public void close() {
                    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
                }
            };
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    @Override
    public String toString() {
        return switch (this) {
            case DTLS_SERVER -> "DtlsServer";
            case NETTY_NIO -> "Netty NIO";
            case NETTY_EPOLL -> "Netty epoll";
        };
    }

    /** The Netty handler's packets and events as listener calls, each record sent straight back through the pipeline. */
    private static final class ToListener extends ChannelInboundHandlerAdapter {
        private final DtlsServerListener listener;

        ToListener(DtlsServerListener listener) {
            this.listener = listener;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DtlsPacket packet = (DtlsPacket) msg;
            byte[] data = ByteBufUtil.getBytes(packet.content());
            packet.release();
            listener.dataReceived(new Peer(ctx, packet.peer(), packet.session(), null), data);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof DtlsPeerEvent.Established e) {
                listener.sessionEstablished(new Peer(ctx, e.peer(), e.session(), e.exporter()));
            } else if (evt instanceof DtlsPeerEvent.Closed e) {
                listener.sessionClosed(new Peer(ctx, e.peer(), e.session(), null));
            } else if (evt instanceof DtlsPeerEvent.Failed e) {
                listener.sessionFailed(e.peer(), e.cause());
            }
        }
    }

    /** What a listener may do with a Netty peer in these tests: send, and export while established. */
    private record Peer(ChannelHandlerContext ctx, InetSocketAddress remoteAddress, SessionInfo session,
                        KeyExporter exporter) implements PeerSession {
        @Override
        public void send(byte[] data) {
            ctx.writeAndFlush(new DtlsPacket(Unpooled.wrappedBuffer(data), remoteAddress));
        }

        @Override
        public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
            if (exporter == null) {
                throw new IllegalStateException("exported only when the session is established, in these tests");
            }
            return exporter.exportKeyingMaterial(label, context, length);
        }

        @Override
        public SrtpKeys srtpKeys() {
            return SrtpKeys.of(session, exporter);
        }

        @Override
        public int maxSendSize() {
            throw new UnsupportedOperationException("the interop tests only echo what they received");
        }
    }
}
