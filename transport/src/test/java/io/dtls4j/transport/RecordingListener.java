package io.dtls4j.transport;

import io.dtls4j.DtlsException;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a server reports, for tests to wait on; echoes data when asked to. */
final class RecordingListener implements DtlsServerListener {
    final BlockingQueue<PeerSession> established = new LinkedBlockingQueue<>();
    final BlockingQueue<PeerSession> closed = new LinkedBlockingQueue<>();
    final BlockingQueue<Map.Entry<InetSocketAddress, DtlsException>> failed = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> data = new LinkedBlockingQueue<>();
    private final boolean echo;

    RecordingListener(boolean echo) {
        this.echo = echo;
    }

    @Override
    public void sessionEstablished(PeerSession s) {
        established.add(s);
    }

    @Override
    public void dataReceived(PeerSession s, byte[] bytes) {
        data.add(bytes);
        if (echo) {
            s.send(bytes);
        }
    }

    @Override
    public void sessionClosed(PeerSession s) {
        closed.add(s);
    }

    @Override
    public void sessionFailed(InetSocketAddress peer, DtlsException cause) {
        failed.add(Map.entry(peer, cause));
    }

    static <T> T await(BlockingQueue<T> queue) throws InterruptedException {
        T t = queue.poll(20, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("nothing reported within 20 s");
        }
        return t;
    }
}
