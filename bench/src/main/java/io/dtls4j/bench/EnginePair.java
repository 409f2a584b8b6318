package io.dtls4j.bench;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.CookieGate;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.EngineState;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKeyRing;

import java.nio.ByteBuffer;

/** A client and a server engine connected in memory, with no loss. */
final class EnginePair {
    private static final byte[] CLIENT_ADDRESS = {127, 0, 0, 1, 0x10, 0x00};
    final DtlsEngine client;
    final DtlsEngine server;

    EnginePair(DtlsConfig clientConfig, DtlsConfig serverConfig) {
        this(DtlsEngine.client(clientConfig, null), DtlsEngine.server(serverConfig, CLIENT_ADDRESS));
    }

    /**
     * A client offering {@code offered} (may be null) to a server behind {@code gate} that resumes
     * from and adds to {@code cache} (may be null) and issues and opens tickets with {@code ring} (may
     * be null): the server of a real deployment, one gate, cache and ring for all peers.
     */
    EnginePair(DtlsConfig clientConfig, ResumableSession offered, DtlsConfig serverConfig, CookieGate gate,
               SessionCache cache, TicketKeyRing ring) {
        this(DtlsEngine.client(clientConfig, null, offered),
                DtlsEngine.server(serverConfig, CLIENT_ADDRESS, gate, cache, ring, null));
    }

    private EnginePair(DtlsEngine client, DtlsEngine server) {
        this.client = client;
        this.server = server;
        client.start(0);
        // until both are done: in the abbreviated handshake the server is the last to complete (RFC 5246 §7.3)
        for (int round = 0; round < 16 && (client.state() == EngineState.HANDSHAKING
                || server.state() == EngineState.HANDSHAKING); round++) {
            ByteBuffer datagram;
            while ((datagram = client.pollDatagram()) != null) {
                server.receive(datagram, 0);
            }
            while ((datagram = server.pollDatagram()) != null) {
                client.receive(datagram, 0);
            }
        }
        if (client.state() != EngineState.CONNECTED || server.state() != EngineState.CONNECTED) {
            throw new IllegalStateException("handshake did not complete: " + client.state() + "/" + server.state());
        }
    }

    /**
     * The client seals {@code payload} (all of it, from position 0) as one record into {@code datagram}
     * and the server opens it, delivering it to its handler: the allocation-free paths both ways.
     */
    void sealAndOpen(ByteBuffer payload, ByteBuffer datagram) {
        payload.clear();
        datagram.clear();
        client.seal(payload, datagram, 0);
        datagram.flip();
        server.receive(datagram, 0);
    }
}
