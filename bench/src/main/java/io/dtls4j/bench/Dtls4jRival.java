package io.dtls4j.bench;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.DtlsServerListener;
import io.dtls4j.transport.EchoListener;
import io.dtls4j.transport.PeerSession;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** dtls4j's {@link DtlsServer} and {@link DtlsClient} over loopback, for each part of {@link Compare}. */
final class Dtls4jRival {
    static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Ethernet's, as the rivals assume: a 1,200-byte payload fits one record (the default MTU leaves 1,163 bytes). */
    private static final int MTU = 1500;

    private Dtls4jRival() {
    }

    static DtlsConfig serverConfig(CertifiedKey key, NamedGroup group) {
        return DtlsConfig.builder().mtu(MTU).cipherSuites(SUITE).certifiedKey(key).namedGroups(group).build();
    }

    /** The client also lists P-256, the curve of the server's certificate (RFC 8422 §5.3). */
    static DtlsConfig clientConfig(NamedGroup group) {
        List<NamedGroup> offered = group == NamedGroup.SECP256R1 ? List.of(group) : List.of(group, NamedGroup.SECP256R1);
        return DtlsConfig.builder().mtu(MTU).cipherSuites(SUITE).namedGroups(offered).peerVerifier((chain, context) -> { }).build();
    }

    /** DtlsServer's default: an event loop per core (and a receiver thread). */
    static final int DEFAULT_LOOPS = Runtime.getRuntime().availableProcessors();

    private static DtlsServer server(CertifiedKey key, NamedGroup group, DtlsServerListener listener) throws IOException {
        return server(key, group, listener, DEFAULT_LOOPS);
    }

    private static DtlsServer server(CertifiedKey key, NamedGroup group, DtlsServerListener listener, int loops)
            throws IOException {
        DtlsServer server = DtlsServer.builder(serverConfig(key, group))
                .threads(loops)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .listener(listener)
                .idleTimeout(Duration.ofHours(1))
                .maxSessions(20_000)
                .build();
        server.start();
        return server;
    }

    /** @param loops the server's event loops: with one, the loop reads the socket itself (no receiver thread) */
    static EchoWindow.Result echo(CertifiedKey key, int loops, int payload, int window, double warmUp, double seconds)
            throws Exception {
        try (DtlsServer server = server(key, NamedGroup.SECP256R1, new EchoListener(), loops);
             DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig(NamedGroup.SECP256R1), null,
                     HANDSHAKE_TIMEOUT)) {
            return EchoWindow.run(new EchoWindow.Client() {
                @Override
                public void send(byte[] data) throws Exception {
                    client.send(data);
                }

                @Override
                public boolean receive(long timeoutMillis) throws Exception {
                    return client.receive(Duration.ofMillis(timeoutMillis)) != null;
                }

                @Override
                public void close() {
                    client.close();
                }
            }, payload, window, warmUp, seconds);
        }
    }

    /** Full handshakes, each by a new client on a new socket, which closes (close_notify) once connected. */
    static Compare.Rate handshakes(CertifiedKey key, NamedGroup group, double warmUp, double seconds) throws Exception {
        DtlsConfig clientConfig = clientConfig(group);
        try (DtlsServer server = server(key, group, new DtlsServerListener() { })) {
            return Compare.Rate.measure(warmUp, seconds, () -> {
                try (DtlsClient client = DtlsClient.connect(server.localAddress(), clientConfig, null, HANDSHAKE_TIMEOUT)) {
                    if (client.session().namedGroup() != group) {
                        throw new IllegalStateException("negotiated " + client.session().namedGroup() + ", not " + group);
                    }
                }
            });
        }
    }

    /** Heap per idle established server-side session: see {@link Compare}. */
    static long bytesPerIdleSession(CertifiedKey key, int warmUp, int sessions) throws Exception {
        AtomicInteger established = new AtomicInteger();
        try (DtlsServer server = server(key, NamedGroup.SECP256R1, new DtlsServerListener() {
            @Override
            public void sessionEstablished(PeerSession s) {
                established.incrementAndGet();
            }
        })) {
            return IdleSessions.measure(server.localAddress(), clientConfig(NamedGroup.SECP256R1), warmUp, sessions,
                    () -> server.stats().sessions());
        }
    }
}
