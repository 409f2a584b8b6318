package io.dtls4j.cli;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * What {@code dtls server --io} runs on: dtls4j's own NIO {@code DtlsServer}, or the Netty
 * {@code DtlsServerHandler} on one of Netty's transports. Plain {@code netty} takes epoll where it
 * loads and NIO elsewhere; the explicit Netty transports refuse to start when their native library
 * or the kernel is missing, naming the cause, rather than quietly running on another one.
 */
enum ServerIo {
    /** dtls4j's transport module: {@code DtlsServer}, one selector thread. */
    NIO("nio"),
    /** Netty, on epoll when it is available here, else on Netty's NIO transport. */
    NETTY("netty"),
    /** Netty on its NIO transport (every platform). */
    NETTY_NIO("netty-nio"),
    /** Netty on native epoll (Linux x86-64). */
    NETTY_EPOLL("netty-epoll"),
    /** Netty on native io_uring (Linux x86-64 with a kernel and sandbox that allow io_uring). */
    NETTY_IO_URING("netty-io_uring");

    /** The accepted values, for the help text and messages. */
    static final String NAMES = "nio, netty, netty-nio, netty-epoll, netty-io_uring";

    private final String label;

    ServerIo(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }

    boolean netty() {
        return this != NIO;
    }

    /** The Netty transport to run on: NETTY resolved to epoll or NIO; a missing native one is refused. */
    ServerIo resolve() throws CliException {
        switch (this) {
            case NETTY:
                return Epoll.isAvailable() ? NETTY_EPOLL : NETTY_NIO;
            case NETTY_EPOLL:
                if (!Epoll.isAvailable()) {
                    throw unavailable(Epoll.unavailabilityCause());
                }
                return this;
            case NETTY_IO_URING:
                if (!IoUring.isAvailable()) {
                    throw unavailable(IoUring.unavailabilityCause());
                }
                return this;
            default:
                return this;
        }
    }

    private CliException unavailable(Throwable cause) {
        return new CliException(ExitCode.USAGE, "--io " + label + ": not available on this machine ("
                + (cause == null ? "unknown cause" : cause.getMessage()) + "); use --io netty-nio or --io nio", cause);
    }

    /** The event loops' I/O handlers; only for a resolved Netty transport. */
    IoHandlerFactory ioHandlerFactory() {
        switch (this) {
            case NETTY_EPOLL: return EpollIoHandler.newFactory();
            case NETTY_IO_URING: return IoUringIoHandler.newFactory();
            case NETTY_NIO: return NioIoHandler.newFactory();
            default: throw new IllegalStateException("not a resolved Netty transport: " + this);
        }
    }

    /** The datagram channel class of a resolved Netty transport. */
    Class<? extends DatagramChannel> channelClass() {
        switch (this) {
            case NETTY_EPOLL: return EpollDatagramChannel.class;
            case NETTY_IO_URING: return IoUringDatagramChannel.class;
            case NETTY_NIO: return NioDatagramChannel.class;
            default: throw new IllegalStateException("not a resolved Netty transport: " + this);
        }
    }

    /** Reads {@code --io}. */
    static final class Converter implements ITypeConverter<ServerIo> {
        @Override
        public ServerIo convert(String value) {
            String v = value.toLowerCase(Locale.ROOT).replace("iouring", "io_uring").replace("io-uring", "io_uring");
            for (ServerIo io : values()) {
                if (io.label.equals(v)) {
                    return io;
                }
            }
            throw new TypeConversionException("unknown I/O '" + value + "'; use one of " + NAMES);
        }
    }
}
