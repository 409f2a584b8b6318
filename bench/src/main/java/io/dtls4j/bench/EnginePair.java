package io.dtls4j.bench;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.EngineState;

import java.nio.ByteBuffer;

/** A client and a server engine connected in memory, with no loss. */
final class EnginePair {
    final DtlsEngine client;
    final DtlsEngine server;

    EnginePair(DtlsConfig clientConfig, DtlsConfig serverConfig) {
        client = DtlsEngine.client(clientConfig, null);
        server = DtlsEngine.server(serverConfig, new byte[] {127, 0, 0, 1, 0x10, 0x00});
        client.start(0);
        for (int round = 0; round < 16 && client.state() == EngineState.HANDSHAKING; round++) {
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
