/**
 * dtls4j for Netty: {@code DtlsServerHandler} serves many DTLS peers on one {@code DatagramChannel};
 * {@code DtlsClientHandler} runs one association on a connected one. Both drive the sans-I/O engine
 * on the channel's event loop.
 */
module io.dtls4j.netty {
    requires transitive io.dtls4j.core;
    requires transitive io.netty.transport;
    requires transitive io.netty.buffer;
    requires io.netty.common;

    exports io.dtls4j.netty;
}
