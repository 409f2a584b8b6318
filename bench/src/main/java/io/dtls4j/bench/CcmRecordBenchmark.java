package io.dtls4j.bench;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
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
 * The constrained-device suite TLS_PSK_WITH_AES_128_CCM_8 (RFC 6655, RFC 7925) beside
 * TLS_PSK_WITH_AES_128_GCM_SHA256 through dtls4j's engines, and beside Bouncy Castle's CCM
 * ({@code CCMBlockCipher} over {@code AESEngine}, 8-byte tag) sealing and opening the same payloads
 * with a record's 12-byte nonce and 13-byte additional data: what CCM_8 costs per record, and how
 * dtls4j's CCM (its own over the JCA's AES, {@code io.dtls4j.crypto.Ccm}, unless a provider offers
 * AES/CCM) compares with a pure-Java one. The engine benchmarks also parse and write the record
 * header and check the replay window, which the Bouncy Castle one does not. Score: records sealed
 * and opened per second, on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CcmRecordBenchmark {

    /** A PSK engine pair with one suite, sealing into a reused datagram and opening into a handler. */
    @State(Scope.Thread)
    public static class Engines {
        @Param({"64", "1024"})
        public int payloadSize;

        EnginePair pair;
        ByteBuffer payload;
        ByteBuffer datagram;
        long delivered;

        void connect(CipherSuite suite) {
            PreSharedKey key = PreSharedKey.of("bench", new byte[16]);
            DtlsConfig client = DtlsConfig.builder().psk(key).cipherSuites(suite).build();
            DtlsConfig server = DtlsConfig.builder().pskKeyStore(PskKeyStore.of(key)).cipherSuites(suite).build();
            pair = new EnginePair(client, server);
            pair.server.setApplicationDataHandler(data -> delivered += data.remaining());
            payload = ByteBuffer.allocate(payloadSize);
            datagram = ByteBuffer.allocate(2048);
        }

        long sealAndOpen() {
            pair.sealAndOpen(payload, datagram);
            return delivered;
        }
    }

    /** dtls4j with TLS_PSK_WITH_AES_128_CCM_8. */
    public static class Ccm8Engines extends Engines {
        @Setup
        public void setUp() {
            connect(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
        }
    }

    /** dtls4j with TLS_PSK_WITH_AES_128_GCM_SHA256. */
    public static class GcmEngines extends Engines {
        @Setup
        public void setUp() {
            connect(CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
        }
    }

    /** Bouncy Castle's AES-128-CCM with an 8-byte tag, one instance for sealing and one for opening, as a record layer keeps. */
    @State(Scope.Thread)
    public static class BouncyCastle {
        @Param({"64", "1024"})
        public int payloadSize;

        final CCMBlockCipher sealer = new CCMBlockCipher(AESEngine.newInstance());
        final CCMBlockCipher opener = new CCMBlockCipher(AESEngine.newInstance());
        final KeyParameter key = new KeyParameter(new byte[16]);
        /** RFC 6655 §3: a 4-byte salt and the 8-byte explicit nonce (the record's epoch and sequence number). */
        final byte[] nonce = new byte[12];
        /** RFC 6347 §4.1.2.1: epoch, sequence number, type, version and length. */
        final byte[] aad = new byte[13];
        byte[] plaintext;
        byte[] record;
        byte[] opened;
        long sequence;

        @Setup
        public void setUp() {
            plaintext = new byte[payloadSize];
            record = new byte[payloadSize + 8];
            opened = new byte[payloadSize];
        }

        long sealAndOpen() throws InvalidCipherTextException {
            long seq = ++sequence;
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] = (byte) (seq >>> (56 - 8 * i));
                aad[i] = nonce[4 + i];
            }
            // the parameters are made per record, as the nonce changes with every record
            sealer.init(true, new AEADParameters(key, 64, nonce, aad));
            int n = sealer.processBytes(plaintext, 0, plaintext.length, record, 0);
            n += sealer.doFinal(record, n);
            opener.init(false, new AEADParameters(key, 64, nonce, aad));
            int m = opener.processBytes(record, 0, n, opened, 0);
            m += opener.doFinal(opened, m);
            return m;
        }
    }

    @Benchmark
    public long dtls4jCcm8(Ccm8Engines engines) {
        return engines.sealAndOpen();
    }

    @Benchmark
    public long dtls4jGcm(GcmEngines engines) {
        return engines.sealAndOpen();
    }

    @Benchmark
    public long bouncyCastleCcm8(BouncyCastle bc) throws InvalidCipherTextException {
        return bc.sealAndOpen();
    }
}
