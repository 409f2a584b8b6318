package io.dtls4j.testing;

import io.dtls4j.engine.DtlsEngine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Moving datagrams between engines in memory, for tests that drive a handshake by hand. */
public final class EngineDatagrams {
    private EngineDatagrams() {
    }

    /** Everything {@code engine} queued to send, each datagram copied into a buffer of its own. */
    public static List<ByteBuffer> drain(DtlsEngine engine) {
        List<ByteBuffer> out = new ArrayList<>();
        ByteBuffer d;
        while ((d = engine.pollDatagram()) != null) {
            ByteBuffer copy = ByteBuffer.allocate(d.remaining());
            copy.put(d).flip();
            out.add(copy);
        }
        return out;
    }

    /** Gives each datagram to {@code to} (a duplicate: the list can be delivered again). */
    public static void deliver(List<ByteBuffer> datagrams, DtlsEngine to, long now) {
        for (ByteBuffer d : datagrams) {
            to.receive(d.duplicate(), now);
        }
    }
}
