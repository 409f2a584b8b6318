package io.dtls4j.config;

import java.security.SecureRandom;

/**
 * Chooses the connection ID (RFC 9146) a new association asks its peer to put in the records it
 * sends us. A server behind a load balancer or with several nodes can embed a node or shard number
 * so that any node can route a record by its CID alone (RFC 9146 §1); the default draws random
 * bytes from the configuration's {@link DtlsConfig#random()}.
 *
 * <p>Called once per handshake, possibly from several engine threads at once: implementations
 * must be thread-safe. The CIDs of the associations a server has open must differ, or records are
 * delivered to the wrong association and dropped there; a random CID of 4 or more bytes collides
 * rarely, and DtlsServer asks its generator again when it answers with a CID an established session
 * of the server has (so a generator should not answer the same every time).
 */
@FunctionalInterface
public interface ConnectionIdGenerator {

    /**
     * A connection ID of exactly {@code length} bytes (0 to 255); a new array for each call.
     *
     * @param random the configuration's randomness, for generators that mix it in
     */
    byte[] generate(int length, SecureRandom random);

    /** Random bytes of the requested length from the configuration's randomness. */
    static ConnectionIdGenerator random() {
        return (length, random) -> {
            byte[] cid = new byte[length];
            random.nextBytes(cid);
            return cid;
        };
    }
}
