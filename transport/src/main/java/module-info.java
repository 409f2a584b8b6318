/**
 * dtls4j transport: UDP adapters over the sans-I/O engine. {@code DtlsServer} serves many peers on
 * one socket with a fixed set of threads; {@code DtlsClient} connects to one server.
 */
module io.dtls4j.transport {
    requires transitive io.dtls4j.core;

    exports io.dtls4j.transport;
}
