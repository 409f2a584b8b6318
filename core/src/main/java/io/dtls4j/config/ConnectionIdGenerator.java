package io.dtls4j.config;

import java.security.SecureRandom;
import java.util.function.Predicate;

/**
 * Chooses the connection ID (RFC 9146) a new association asks its peer to put in the records it
 * sends us. A server behind a load balancer or with several nodes can embed a node or shard number
 * so that any node can route a record by its CID alone (RFC 9146 §1); the default draws random
 * bytes from the configuration's {@link DtlsConfig#random()}.
 *
 * <p>Called once per handshake, possibly from several engine threads at once: implementations
 * must be thread-safe. The CIDs of the associations a server has open must differ, or records are
 * delivered to the wrong association and dropped there; a random CID of 4 or more bytes collides
 * rarely, and the servers that route by CID (DtlsServer, the Netty handler) ask their generator
 * again when it answers with a CID an established session has ({@link #avoiding}), so a generator
 * should not answer the same every time.
 */
@FunctionalInterface
public interface ConnectionIdGenerator {

    /**
     * A connection ID of exactly {@code length} bytes (0 to 255); a new array for each call.
     *
     * @param random the configuration's randomness, for generators that mix it in
     */
    byte[] generate(int length, SecureRandom random);

    /** How many CIDs {@link #avoiding} draws at most for one association. */
    int AVOIDING_ATTEMPTS = 8;

    /**
     * This generator, asked again while {@code inUse} says the CID it gave is a live association's,
     * up to {@link #AVOIDING_ATTEMPTS} draws in all; the last one is returned even if still in use
     * (the caller's table then finds the collision). For servers that route records by CID: the
     * check runs before the CID goes out in the ServerHello. {@code inUse} is called on the engine's
     * thread, with a CID it must not keep.
     */
    default ConnectionIdGenerator avoiding(Predicate<byte[]> inUse) {
        ConnectionIdGenerator generator = this;
        return (length, random) -> {
            byte[] cid = generator.generate(length, random);
            for (int attempt = 1; attempt < AVOIDING_ATTEMPTS && cid != null && cid.length > 0 && inUse.test(cid); attempt++) {
                cid = generator.generate(length, random);
            }
            return cid;
        };
    }

    /** Random bytes of the requested length from the configuration's randomness. */
    static ConnectionIdGenerator random() {
        return (length, random) -> {
            byte[] cid = new byte[length];
            random.nextBytes(cid);
            return cid;
        };
    }
}
