package io.dtls4j.engine;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine writes to its SLF4J log: completions and failures with their reason, and never a
 * key or secret. Core's tests bind slf4j-simple to target/test.log (see core/pom.xml), which this
 * test reads back; each case uses a server name of its own to find its lines.
 */
class EngineLoggingTest {
    private static final Path LOG = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test.log"));

    @Test
    void aCompletedHandshakeIsLoggedWithWhatWasNegotiatedAndNoSecret() throws IOException {
        String name = uniqueName();
        CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
        List<String> keyLog = new ArrayList<>();
        DtlsConfig clientConfig = TestConfigs.client(71, serverKey).keyLog(keyLog::add).build();
        SimulatedLink link = SimulatedLink.builder().seed(71)
                .connect(DtlsEngine.client(clientConfig, name), DtlsEngine.server(TestConfigs.server(71, serverKey).build(),
                        TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        assertThat(link.bothConnected()).isTrue();

        List<String> lines = linesAbout(name);
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("INFO").contains("completed")
                .contains("DTLSv1.2").contains(link.client().session().cipherSuite().name()).contains("CN="));
        assertThat(keyLog).hasSize(1);
        assertNoSecretIn(keyLog);
        // the server names its peer by address
        assertThat(readLog()).anySatisfy(line -> assertThat(line).contains("handshake with client 127.0.0.1:49152 completed"));
    }

    @Test
    void aFailedHandshakeIsLoggedAtWarnWithItsReasonAndAlert() throws IOException {
        String name = uniqueName();
        CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
        CertifiedKey other = TestCredentials.client(KeyType.EC_P256);
        // the client trusts another certificate than the one the server presents
        DtlsConfig clientConfig = TestConfigs.client(72, other).build();
        SimulatedLink link = SimulatedLink.builder().seed(72)
                .connect(DtlsEngine.client(clientConfig, name), DtlsEngine.server(TestConfigs.server(72, serverKey).build(),
                        TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        assertThat(link.client().state()).isEqualTo(EngineState.FAILED);

        List<String> lines = linesAbout(name);
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("WARN").contains("failed")
                .contains("rejected").contains("sent fatal alert"));
    }

    private static String uniqueName() {
        return "log-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private static List<String> linesAbout(String name) throws IOException {
        List<String> lines = readLog().stream().filter(line -> line.contains(name)).toList();
        assertThat(lines).as("log lines about " + name + " in " + LOG).isNotEmpty();
        return lines;
    }

    private static List<String> readLog() throws IOException {
        assertThat(LOG).as("the test log that core/pom.xml configures").exists();
        return Files.readAllLines(LOG);
    }

    /** Neither the master secret nor the client random of any key log line appears in the log. */
    private static void assertNoSecretIn(List<String> keyLog) throws IOException {
        List<String> all = readLog();
        for (String entry : keyLog) {
            String[] parts = entry.split(" ");
            for (int i = 1; i < parts.length; i++) {
                String hex = parts[i].toLowerCase(Locale.ROOT);
                String upper = hex.toUpperCase(Locale.ROOT);
                assertThat(HexFormat.of().parseHex(hex)).hasSizeGreaterThanOrEqualTo(32);
                assertThat(all).noneMatch(line -> line.contains(hex) || line.contains(upper));
            }
        }
    }
}
