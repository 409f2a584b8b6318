package io.dtls4j.cli;

import io.dtls4j.DtlsException;
import io.dtls4j.transport.DtlsServerListener;
import io.dtls4j.transport.PeerSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code dtls server} does with its clients: logs each session's start and end on stderr,
 * echoes records or writes them to stdout, and counts ended sessions for {@code --naccept}.
 * Called on the server's event loop threads.
 */
final class ServerSessions implements DtlsServerListener {
    /** Bytes of stdin read at once; {@link #broadcast} splits them further to fit each client's records. */
    static final int STDIN_CHUNK = 1024;

    private final PrintWriter log;
    private final OutputStream out;
    private final boolean echo;
    private final boolean debug;
    private final Map<InetSocketAddress, PeerSession> connected = new ConcurrentHashMap<>();
    /** Sessions still to end before --naccept is reached (MAX_VALUE without it). */
    private final java.util.concurrent.atomic.AtomicInteger toEnd;
    /** Opened when --naccept sessions have ended or the server is stopped. */
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ExitCode firstFailure;
    private volatile boolean warnedNoClient;
    private NegotiationOptions negotiation;
    private ProgressBar screen;
    private ServerSummary summary;

    /**
     * @param naccept sessions to serve before {@link #awaitEnd()} returns, or null for no limit
     */
    ServerSessions(PrintWriter log, boolean echo, Integer naccept, boolean debug) {
        this(log, System.out, echo, naccept, debug);
    }

    ServerSessions(PrintWriter log, OutputStream out, boolean echo, Integer naccept, boolean debug) {
        this.log = log;
        this.out = out;
        this.echo = echo;
        this.debug = debug;
        this.toEnd = new java.util.concurrent.atomic.AtomicInteger(naccept == null ? Integer.MAX_VALUE : naccept);
    }

    /** Also prints, per session, what {@code --srtp}, {@code --alpn} and {@code --export} negotiated. */
    ServerSessions reporting(NegotiationOptions negotiation) {
        this.negotiation = negotiation;
        return this;
    }

    /**
     * Prints through {@code screen}, which keeps a live status line under the lines on a terminal,
     * and counts failed handshakes by reason in {@code summary}.
     */
    ServerSessions showing(ProgressBar screen, ServerSummary summary) {
        this.screen = screen;
        this.summary = summary;
        return this;
    }

    /** Lets {@link #awaitEnd()} return now, as when the server is stopped. */
    void release() {
        ended.countDown();
    }

    private void sessionEnded() {
        if (toEnd.decrementAndGet() == 0) {
            ended.countDown();
        }
    }

    @Override
    public void sessionEstablished(PeerSession s) {
        connected.put(s.remoteAddress(), s);
        String peer = HostPort.format(s.remoteAddress());
        say(peer + ": connected, " + SessionSummary.oneLine(s.session(), null));
        if (negotiation != null) {
            for (String line : negotiation.report(s.session(), s::exportKeyingMaterial)) {
                say(peer + ": " + line);
            }
        }
    }

    @Override
    public void dataReceived(PeerSession s, byte[] data) {
        if (echo) {
            s.send(data);
            return;
        }
        try {
            synchronized (out) {
                out.write(data);
                out.flush();
            }
        } catch (IOException e) {
            say("stdout: " + e.getMessage());
        }
    }

    @Override
    public void sessionClosed(PeerSession s) {
        connected.remove(s.remoteAddress());
        say(HostPort.format(s.remoteAddress()) + ": closed");
        sessionEnded();
    }

    @Override
    public void sessionFailed(InetSocketAddress peer, DtlsException cause) {
        boolean duringHandshake = connected.remove(peer) == null;
        if (duringHandshake && summary != null) {
            summary.handshakeFailed(cause);
        }
        CliException failure = Failures.classify(cause, HostPort.format(peer));
        if (firstFailure == null) {
            firstFailure = failure.exitCode();
        }
        say(failure.getMessage());
        if (debug) {
            synchronized (log) {
                cause.printStackTrace(log);
                log.flush();
            }
        }
        sessionEnded();
    }

    /** Sends {@code data} to every connected client. */
    void broadcast(byte[] data) {
        if (connected.isEmpty() && !warnedNoClient) {
            warnedNoClient = true;
            say("no client connected: input dropped");
        }
        for (PeerSession s : connected.values()) {
            int max = s.maxSendSize();
            for (int off = 0; off < data.length; off += max) {
                s.send(java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + max)));
            }
        }
    }

    /**
     * Blocks until {@code --naccept} sessions have ended (forever without it). Returns OK when all
     * ended well, else the exit code of the first failure.
     */
    ExitCode awaitEnd() throws InterruptedException {
        ended.await();
        ExitCode failure = firstFailure;
        return failure == null ? ExitCode.OK : failure;
    }

    private void say(String line) {
        if (screen != null) {
            screen.println(line);
            return;
        }
        synchronized (log) {
            log.println(line);
            log.flush();
        }
    }
}
