package io.dtls4j.transport;

import java.nio.ByteBuffer;

/** Sends every application data record back to the peer it came from; for tests, demos and interop. */
public final class EchoListener implements DtlsServerListener {
    @Override
    public void dataReceived(PeerSession s, byte[] data) {
        s.send(data);
    }

    /** The record goes back as it came, sealed from the receive buffer: no copy, no allocation. */
    @Override
    public void dataReceived(PeerSession s, ByteBuffer data) {
        s.send(data);
    }
}
