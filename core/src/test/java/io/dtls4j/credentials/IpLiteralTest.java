package io.dtls4j.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpLiteralTest {
    @Test
    void parsesIpv4AndIpv6Literals() {
        assertThat(IpLiteral.parse("192.0.2.1")).containsExactly(192, 0, 2, 1);
        assertThat(IpLiteral.parse("0.0.0.0")).containsExactly(0, 0, 0, 0);
        assertThat(IpLiteral.parse("::1")).hasSize(16).endsWith(1);
        assertThat(IpLiteral.parse("[2001:db8::1]")).isEqualTo(IpLiteral.parse("2001:DB8:0:0:0:0:0:1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4.", "a.b.c.d", "example.com",
            "1.2.3.-4", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "::g", "localhost", "[::1"})
    void refusesWhatIsNotALiteral(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }
}
