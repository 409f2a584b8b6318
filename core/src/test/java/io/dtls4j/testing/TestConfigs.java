package io.dtls4j.testing;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Engine configurations for tests: seeded randomness and the test credentials wired in. */
public final class TestConfigs {
    /** The transport address a server engine in tests believes its client has (127.0.0.1:49152). */
    public static final byte[] CLIENT_ADDRESS = {127, 0, 0, 1, (byte) 0xC0, 0x00};

    private TestConfigs() {
    }

    /**
     * A SHA1PRNG seeded before its first use, so its output depends only on {@code seed}. (A
     * SecureRandom that has produced output before setSeed mixes the seed in instead.)
     */
    public static SecureRandom seededRandom(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1PRNG is part of every JDK", e);
        }
    }

    /** A client that trusts exactly {@code server}'s certificate. */
    public static DtlsConfig.Builder client(long seed, CertifiedKey server) {
        return DtlsConfig.builder()
                .random(seededRandom(seed * 2 + 1))
                .peerVerifier(TestCredentials.expecting(server.leaf()));
    }

    /** A server presenting {@code server}. */
    public static DtlsConfig.Builder server(long seed, CertifiedKey server) {
        return DtlsConfig.builder()
                .random(seededRandom(seed * 2))
                .certifiedKey(server);
    }

    /**
     * A server presenting the EC P-256 {@link TestCredentials#server server certificate}, with the
     * default randomness: for tests over real sockets, whose runs are not meant to repeat.
     */
    public static DtlsConfig serverConfig() {
        return DtlsConfig.builder().certifiedKey(TestCredentials.server(TestCredentials.KeyType.EC_P256)).build();
    }

    /** A client that trusts exactly the certificate of {@link #serverConfig()}, with the default randomness. */
    public static DtlsConfig clientConfig() {
        return DtlsConfig.builder()
                .peerVerifier(TestCredentials.expecting(TestCredentials.server(TestCredentials.KeyType.EC_P256).leaf()))
                .build();
    }
}
