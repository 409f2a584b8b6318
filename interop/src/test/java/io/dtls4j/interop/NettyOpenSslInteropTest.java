package io.dtls4j.interop;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.netty.DtlsPacket;
import io.dtls4j.netty.DtlsPeerEvent;
import io.dtls4j.netty.DtlsServerHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenSSL's {@code s_client -dtls1_2} against dtls4j's Netty server handler (NIO) on 127.0.0.1:
 * handshake with the cookie exchange, a line echoed, close_notify.
 */
@Timeout(60)
class NettyOpenSslInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @BeforeAll
    static void openSslIsInstalled() {
        PeerProcess.assumeInstalled("openssl", "openssl");
    }

    static Stream<CipherSuite> suites() {
        return OpenSslInteropTest.SUITES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void openSslClientTalksToTheNettyServer(CipherSuite suite) throws Exception {
        CertifiedKey serverKey = InteropCredentials.server(InteropCredentials.forSuite(suite));
        InteropCredentials.PemFiles pem = InteropCredentials.writePem(serverKey, dir, "server");
        DtlsServerHandler handler = DtlsServerHandler.builder(DtlsConfig.builder().certifiedKey(serverKey).build()).build();
        List<Object> seen = new CopyOnWriteArrayList<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(handler, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    DtlsPacket packet = (DtlsPacket) msg;
                                    seen.add(new String(ByteBufUtil.getBytes(packet.content()), StandardCharsets.US_ASCII));
                                    ctx.writeAndFlush(packet); // echo
                                }

                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    seen.add(evt);
                                }
                            });
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) channel.localAddress()).getPort();
            try (PeerProcess client = PeerProcess.start(List.of("openssl", "s_client", "-dtls1_2",
                    "-connect", "127.0.0.1:" + port, "-cipher", suite.openSslName(),
                    "-CAfile", pem.certificate().toString(), "-verify_return_error",
                    "-servername", InteropCredentials.SERVER_NAME), dir)) {
                assertThat(client.awaitOutput("Cipher is " + suite.openSslName(), WAIT)).as(client.describe()).isTrue();
                assertThat(client.output()).contains("Verification: OK");

                String line = "echo me, dtls4j on Netty (" + suite.openSslName() + ")";
                client.writeLine(line);
                // s_client prints what our server echoed: the line appears in its output only then
                assertThat(client.awaitOutput(line, WAIT)).as(client.describe()).isTrue();
                client.closeStdin(); // s_client sends close_notify and exits
                assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(0);
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.stream().noneMatch(DtlsPeerEvent.Closed.class::isInstance) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(seen).hasSize(3);
            assertThat(seen.get(0)).isInstanceOfSatisfying(DtlsPeerEvent.Established.class, e -> {
                assertThat(e.session().cipherSuite()).isEqualTo(suite);
                assertThat(e.session().extendedMasterSecret()).isTrue();
            });
            assertThat(seen.get(1)).isEqualTo("echo me, dtls4j on Netty (" + suite.openSslName() + ")\n");
            assertThat(seen.get(2)).isInstanceOf(DtlsPeerEvent.Closed.class);
            assertThat(handler.stats().handshakesFailed()).isZero();
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
