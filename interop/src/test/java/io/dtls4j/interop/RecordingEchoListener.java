package io.dtls4j.interop;

import io.dtls4j.DtlsException;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.session.SrtpKeys;
import io.dtls4j.transport.DtlsServerListener;
import io.dtls4j.transport.PeerSession;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A server listener that echoes every record back and remembers what happened, for tests to wait on. */
final class RecordingEchoListener implements DtlsServerListener {
    private final List<SessionInfo> established = new ArrayList<>();
    private final List<PeerSession> sessions = new ArrayList<>();
    private final List<byte[]> received = new ArrayList<>();
    private final List<InetSocketAddress> closed = new ArrayList<>();
    private final List<DtlsException> failed = new ArrayList<>();
    private final List<byte[]> srtpKeyingMaterial = new ArrayList<>();

    @Override
    public synchronized void sessionEstablished(PeerSession s) {
        established.add(s.session());
        sessions.add(s);
        if (s.session().srtpProfile() != null) {
            // exported now: a peer that closes at once leaves no open session to export from later
            srtpKeyingMaterial.add(s.exportKeyingMaterial(SrtpKeys.EXPORTER_LABEL, null,
                    s.session().srtpProfile().keyingMaterialLength()));
        }
        notifyAll();
    }

    @Override
    public void dataReceived(PeerSession s, byte[] data) {
        s.send(data);
        synchronized (this) {
            received.add(data.clone());
            notifyAll();
        }
    }

    @Override
    public synchronized void sessionClosed(PeerSession s) {
        closed.add(s.remoteAddress());
        notifyAll();
    }

    @Override
    public synchronized void sessionFailed(InetSocketAddress peer, DtlsException cause) {
        failed.add(cause);
        notifyAll();
    }

    synchronized List<SessionInfo> established() {
        return List.copyOf(established);
    }

    /** The established sessions themselves, for what only they can do (exporting keys). */
    synchronized List<PeerSession> sessions() {
        return List.copyOf(sessions);
    }

    /** The EXTRACTOR-dtls_srtp keying material of each session that negotiated use_srtp, exported when it was established. */
    synchronized List<byte[]> srtpKeyingMaterial() {
        return List.copyOf(srtpKeyingMaterial);
    }

    synchronized List<byte[]> received() {
        return List.copyOf(received);
    }

    synchronized List<InetSocketAddress> closed() {
        return List.copyOf(closed);
    }

    synchronized List<DtlsException> failed() {
        return List.copyOf(failed);
    }

    /** Waits at most {@code timeout} until {@code condition} holds for this listener; returns whether it does. */
    synchronized boolean await(Predicate<RecordingEchoListener> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public synchronized String toString() {
        return "established=" + established + " received=" + received.size() + " closed=" + closed + " failed=" + failed;
    }
}
