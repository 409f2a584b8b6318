package io.dtls4j.session;

import io.dtls4j.config.CipherSuite;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCacheTest {
    private static final SessionInfo INFO = new SessionInfo("DTLSv1.2", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            null, null, List.of(), true, null);

    private static ResumableSession session(int n, long createdAt) {
        return new ResumableSession(ByteBuffer.allocate(32).putInt(n).array(), new byte[48], INFO, "server.test", createdAt);
    }

    private static byte[] id(int n) {
        return ByteBuffer.allocate(32).putInt(n).array();
    }

    @Test
    void sessionsExpireAtTheEndOfTheirLifetimeAndAreThenForgotten() {
        SessionCache cache = new SessionCache(10, Duration.ofSeconds(10));
        cache.put(session(1, 1_000));
        cache.put(session(2, 5_000));

        assertThat(cache.get(id(1), 10_999)).isNotNull();
        assertThat(cache.get(id(1), 11_000)).isNull();
        assertThat(cache.expirations()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.removeExpired(15_000)).isEqualTo(1);
        assertThat(cache.size()).isZero();
        assertThat(cache.evictions()).isZero();
    }

    @Test
    void manyThreadsPuttingAtOnceNeverGrowTheCacheBeyondItsBound() throws Exception {
        SessionCache cache = new SessionCache(500, Duration.ofHours(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        cache.put(session(base + i, 0));
                        cache.get(id(base + i / 2), 1);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.size()).isEqualTo(500);
        assertThat(cache.evictions()).isEqualTo(3500);
    }

    @Test
    void aSessionPutAgainReplacesTheOldOneWithoutAnEviction() {
        SessionCache cache = new SessionCache(1, Duration.ofHours(1));
        cache.put(session(1, 0));
        cache.put(session(1, 7));
        assertThat(cache.get(id(1), 8).createdAtMillis()).isEqualTo(7);
        assertThat(cache.evictions()).isZero();
    }

    @Test
    void nonsenseBoundsAreRefused() {
        assertThatThrownBy(() -> new SessionCache(0, Duration.ofHours(1))).hasMessageContaining("at least one entry");
        assertThatThrownBy(() -> new SessionCache(1, Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ResumableSession(new byte[33], new byte[48], INFO, null, 0)).hasMessageContaining("0 to 32 bytes");
        // a session without ID exists (the server issued a ticket only) but a cache cannot name it
        ResumableSession unnamed = new ResumableSession(new byte[0], new byte[48], INFO, null, 0);
        assertThatThrownBy(() -> new SessionCache().put(unnamed)).hasMessageContaining("session ID");
        assertThatThrownBy(() -> new ResumableSession(new byte[1], new byte[47], INFO, null, 0)).hasMessageContaining("48 bytes");
    }
}
