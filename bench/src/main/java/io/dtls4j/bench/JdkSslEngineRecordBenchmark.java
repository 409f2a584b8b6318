package io.dtls4j.bench;

import io.dtls4j.credentials.CertifiedKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

/**
 * The same work as {@link RecordBenchmark} through the JDK's own DTLS 1.2 SSLEngine (the rival
 * baseline): one client wrap and one server unwrap per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdkSslEngineRecordBenchmark {
    @Param({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"})
    public String suite;

    @Param({"100", "1100"})
    public int payloadSize;

    private SSLEngine client;
    private SSLEngine server;
    private ByteBuffer payload;
    private ByteBuffer datagram;
    private ByteBuffer plaintext;

    @Setup
    public void setUp() throws Exception {
        SSLContext context = context(BenchCredentials.ecP256());
        client = context.createSSLEngine("localhost", 4433);
        client.setUseClientMode(true);
        client.setEnabledCipherSuites(new String[] {suite});
        server = context.createSSLEngine();
        server.setUseClientMode(false);
        for (SSLEngine engine : new SSLEngine[] {client, server}) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setMaximumPacketSize(1500);
            engine.setSSLParameters(parameters);
        }
        handshake(client, server);
        payload = ByteBuffer.allocate(payloadSize);
        datagram = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        plaintext = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
    }

    @Benchmark
    public int wrapAndUnwrap() throws SSLException {
        payload.clear();
        datagram.clear();
        plaintext.clear();
        client.wrap(payload, datagram);
        datagram.flip();
        server.unwrap(datagram, plaintext);
        return plaintext.position();
    }

    /** A DTLSv1.2 context presenting {@code key} and trusting any peer; its sessions resume by host and port. */
    static SSLContext context(CertifiedKey key) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", key.privateKey(), new char[0], key.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(store, new char[0]);
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("DTLSv1.2");
        context.init(keys.getKeyManagers(), new TrustManager[] {trustAll}, null);
        return context;
    }

    /** Runs the SSLEngine handshake in memory: whatever one side wraps, the other unwraps, record by record. */
    static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        client.beginHandshake();
        server.beginHandshake();
        ByteBuffer net = ByteBuffer.allocate(65536);
        ByteBuffer app = ByteBuffer.allocate(65536);
        for (int round = 0; round < 200; round++) {
            boolean progress = step(client, server, net, app) | step(server, client, net, app);
            if (client.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                    && server.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                return;
            }
            if (!progress) {
                break;
            }
        }
        throw new IllegalStateException("JDK DTLS handshake did not complete");
    }

    private static boolean step(SSLEngine from, SSLEngine to, ByteBuffer net, ByteBuffer app) throws Exception {
        boolean progress = false;
        SSLEngineResult.HandshakeStatus status = from.getHandshakeStatus();
        while (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            Runnable task;
            while ((task = from.getDelegatedTask()) != null) {
                task.run();
            }
            status = from.getHandshakeStatus();
            progress = true;
        }
        while (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            net.clear();
            from.wrap(ByteBuffer.allocate(0), net);
            net.flip();
            while (net.hasRemaining()) {
                app.clear();
                SSLEngineResult result = to.unwrap(net, app);
                Runnable task;
                while ((task = to.getDelegatedTask()) != null) {
                    task.run();
                }
                if (result.bytesConsumed() == 0) {
                    break;
                }
            }
            status = from.getHandshakeStatus();
            progress = true;
        }
        if (status == SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN) {
            app.clear();
            from.unwrap(ByteBuffer.allocate(0), app);
            progress = true;
        }
        return progress;
    }
}
