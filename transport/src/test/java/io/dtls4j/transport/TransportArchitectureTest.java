package io.dtls4j.transport;

import io.dtls4j.testing.Dependencies;
import io.dtls4j.testing.Dependencies.Edge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport's dependencies go one way (docs/architecture.md): the server owns the socket and
 * the peer table, event loops drive engines and report to the listener, and nothing below points
 * back up. Checked on the compiled classes with the JDK's jdeps.
 */
class TransportArchitectureTest {
    private static final String PKG = "io.dtls4j.transport.";
    private static List<Edge> edges;

    @BeforeAll
    static void readDependencies() {
        edges = Dependencies.classes(Dependencies.locationOf(DtlsServer.class), "io.dtls4j");
    }

    @Test
    void eventLoopsDoNotKnowTheServer() {
        assertThat(from("EventLoop")).isNotEmpty().noneMatch(e -> e.to().equals(PKG + "DtlsServer"));
    }

    @Test
    void peerStateDoesNotKnowItsLoopOrTheServer() {
        assertThat(from("PeerState")).isNotEmpty()
                .noneMatch(e -> e.to().equals(PKG + "EventLoop") || e.to().equals(PKG + "DtlsServer"));
    }

    @Test
    void theListenerContractDoesNotKnowItsImplementations() {
        assertThat(from("DtlsServerListener")).noneMatch(e -> e.to().equals(PKG + "EchoListener"));
    }

    @Test
    void theTransportUsesOnlyTheExportedPackagesOfCore() {
        List<String> allowed = List.of("io.dtls4j.", "io.dtls4j.config.", "io.dtls4j.credentials.", "io.dtls4j.engine.",
                "io.dtls4j.session.", PKG);
        assertThat(edges).filteredOn(e -> e.from().startsWith(PKG))
                .allMatch(e -> allowed.stream().anyMatch(p -> e.to().startsWith(p) && e.to().indexOf('.', p.length()) < 0),
                        "targets an exported package");
    }

    private static List<Edge> from(String simpleName) {
        return edges.stream().filter(e -> e.from().equals(PKG + simpleName) || e.from().startsWith(PKG + simpleName + "$")).toList();
    }
}
