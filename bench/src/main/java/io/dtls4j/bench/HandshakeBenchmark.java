package io.dtls4j.bench;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Full DTLS 1.2 handshakes in memory (cookie exchange, EC P-256 certificate, ECDHE), client and
 * server on one thread. Score: handshakes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeBenchmark {
    @Param({"X25519", "SECP256R1"})
    public String group;

    private DtlsConfig client;
    private DtlsConfig server;

    @Setup
    public void setUp() throws Exception {
        CertifiedKey key = BenchCredentials.ecP256();
        // the client also lists P-256, the curve of the server's certificate (RFC 8422 §5.3); the server's
        // own list decides the ECDHE group
        NamedGroup ecdhe = NamedGroup.valueOf(group);
        List<NamedGroup> offered = ecdhe == NamedGroup.SECP256R1 ? List.of(ecdhe) : List.of(ecdhe, NamedGroup.SECP256R1);
        client = DtlsConfig.builder().namedGroups(offered).peerVerifier((chain, context) -> { }).build();
        server = DtlsConfig.builder().certifiedKey(key).namedGroups(ecdhe).build();
    }

    @Benchmark
    public Object fullHandshake() {
        return new EnginePair(client, server).client.session();
    }
}
