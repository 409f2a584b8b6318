package io.dtls4j.transport;

/** Sends every application data record back to the peer it came from; for tests, demos and interop. */
public final class EchoListener implements DtlsServerListener {
    @Override
    public void dataReceived(PeerSession s, byte[] data) {
        s.send(data);
    }
}
