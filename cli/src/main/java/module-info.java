/**
 * The {@code dtls} command: demo, server, client, keygen and bench over dtls4j's public API. It is
 * shipped as one runnable jar; as a module it uses only what core, transport and netty export (and Netty's transports).
 */
module io.dtls4j.cli {
    requires io.dtls4j.core;
    requires io.dtls4j.transport;
    // dtls server --io netty*: the Netty handler on Netty's NIO, epoll or io_uring transport
    requires io.dtls4j.netty;
    requires io.netty.common;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires info.picocli;

    // picocli reads and sets the commands' annotated fields by reflection
    opens io.dtls4j.cli to info.picocli;
}
