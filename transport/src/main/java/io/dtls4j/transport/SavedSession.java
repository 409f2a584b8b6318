package io.dtls4j.transport;

import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionFormatException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
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
 * <p>{@link #toBytes()} and {@link #fromBytes(byte[])} keep it across processes: the server's address
 * and port, then the session's own encoding ({@link ResumableSession#toBytes()}).
 *
 * <p>It holds the master secret, and so do its bytes: whoever keeps it, in memory or in a file, must
 * protect it like a private key. The secret never appears in {@link #toString()}.
 */
public final class SavedSession {
    /** The format version {@link #toBytes()} writes first; {@link #fromBytes} refuses others. */
    private static final int FORMAT_VERSION = 1;
    /** Version, address length, an IPv6 address and a port. */
    private static final int MAX_HEADER = 1 + 1 + 16 + 2;
    /** The longest input {@link #fromBytes(byte[])} reads. */
    public static final int MAX_ENCODED_LENGTH = MAX_HEADER + ResumableSession.MAX_ENCODED_LENGTH;

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

    /**
     * The bytes {@link #fromBytes(byte[])} reads back: a format version, the server's address and
     * port, then the session's encoding. They hold the master secret: store them like a private key.
     */
    public byte[] toBytes() {
        byte[] address = server.getAddress().getAddress();
        byte[] encoded = session.toBytes();
        return ByteBuffer.allocate(1 + 1 + address.length + 2 + encoded.length)
                .put((byte) FORMAT_VERSION)
                .put((byte) address.length).put(address)
                .putShort((short) server.getPort())
                .put(encoded)
                .array();
    }

    /**
     * The saved session {@link #toBytes()} wrote; anything else (truncated, too long, another format
     * version, a session the core refuses) is refused.
     *
     * @throws SessionFormatException naming what is wrong, never quoting the bytes
     */
    public static SavedSession fromBytes(byte[] bytes) throws SessionFormatException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > MAX_ENCODED_LENGTH) {
            throw new SessionFormatException("a saved session has at most " + MAX_ENCODED_LENGTH + " bytes, not " + bytes.length);
        }
        if (bytes.length < 2) {
            throw new SessionFormatException("a saved session is longer than " + bytes.length + " bytes");
        }
        if ((bytes[0] & 0xff) != FORMAT_VERSION) {
            throw new SessionFormatException("saved session format version " + (bytes[0] & 0xff)
                    + " is not the one this library reads (" + FORMAT_VERSION + ")");
        }
        int addressLength = bytes[1] & 0xff;
        if (addressLength != 4 && addressLength != 16) {
            throw new SessionFormatException("a saved session's server address has 4 or 16 bytes, not " + addressLength);
        }
        if (bytes.length < 2 + addressLength + 2) {
            throw new SessionFormatException("a saved session is truncated before its server's port");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
        byte[] address = new byte[addressLength];
        in.get(address);
        int port = in.getShort() & 0xffff;
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        try {
            return new SavedSession(ResumableSession.fromBytes(rest),
                    new InetSocketAddress(InetAddress.getByAddress(address), port));
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of 4 or 16 bytes needs no lookup", e);
        }
    }

    @Override
    public String toString() {
        return "SavedSession[server=" + server + ", session=" + session + "]";
    }
}
