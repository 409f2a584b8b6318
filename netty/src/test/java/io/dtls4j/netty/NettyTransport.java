package io.dtls4j.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Netty transports the tests run on: NIO everywhere, epoll and io_uring where their native
 * library loads and the kernel allows them.
 */
enum NettyTransport {
    NIO,
    EPOLL,
    IO_URING;

    /** Skips the test, saying why, when this transport cannot run here. */
    void assumeAvailable() {
        if (this == EPOLL) {
            assumeTrue(Epoll.isAvailable(), () -> "epoll transport not available here (" + Epoll.unavailabilityCause()
                    + "): the epoll cases are skipped; they need Linux x86-64 and netty-transport-native-epoll's native jar");
        } else if (this == IO_URING) {
            // kernels before 5.x, and sandboxes (seccomp, containers) that refuse io_uring_setup, end up here
            assumeTrue(IoUring.isAvailable(), () -> "io_uring transport not available here (" + IoUring.unavailabilityCause()
                    + "): the io_uring cases are skipped; they need Linux x86-64 with io_uring allowed and "
                    + "netty-transport-native-io_uring's native jar");
        }
    }

    EventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = switch (this) {
            case NIO -> NioIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    Class<? extends DatagramChannel> channelClass() {
        return switch (this) {
            case NIO -> NioDatagramChannel.class;
            case EPOLL -> EpollDatagramChannel.class;
            case IO_URING -> IoUringDatagramChannel.class;
        };
    }
}
