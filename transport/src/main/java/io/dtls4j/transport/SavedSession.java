package io.dtls4j.transport;

import io.dtls4j.session.ResumableSession;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A session a {@link DtlsClient} may resume on a later connection, with the server it came from.
 * Get one from {@link DtlsClient#savedSession()} after a handshake and pass it to
 * {@link DtlsClient#connect(InetSocketAddress, io.dtls4j.config.DtlsConfig, String, SavedSession, java.time.Duration)}.
 *
 * <p>A session is offered only to the server it was made with. RFC 5246 §7.4.1.2 leaves to the
 * client which sessions it offers where; offering one elsewhere would at best be declined, at worst
 * reach a different server that shares the cache and the name and treats it as its own. Here the
 * server is: the same port, and the same server name (SNI, RFC 6066 §3; the engine checks the name
 * itself) or, when the connection named no server, the same IP address. A mismatch is no error: the
 * connection then makes a full handshake, as it would had the server forgotten the session.
 *
 * <p>It holds the master secret: whoever keeps it, in memory or in a file, must protect it like a
 * private key. The secret never appears in {@link #toString()}.
 */
public final class SavedSession {
    private final ResumableSession session;
    private final InetSocketAddress server;

    /**
     * @param session the session the engine returned ({@code DtlsEngine.resumableSession()})
     * @param server  the resolved address and port of the server it was made with
     */
    public SavedSession(ResumableSession session, InetSocketAddress server) {
        this.session = Objects.requireNonNull(session, "session");
        this.server = Objects.requireNonNull(server, "server");
        if (server.isUnresolved()) {
            throw new IllegalArgumentException("a saved session names a resolved server address, not " + server);
        }
    }

    /** The session itself, with its master secret. */
    public ResumableSession session() {
        return session;
    }

    /** The address and port of the server the session was made with. */
    public InetSocketAddress server() {
        return server;
    }

    /** The server name (SNI) the session was made with, or null when the connection named none. */
    public String serverName() {
        return session.serverName();
    }

    /**
     * Whether this session may be offered to {@code address} under {@code serverName}: the same port,
     * and the same server name or, with no name, the same IP address.
     */
    public boolean isFor(InetSocketAddress address, String serverName) {
        if (address.getPort() != server.getPort() || !Objects.equals(serverName, session.serverName())) {
            return false;
        }
        // a name stands for the server whatever address it resolves to today; without one, the address does
        return serverName != null || server.getAddress().equals(address.getAddress());
    }

    @Override
    public String toString() {
        return "SavedSession[server=" + server + ", session=" + session + "]";
    }
}
