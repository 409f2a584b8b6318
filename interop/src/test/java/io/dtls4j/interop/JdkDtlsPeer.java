package io.dtls4j.interop;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.LoopbackPorts;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDK's own DTLS 1.2 implementation (an {@link SSLEngine} from {@code SSLContext.getInstance("DTLSv1.2")})
 * on a {@link DatagramSocket} bound to 127.0.0.1, run on a thread of its own as a test peer: either an
 * echo server for one client, or a client that sends lines and collects what comes back.
 */
final class JdkDtlsPeer implements AutoCloseable {
    private static final int MAX_PACKET = 1200;
    private static final int POLL_MILLIS = 200;
    private static final String PEER_NAME = "JDK DTLS peer";
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final DatagramSocket socket;
    private final SSLEngine engine;
    private final String name;
    private PeerThread thread;
    private final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
    private final PeerDeadline deadline;
    private volatile SocketAddress peer;
    private volatile String cipherSuite;
    private volatile boolean closedByPeer;

    private JdkDtlsPeer(SSLContext context, boolean client, String suite, SocketAddress peer, Duration limit) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(LoopbackPorts.LOOPBACK, 0));
        this.socket.setSoTimeout(POLL_MILLIS);
        this.engine = context.createSSLEngine();
        this.engine.setUseClientMode(client);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {"DTLSv1.2"});
        parameters.setCipherSuites(new String[] {suite});
        parameters.setMaximumPacketSize(MAX_PACKET);
        engine.setSSLParameters(parameters);
        this.peer = peer;
        this.deadline = new PeerDeadline(PEER_NAME, limit);
        this.name = "interop-jdk-dtls-" + (client ? "client" : "server");
    }

    /** An SSLContext for DTLS 1.2 with {@code own} as our identity (or none) and {@code trusted} as the only trust anchor (or none). */
    static SSLContext context(CertifiedKey own, X509Certificate trusted) throws Exception {
        char[] password = "interop".toCharArray();
        KeyManagerFactory keys = null;
        if (own != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("own", own.privateKey(), password, own.chain().toArray(new Certificate[0]));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
        }
        TrustManagerFactory trust = null;
        if (trusted != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("trusted", trusted);
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
        }
        SSLContext context = SSLContext.getInstance("DTLSv1.2");
        context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    /** A server that echoes every record of the first client that writes to it, until that client closes. */
    static JdkDtlsPeer echoServer(SSLContext context, String suite, Duration limit) throws IOException {
        JdkDtlsPeer peer = new JdkDtlsPeer(context, false, suite, null, limit);
        peer.thread = PeerThread.start(peer.name, PEER_NAME, peer::runEchoServer);
        return peer;
    }

    /** A client that sends each line, waits for it to come back, then sends close_notify. */
    static JdkDtlsPeer client(SSLContext context, String suite, InetSocketAddress server, List<byte[]> messages, Duration limit)
            throws IOException {
        JdkDtlsPeer peer = new JdkDtlsPeer(context, true, suite, server, limit);
        peer.thread = PeerThread.start(peer.name, PEER_NAME, () -> peer.runClient(messages));
        return peer;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Waits for the peer's script to end; fails with what went wrong on its thread. */
    void awaitDone(Duration timeout) throws InterruptedException {
        thread.awaitSuccess(timeout, "");
    }

    String cipherSuite() {
        return cipherSuite;
    }

    List<byte[]> received() {
        return List.copyOf(received);
    }

    boolean closedByPeer() {
        return closedByPeer;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close(); // a thread blocked in receive wakes with an exception
        thread.stop();
    }

    // ---- scripts ----

    private void runEchoServer() throws Exception {
        handshake();
        while (true) {
            byte[] data = receiveApplicationData();
            if (data == null) {
                closedByPeer = true;
                answerClose();
                return;
            }
            received.add(data);
            sendApplicationData(data);
        }
    }

    private void runClient(List<byte[]> messages) throws Exception {
        handshake();
        for (byte[] message : messages) {
            sendApplicationData(message);
            // the message may have gone out in several records (see sendApplicationData): the echo
            // comes back as as many records, put together here
            java.io.ByteArrayOutputStream echo = new java.io.ByteArrayOutputStream();
            while (echo.size() < message.length) {
                byte[] part = receiveApplicationData();
                if (part == null) {
                    closedByPeer = true;
                    return;
                }
                echo.writeBytes(part);
            }
            received.add(echo.toByteArray());
        }
        engine.closeOutbound();
        wrapUntilQuiet();
        // the server answers close_notify with close_notify (RFC 5246 §7.2.1)
        closedByPeer = receiveApplicationData() == null;
    }

    // ---- the SSLEngine loop ----

    private void handshake() throws Exception {
        engine.beginHandshake();
        while (true) {
            deadline.check("handshake");
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_WRAP:
                    if (wrapOnce() == HandshakeStatus.FINISHED) {
                        finished();
                        return;
                    }
                    break;
                case NEED_UNWRAP: {
                    ByteBuffer datagram = receiveDatagram();
                    if (datagram == null) {
                        // nothing came in time: a wrap now makes the JDK send its last flight again
                        wrapUntilQuiet();
                        break;
                    }
                    if (unwrap(datagram) == HandshakeStatus.FINISHED) {
                        finished();
                        return;
                    }
                    break;
                }
                case NEED_UNWRAP_AGAIN:
                    if (unwrap(EMPTY) == HandshakeStatus.FINISHED) {
                        finished();
                        return;
                    }
                    break;
                case NEED_TASK:
                    runTasks();
                    break;
                default: // NOT_HANDSHAKING, FINISHED
                    finished();
                    return;
            }
        }
    }

    private void finished() {
        cipherSuite = engine.getSession().getCipherSuite();
    }

    /** The next application data record, or null when the peer sent close_notify. */
    private byte[] receiveApplicationData() throws Exception {
        while (true) {
            deadline.check("application data");
            ByteBuffer datagram = receiveDatagram();
            while (datagram != null && datagram.hasRemaining()) {
                ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
                SSLEngineResult result = engine.unwrap(datagram, app);
                afterResult(result.getHandshakeStatus());
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return null;
                }
                if (app.position() > 0) {
                    app.flip();
                    byte[] data = new byte[app.remaining()];
                    app.get(data);
                    return data; // one record per datagram from dtls4j's send
                }
                if (result.bytesConsumed() == 0) {
                    break;
                }
            }
        }
    }

    private void sendApplicationData(byte[] data) throws Exception {
        // the JDK's DTLS engine lowers its packet size after handshake retransmissions (a loaded machine
        // makes them), and then wraps only part of the data per call: one record, one datagram, each
        ByteBuffer in = ByteBuffer.wrap(data);
        do {
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult result = engine.wrap(in, out);
            if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                throw new IOException("wrap of application data: " + result);
            }
            send(out);
        } while (in.hasRemaining());
    }

    /** Answers the peer's close_notify with ours. */
    private void answerClose() throws Exception {
        engine.closeOutbound();
        wrapUntilQuiet();
    }

    /**
     * Unwraps every record of a datagram (the JDK's DTLS engine takes one record per call) and keeps
     * any application data. Returns the handshake status of the last call.
     */
    private HandshakeStatus unwrap(ByteBuffer datagram) throws Exception {
        HandshakeStatus status;
        do {
            ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            SSLEngineResult result = engine.unwrap(datagram, app);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new IOException("peer closed during the handshake");
            }
            if (app.position() > 0) {
                app.flip();
                byte[] data = new byte[app.remaining()];
                app.get(data);
                received.add(data);
            }
            status = result.getHandshakeStatus();
            if (status == HandshakeStatus.FINISHED || result.bytesConsumed() == 0) {
                return status;
            }
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
        } while (datagram.hasRemaining());
        return status;
    }

    private HandshakeStatus wrapOnce() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(EMPTY, out);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new IOException("wrap: " + result);
        }
        send(out);
        return result.getHandshakeStatus();
    }

    /** Wraps while the engine has something to send (a flight, a retransmission, a close_notify). */
    private void wrapUntilQuiet() throws Exception {
        for (int i = 0; i < 32; i++) {
            HandshakeStatus status = wrapOnce();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (status != HandshakeStatus.NEED_WRAP) {
                return;
            }
        }
    }

    private void afterResult(HandshakeStatus status) throws Exception {
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            wrapUntilQuiet();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private ByteBuffer receiveDatagram() throws IOException {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        if (peer == null) {
            peer = packet.getSocketAddress(); // a server serves the first client that writes to it
        } else if (!peer.equals(packet.getSocketAddress())) {
            return null;
        }
        return ByteBuffer.wrap(buffer, 0, packet.getLength());
    }

    private void send(ByteBuffer out) throws IOException {
        out.flip();
        if (out.hasRemaining() && peer != null) {
            socket.send(new DatagramPacket(out.array(), out.position(), out.remaining(), peer));
        }
    }}
