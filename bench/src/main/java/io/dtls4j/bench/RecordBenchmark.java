package io.dtls4j.bench;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Application data records through dtls4j: the client seals one record into a reused datagram
 * buffer and the server opens it, delivering the plaintext to a handler (the allocation-free paths).
 * Score: records per second, both directions of work on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordBenchmark {
    @Param({"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
    public String suite;

    @Param({"100", "1100"})
    public int payloadSize;

    private EnginePair pair;
    private ByteBuffer payload;
    private ByteBuffer datagram;
    private long delivered;

    @Setup
    public void setUp() throws Exception {
        CertifiedKey key = BenchCredentials.ecP256();
        DtlsConfig client = DtlsConfig.builder().cipherSuites(CipherSuite.valueOf(suite))
                .peerVerifier((chain, context) -> { }).build();
        DtlsConfig server = DtlsConfig.builder().certifiedKey(key).build();
        pair = new EnginePair(client, server);
        pair.server.setApplicationDataHandler(data -> delivered += data.remaining());
        payload = ByteBuffer.allocate(payloadSize);
        datagram = ByteBuffer.allocate(2048);
    }

    @Benchmark
    public long sealAndOpen() {
        pair.sealAndOpen(payload, datagram);
        return delivered;
    }
}
