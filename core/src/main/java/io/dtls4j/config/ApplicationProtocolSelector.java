package io.dtls4j.config;

import java.util.List;

/**
 * A server's choice of application protocol (ALPN, RFC 7301 §3.2) from those a client offered, used
 * instead of a fixed preference list ({@link DtlsConfig.Builder#applicationProtocolSelector}). It is
 * called on the engine's thread during the handshake and must not block.
 */
@FunctionalInterface
public interface ApplicationProtocolSelector {
    /**
     * Chooses one of {@code offered} (the client's names in its order of preference).
     *
     * @return one element of {@code offered}, or null when none is acceptable: then the server
     *         omits ALPN, or fails with no_application_protocol when ALPN is required
     */
    String select(List<String> offered);
}
