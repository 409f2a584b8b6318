package io.dtls4j.transport;

import io.dtls4j.config.DtlsConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Servers for tests: bound to the loopback address on an ephemeral port, started. */
final class LoopbackServers {
    private LoopbackServers() {
    }

    /** A started server with {@code config}, {@code threads} loops and {@code listener}. */
    static DtlsServer started(DtlsConfig config, int threads, DtlsServerListener listener) throws Exception {
        return started(builder(config, threads, listener));
    }

    static DtlsServer.Builder builder(DtlsConfig config, int threads, DtlsServerListener listener) {
        return DtlsServer.builder(config)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .threads(threads)
                .listener(listener);
    }

    static DtlsServer started(DtlsServer.Builder builder) throws Exception {
        DtlsServer server = builder.build();
        server.start();
        return server;
    }
}
