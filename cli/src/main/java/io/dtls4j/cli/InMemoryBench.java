package io.dtls4j.cli;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.CookieGate;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;
import io.dtls4j.session.SessionInfo;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Benchmarks of the engine alone: a client and a server engine hand datagrams to each other in
 * memory, so the figures are the protocol and crypto cost without sockets or threads.
 */
final class InMemoryBench {
    /** Datagram exchanges a handshake needs at most (cookie, flights, a retransmission or two). */
    private static final int MAX_ROUNDS = 32;
    private static final byte[] PEER = {127, 0, 0, 1, 0x11, 0x51};
    /** Operations between two looks at the clock. */
    private static final int CLOCK_STRIDE = 64;

    private final DtlsConfig clientConfig;
    private final DtlsConfig serverConfig;
    /**
     * One gate for every handshake, as a {@link io.dtls4j.transport.DtlsServer} has: a gate of each
     * engine's own would add the making of a cookie secret to every handshake, which the UDP figure
     * does not pay, and put the in-memory rate below it.
     */
    private final CookieGate gate;

    InMemoryBench(DtlsConfig clientConfig, DtlsConfig serverConfig) {
        this.clientConfig = clientConfig;
        this.serverConfig = serverConfig;
        this.gate = new CookieGate(serverConfig);
    }

    /** A connected client and server engine. */
    record Pair(DtlsEngine client, DtlsEngine server) {
    }

    /** Runs one full handshake (with the cookie exchange) in memory. */
    Pair handshake() throws CliException {
        long now = System.currentTimeMillis();
        DtlsEngine client = DtlsEngine.client(clientConfig, null);
        DtlsEngine server = DtlsEngine.server(serverConfig, PEER, gate);
        client.start(now);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean moved = move(client, server, now) | move(server, client, now);
            checkNotFailed(client, "client");
            checkNotFailed(server, "server");
            if (client.state() == EngineState.CONNECTED && server.state() == EngineState.CONNECTED) {
                discardEvents(client);
                discardEvents(server);
                return new Pair(client, server);
            }
            if (!moved) {
                break;
            }
        }
        throw new CliException(ExitCode.SOFTWARE, "in-memory handshake did not complete (client "
                + client.state() + ", server " + server.state() + ")");
    }

    /** Full handshakes for {@code duration}. */
    BenchResult handshakes(Duration duration, ProgressBar progress) throws CliException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long count = 0;
        long now = start;
        while (now < end) {
            handshake();
            count++;
            now = System.nanoTime();
            progress.update((double) (now - start) / duration.toNanos());
        }
        return new BenchResult("full handshakes", "in memory", count, Duration.ofNanos(now - start), 0, "");
    }

    /** Records of {@code size} bytes sealed by the client and opened by the server, for {@code duration}. */
    BenchResult records(int size, Duration duration, ProgressBar progress) throws CliException {
        Pair pair = handshake();
        long[] opened = new long[1];
        pair.server().setApplicationDataHandler(data -> opened[0]++);
        ByteBuffer payload = ByteBuffer.wrap(new byte[size]);
        ByteBuffer datagram = ByteBuffer.allocate(size + 64);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long now = start;
        long sealed = 0;
        long millis = System.currentTimeMillis();
        while (now < end) {
            for (int i = 0; i < CLOCK_STRIDE; i++) {
                payload.rewind();
                datagram.clear();
                pair.client().seal(payload, datagram, millis);
                datagram.flip();
                pair.server().receive(datagram, millis);
                sealed++;
            }
            now = System.nanoTime();
            progress.update((double) (now - start) / duration.toNanos());
        }
        if (opened[0] != sealed) {
            throw new CliException(ExitCode.SOFTWARE, "the server opened " + opened[0] + " of " + sealed + " records");
        }
        return new BenchResult(size + "-byte records", "in memory", opened[0], Duration.ofNanos(now - start),
                opened[0] * size, "");
    }

    /** What a handshake with these configurations negotiates. */
    SessionInfo negotiated() throws CliException {
        return handshake().client().session();
    }

    private static boolean move(DtlsEngine from, DtlsEngine to, long now) {
        boolean moved = false;
        ByteBuffer datagram;
        while ((datagram = from.pollDatagram()) != null) {
            to.receive(datagram, now);
            moved = true;
        }
        return moved;
    }

    private static void checkNotFailed(DtlsEngine engine, String role) throws CliException {
        if (engine.state() != EngineState.FAILED) {
            return;
        }
        DtlsEvent event;
        while ((event = engine.pollEvent()) != null) {
            if (event instanceof DtlsEvent.Failed failed) {
                throw Failures.classify(failed.cause(), "in-memory " + role);
            }
        }
        throw new CliException(ExitCode.SOFTWARE, "in-memory " + role + " failed");
    }

    private static void discardEvents(DtlsEngine engine) {
        while (engine.pollEvent() != null) {
            // the handshake's own events: nothing to act on here
        }
    }
}
