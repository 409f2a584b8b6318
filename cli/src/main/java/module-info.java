/**
 * The {@code dtls} command: demo, server, client, keygen and bench over dtls4j's public API. It is
 * shipped as one runnable jar; as a module it uses only what core and transport export.
 */
module io.dtls4j.cli {
    requires io.dtls4j.core;
    requires io.dtls4j.transport;
    requires info.picocli;

    // picocli reads and sets the commands' annotated fields by reflection
    opens io.dtls4j.cli to info.picocli;
}
