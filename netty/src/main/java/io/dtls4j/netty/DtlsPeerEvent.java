package io.dtls4j.netty;

import io.dtls4j.DtlsException;
import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.SessionInfo;

import java.net.InetSocketAddress;

/**
 * What happens to a DTLS peer, passed up the pipeline as a user event
 * ({@code ChannelInboundHandler.userEventTriggered}). For every peer that got {@link Established},
 * exactly one {@link Closed} or {@link Failed} follows; a handshake that never completes ends with
 * {@link Failed} only (and a server says nothing about peers it refused before their handshake began).
 */
public sealed interface DtlsPeerEvent {

    /** The peer's transport address. */
    InetSocketAddress peer();

    /**
     * The handshake completed: {@link DtlsPacket}s can be written to the peer.
     *
     * @param exporter    the session's keying material exporter (RFC 5705 §4), e.g. for DTLS-SRTP keys
     *                    ({@code SrtpKeys.of(session, exporter)}); callable from any thread, it refuses
     *                    with IllegalStateException once the session has ended and its secrets are gone
     * @param maxSendSize the largest content a {@link DtlsPacket} to this peer may hold (one record)
     */
    record Established(InetSocketAddress peer, SessionInfo session, KeyExporter exporter, int maxSendSize)
            implements DtlsPeerEvent {
    }

    /**
     * A session with connection IDs now has the address {@code peer}: its newest authenticated record came
     * from there, not from {@code previous} (RFC 9146 §6, e.g. a NAT rebinding). Write its
     * {@link DtlsPacket}s to {@code peer} from now on.
     */
    record AddressChanged(InetSocketAddress peer, InetSocketAddress previous, SessionInfo session) implements DtlsPeerEvent {
    }

    /**
     * The session ended cleanly: close_notify either way, idle expiry, eviction to make room for a new
     * peer, or the channel closing.
     */
    record Closed(InetSocketAddress peer, SessionInfo session) implements DtlsPeerEvent {
    }

    /**
     * The handshake or the session failed: a fatal alert sent or received (see
     * {@link DtlsException#alertFromPeer()}), or a timeout ({@code timedOut}: the handshake did not
     * complete within its timeout or the retransmissions ran out).
     */
    record Failed(InetSocketAddress peer, DtlsException cause, boolean timedOut) implements DtlsPeerEvent {
    }
}
