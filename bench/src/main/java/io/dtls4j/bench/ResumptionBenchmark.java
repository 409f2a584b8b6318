package io.dtls4j.bench;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.engine.CookieGate;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKeyRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Session resumption in memory, client and server on one thread, cookie exchange included: our
 * abbreviated handshake (RFC 5246 §7.3, RFC 6347 Figure 2) beside our full one of the same suite
 * (ECDSA P-256 certificate, X25519), and beside the JDK's DTLS 1.2 SSLEngine resuming by session ID
 * (its client finds the session by host and port in its context's cache); and resumed from an RFC
 * 5077 ticket, the server keeping no session. Servers keep one cookie gate, session cache and ticket
 * key ring for all handshakes, as a server does. Score: handshakes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResumptionBenchmark {
    private static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;

    private DtlsConfig client;
    private DtlsConfig server;
    private CookieGate gate;
    private SessionCache cache;
    private ResumableSession session;
    private TicketKeyRing ring;
    private ResumableSession ticketed;

    private SSLContext jdkClientContext;
    private SSLContext jdkServerContext;
    private int nextPort = 4434;

    @Setup
    public void setUp() throws Exception {
        CertifiedKey key = BenchCredentials.ecP256();
        client = DtlsConfig.builder().cipherSuites(SUITE).namedGroups(NamedGroup.X25519, NamedGroup.SECP256R1)
                .peerVerifier((chain, context) -> { }).build();
        server = DtlsConfig.builder().certifiedKey(key).cipherSuites(SUITE).namedGroups(NamedGroup.X25519).build();
        gate = new CookieGate(server);
        cache = new SessionCache();
        session = new EnginePair(client, null, server, gate, cache, null).client.resumableSession();
        if (session == null || !new EnginePair(client, session, server, gate, cache, null).client.session().resumed()) {
            throw new IllegalStateException("the server did not resume the session: nothing to measure");
        }
        ring = TicketKeyRing.rotating(new SecureRandom());
        ticketed = new EnginePair(client, null, server, gate, null, ring).client.resumableSession();
        if (ticketed == null || ticketed.ticket() == null
                || !new EnginePair(client, ticketed, server, gate, null, ring).client.session().resumed()) {
            throw new IllegalStateException("the server did not resume from its ticket: nothing to measure");
        }

        // two contexts, as two processes would have: the client's session cache and the server's are apart
        jdkClientContext = JdkSslEngineRecordBenchmark.context(key);
        jdkServerContext = JdkSslEngineRecordBenchmark.context(key);
        byte[] first = jdkHandshake(4433).getSession().getId();
        byte[] second = jdkHandshake(4433).getSession().getId();
        if (first.length == 0 || !Arrays.equals(first, second)) {
            throw new IllegalStateException("the JDK's SSLEngine did not resume its session: nothing to compare with");
        }
    }

    @Benchmark
    public Object fullHandshake() {
        return new EnginePair(client, null, server, gate, cache, null).client.session();
    }

    /** Resumed by session ID from the server's cache. */
    @Benchmark
    public Object resumedHandshake() {
        return new EnginePair(client, session, server, gate, cache, null).client.session();
    }

    /** Resumed from a ticket (RFC 5077 §3.1): the server keeps no session and opens the ticket it sealed. */
    @Benchmark
    public Object resumedByTicketHandshake() {
        return new EnginePair(client, ticketed, server, gate, null, ring).client.session();
    }

    @Benchmark
    public Object jdkResumedHandshake() throws Exception {
        return jdkHandshake(4433).getSession();
    }

    /** The JDK's full handshake, for scale: a port it has no session for, each time another. */
    @Benchmark
    public Object jdkFullHandshake() throws Exception {
        nextPort = nextPort == 65535 ? 4434 : nextPort + 1;
        return jdkHandshake(nextPort).getSession();
    }

    /** A new client engine for {@code port}: the JDK offers the session it cached for localhost and that port, if any. */
    private SSLEngine jdkHandshake(int port) throws Exception {
        SSLEngine c = jdkClientContext.createSSLEngine("localhost", port);
        c.setUseClientMode(true);
        c.setEnabledCipherSuites(new String[] {SUITE.name()});
        SSLEngine s = jdkServerContext.createSSLEngine();
        s.setUseClientMode(false);
        for (SSLEngine engine : List.of(c, s)) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setMaximumPacketSize(1500);
            engine.setSSLParameters(parameters);
        }
        JdkSslEngineRecordBenchmark.handshake(c, s);
        return c;
    }
}
