package io.dtls4j.transport;

import io.dtls4j.config.ConnectionIdGenerator;

import java.security.SecureRandom;

/**
 * A server's connection IDs (RFC 9146): the configuration's generator, asked again while it gives a
 * CID that a live session of this server already has. Two sessions with one CID would have each
 * other's records routed to them and dropped there; the table catches such a pair only after the
 * second handshake, when the CID has already gone to the peer (it then stays reachable by address
 * only, counted as a collision). Drawing again before the CID is sent avoids that, but for two
 * handshakes in progress at once that draw the same CID (the table holds established sessions).
 */
final class UnusedConnectionIds implements ConnectionIdGenerator {
    /** Draws before giving up on a generator that keeps answering with CIDs in use (e.g. a fixed one). */
    static final int ATTEMPTS = 8;

    private final ConnectionIdGenerator generator;
    private final PeerTable table;

    UnusedConnectionIds(ConnectionIdGenerator generator, PeerTable table) {
        this.generator = generator;
        this.table = table;
    }

    @Override
    public byte[] generate(int length, SecureRandom random) {
        byte[] cid = generator.generate(length, random);
        for (int attempt = 1; attempt < ATTEMPTS && cid != null && cid.length > 0 && table.hasConnectionId(cid); attempt++) {
            cid = generator.generate(length, random);
        }
        return cid; // still in use after every attempt: the table counts the collision
    }
}
