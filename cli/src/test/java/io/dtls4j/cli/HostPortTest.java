package io.dtls4j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostPortTest {

    @Test
    void readsHostNamesIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse("example.com:4433")).isEqualTo(new HostPort("example.com", 4433));
        assertThat(HostPort.parse("127.0.0.1:1")).isEqualTo(new HostPort("127.0.0.1", 1));
        assertThat(HostPort.parse("[::1]:65535")).isEqualTo(new HostPort("::1", 65535));
    }

    @Test
    void printsTheWayItWasWritten() {
        assertThat(HostPort.parse("[::1]:4433")).hasToString("[::1]:4433");
        assertThat(HostPort.parse("localhost:4433")).hasToString("localhost:4433");
    }

    @Test
    void formatsSocketAddressesTheSameWay() {
        assertThat(HostPort.format(new java.net.InetSocketAddress("127.0.0.1", 4433))).isEqualTo("127.0.0.1:4433");
        assertThat(HostPort.format(new java.net.InetSocketAddress("::1", 0))).isEqualTo("[0:0:0:0:0:0:0:1]:0");
    }

    @Test
    void rejectsMissingOrBadPorts() {
        for (String bad : new String[] {"localhost", "localhost:", ":4433", "host:0", "host:65536", "host:44x",
                "::1:4433", "[::1]4433", "[::1]", "[]:4433"}) {
            assertThatThrownBy(() -> HostPort.parse(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }

    @Test
    void anUnresolvableHostIsANetworkFailure() {
        assertThatThrownBy(() -> new HostPort("no-such-host.invalid", 4433).resolve())
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NETWORK))
                .hasMessage("no-such-host.invalid: host name does not resolve");
    }
}
