package io.dtls4j.credentials;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Host name matching rules of RFC 6125 §6.4. */
class DnsNameTest {
    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
            "example.com, example.com",
            "Example.COM, example.com",
            "example.com, EXAMPLE.com.",
            "example.com., example.com",
            "*.example.com, www.example.com",
            "*.Example.com, WWW.example.COM",
            "*.a.b.example, x.a.b.example",
            "xn--bcher-kva.example, bücher.example",
            "*.xn--bcher-kva.example, www.Bücher.example",
    })
    void matches(String certificateName, String host) {
        assertThat(DnsName.matches(certificateName, host)).isTrue();
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource({
            "example.com, www.example.com",
            "www.example.com, example.com",
            "example.com, example.org",
            "*.example.com, example.com",
            "*.example.com, a.b.example.com",
            "*.example.com, .example.com",
            "*.com, example.com",
            "*, example",
            "w*.example.com, www.example.com",
            "*w.example.com, www.example.com",
            "www.*.com, www.example.com",
            "*.*.example.com, a.b.example.com",
            "example.com, ''",
            "'', example.com",
            "exam ple.com, exam ple.com",
            "example.com, example.com..",
            "1.2.3, 1.2.3",
            "*.2.3, 1.2.3",
    })
    void doesNotMatch(String certificateName, String host) {
        assertThat(DnsName.matches(certificateName, host)).isFalse();
    }
}
