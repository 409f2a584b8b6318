package io.dtls4j.cli;

import io.dtls4j.netty.DtlsServerCounter;
import io.dtls4j.netty.DtlsServerStats;
import io.dtls4j.transport.ServerStats;

/**
 * What {@code dtls server}'s status line and summary show, read from whichever I/O serves the socket
 * (the transport's {@link ServerStats} or the Netty handler's {@link DtlsServerStats}, whose counters
 * mean the same).
 *
 * @param sessions            established sessions now
 * @param handshakesCompleted handshakes completed since start
 * @param handshakesFailed    handshakes failed for any reason since start
 * @param sessionsClosed      established sessions closed
 * @param sessionsFailed      established sessions ended by an error
 * @param bytesIn             datagram bytes received
 * @param bytesOut            datagram bytes sent
 */
record ServerTotals(long sessions, long handshakesCompleted, long handshakesFailed, long sessionsClosed,
                    long sessionsFailed, long bytesIn, long bytesOut) {

    static ServerTotals of(ServerStats s) {
        return new ServerTotals(s.sessions(), s.handshakesCompleted(), s.handshakesFailed(), s.sessionsClosed(),
                s.sessionsFailed(), s.bytesIn(), s.bytesOut());
    }

    static ServerTotals of(DtlsServerStats s) {
        return new ServerTotals(s.get(DtlsServerCounter.SESSIONS), s.get(DtlsServerCounter.HANDSHAKES_COMPLETED),
                s.handshakesFailed(), s.get(DtlsServerCounter.SESSIONS_CLOSED), s.get(DtlsServerCounter.SESSIONS_FAILED),
                s.get(DtlsServerCounter.BYTES_IN), s.get(DtlsServerCounter.BYTES_OUT));
    }
}
