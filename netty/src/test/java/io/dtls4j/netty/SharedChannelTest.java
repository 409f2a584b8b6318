package io.dtls4j.netty;

import io.dtls4j.engine.PacketDemux;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.transport.DtlsClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DtlsServerHandler.Builder#passNonDtls(boolean)}: on a channel shared with STUN and RTP
 * (RFC 7983 §7) the datagrams that are not DTLS reach the next handler unchanged and in order, its
 * raw {@code DatagramPacket} answers go out on the same channel, and DTLS is undisturbed.
 */
@Timeout(60)
class SharedChannelTest {
    static {
        LeakRecorder.install();
    }

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAGIC_COOKIE = 0x2112A442;

    @AfterEach
    void noBufferLeaked() throws InterruptedException {
        assertThat(LeakRecorder.leaks()).as("ByteBufs the leak detector saw collected unreleased").isEmpty();
    }

    @Test
    void stunAndRtpPassDownThePipelineInOrderAndStunAnswersGoOutOnTheSameChannel() throws Exception {
        List<String> serverSaw = new CopyOnWriteArrayList<>();
        List<String> clientSaw = new CopyOnWriteArrayList<>();
        DtlsServerHandler handler = DtlsServerHandler.builder(TestConfigs.serverConfig()).passNonDtls(true).build();
        EventLoopGroup group = NettyTransport.NIO.newGroup(1);
        try (java.nio.channels.DatagramChannel socket = java.nio.channels.DatagramChannel.open()) {
            Channel server = new Bootstrap().group(group).channel(NettyTransport.NIO.channelClass())
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline().addLast(handler, new StunAnsweringEcho(serverSaw));
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            InetSocketAddress serverAddress = (InetSocketAddress) server.localAddress();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

            List<String> sent = new ArrayList<>();
            send(socket, serverAddress, stun(0x0001, 1), sent);
            send(socket, serverAddress, rtp(1), sent);
            socket.send(ByteBuffer.wrap(new byte[] {7, 7, 7}), serverAddress); // first byte 4..15: no protocol's
            try (DtlsClient client = DtlsClient.builder(TestConfigs.clientConfig()).channel(socket, false)
                    .nonDtlsHandler((from, datagram, sender) -> clientSaw.add(label(datagram)))
                    .handshakeTimeout(WAIT).connect(serverAddress)) {
                send(socket, serverAddress, stun(0x0001, 2), sent);
                send(socket, serverAddress, rtp(2), sent);
                client.send("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.receive(WAIT)).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
                long end = System.nanoTime() + WAIT.toNanos();
                while (clientSaw.size() < 2 && System.nanoTime() < end) {
                    assertThat(client.receive(Duration.ofMillis(50))).isNull(); // reads the socket meanwhile
                }
            }
            // each datagram takes one path: all of them reaching the next handler means none reached an engine
            assertThat(serverSaw).isEqualTo(sent);
            assertThat(clientSaw).containsExactly("STUN-ok#1", "STUN-ok#2");
            DtlsServerStats stats = handler.stats();
            assertThat(stats.get(DtlsServerCounter.NON_DTLS_DATAGRAMS)).isEqualTo(4);
            assertThat(stats.get(DtlsServerCounter.NON_DTLS_DROPPED)).isEqualTo(1);
            assertThat(stats.get(DtlsServerCounter.HANDSHAKES_COMPLETED)).isEqualTo(1);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Answers STUN binding requests with a raw DatagramPacket, records the rest, echoes DTLS records. */
    private static final class StunAnsweringEcho extends ChannelInboundHandlerAdapter {
        private final List<String> saw;

        StunAnsweringEcho(List<String> saw) {
            this.saw = saw;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof DatagramPacket packet) {
                try {
                    ByteBuf content = packet.content();
                    saw.add(label(content.nioBuffer()));
                    if (content.getUnsignedShort(content.readerIndex()) == 0x0001) {
                        int id = content.getInt(content.readerIndex() + 16);
                        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(stun(0x0101, id)), packet.sender()));
                    }
                } finally {
                    packet.release();
                }
                return;
            }
            ctx.writeAndFlush(msg); // a DtlsPacket: back to its peer
        }
    }

    private static void send(java.nio.channels.DatagramChannel socket, InetSocketAddress to, byte[] datagram, List<String> sent)
            throws java.io.IOException {
        socket.send(ByteBuffer.wrap(datagram), to);
        sent.add(label(ByteBuffer.wrap(datagram)));
    }

    /** A STUN message without attributes (RFC 5389 §6), its transaction ID ending in {@code id}. */
    private static byte[] stun(int type, int id) {
        return ByteBuffer.allocate(20).putShort((short) type).putShort((short) 0).putInt(MAGIC_COOKIE)
                .putInt(0x5354554E).putInt(0).putInt(id).array();
    }

    /** An RTP packet (RFC 3550 §5.1): version 2, payload type 111, sequence number {@code seq}. */
    private static byte[] rtp(int seq) {
        return ByteBuffer.allocate(16).put((byte) 0x80).put((byte) 111).putShort((short) seq).putInt(seq * 960)
                .putInt(0x11223344).putInt(0xCAFEBABE).array();
    }

    private static String label(ByteBuffer d) {
        assertThat(PacketDemux.classify(d)).isEqualTo(PacketDemux.Kind.OTHER);
        int p = d.position();
        if (d.remaining() >= 20 && d.getInt(p + 4) == MAGIC_COOKIE) {
            return (d.getShort(p) == 0x0001 ? "STUN-req#" : "STUN-ok#") + d.getInt(p + 16);
        }
        return "RTP#" + (d.getShort(p + 2) & 0xFFFF);
    }
}
