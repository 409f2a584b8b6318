package io.dtls4j.bench;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.engine.DtlsEvent;
import io.dtls4j.engine.EngineState;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A dtls4j client engine on a plain socket that completes a handshake with any server and then
 * vanishes without close_notify, so that the server keeps an idle established session and the
 * client leaves nothing reachable: what the heap measurement counts is the server's side alone.
 * Each client has its own loopback address (127.0.x.y), so no client port is ever reused (a reused
 * address would look like a client starting over, RFC 6347 §4.2.8, and replace a session).
 */
final class IdlePeer {
    private IdlePeer() {
    }

    static InetAddress loopbackNumber(int i) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + i / 250), (byte) (1 + i % 250)});
    }

    /**
     * Runs one handshake from client number {@code i} and abandons it.
     *
     * @throws IOException when it did not complete in time or failed
     */
    static void handshakeAndVanish(InetSocketAddress server, DtlsConfig config, int i, long timeoutMillis)
            throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopbackNumber(i), 0))) {
            socket.connect(server);
            DtlsEngine engine = DtlsEngine.client(config, null);
            long end = now() + timeoutMillis;
            engine.start(now());
            byte[] buffer = new byte[65536];
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            while (engine.state() == EngineState.HANDSHAKING && now() < end) {
                ByteBuffer d;
                while ((d = engine.pollDatagram()) != null) {
                    byte[] out = new byte[d.remaining()];
                    d.get(out);
                    socket.send(new DatagramPacket(out, out.length));
                }
                DtlsEvent event;
                while ((event = engine.pollEvent()) != null) {
                    if (event instanceof DtlsEvent.Failed failed) {
                        throw new IOException("handshake " + i + " with " + server + " failed", failed.cause());
                    }
                }
                long wait = Math.max(1, Math.min(end, engine.nextDeadline()) - now());
                socket.setSoTimeout((int) Math.min(wait, 200));
                in.setLength(buffer.length);
                try {
                    socket.receive(in);
                    engine.receive(ByteBuffer.wrap(buffer, 0, in.getLength()), now());
                } catch (SocketTimeoutException e) {
                    if (engine.nextDeadline() <= now()) {
                        engine.handleTimeout(now());
                    }
                }
            }
            if (engine.state() != EngineState.CONNECTED) {
                throw new IOException("handshake " + i + " with " + server + " did not complete in " + timeoutMillis
                        + " ms: " + engine.state());
            }
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}
