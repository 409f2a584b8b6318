package io.dtls4j.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Netty transports the tests run on: NIO everywhere, epoll where its native library loads. */
enum NettyTransport {
    NIO,
    EPOLL;

    /** Skips the test, saying why, when this transport cannot run here. */
    void assumeAvailable() {
        if (this == EPOLL) {
            assumeTrue(Epoll.isAvailable(), () -> "epoll transport not available here (" + Epoll.unavailabilityCause()
                    + "): the epoll cases are skipped; they need Linux x86-64 and netty-transport-native-epoll's native jar");
        }
    }

    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    Class<? extends DatagramChannel> channelClass() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
