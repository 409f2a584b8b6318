package io.dtls4j.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends a datagram as it is, not as a DTLS record, on the socket a {@link DtlsServer} or
 * {@link DtlsClient} uses: for the STUN, RTP or other traffic that shares the socket with DTLS
 * (RFC 7983 §7). Thread-safe.
 */
@FunctionalInterface
public interface RawSender {
    /**
     * Sends the remaining bytes of {@code datagram} to {@code to}.
     *
     * @throws IOException when the socket refuses it or is closed
     */
    void sendRaw(InetSocketAddress to, ByteBuffer datagram) throws IOException;
}
