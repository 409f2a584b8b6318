package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificate validity is dated by {@link DtlsConfig#wallClock()}, never by the {@code now} that
 * drives the engine's timers: transports pass a monotonic count there (here the simulated link's
 * virtual time, a few minutes after 1970), which is no calendar date.
 */
class EngineCertificateDateTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    private SimulatedLink handshake(Clock wallClock) {
        DtlsConfig client = TestConfigs.client(31, serverKey)
                .peerVerifier(PeerVerifiers.pkix(List.of(serverKey.leaf())))
                .wallClock(wallClock)
                .build();
        DtlsConfig server = TestConfigs.server(31, serverKey).build();
        SimulatedLink link = SimulatedLink.builder().seed(31)
                .connect(DtlsEngine.client(client, null), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        return link;
    }

    @Test
    void aValidCertificatePassesPkixWhileTheEngineRunsOnAMonotonicClock() {
        assertThat(SimulatedLink.START_MILLIS).isLessThan(Instant.parse("1971-01-01T00:00:00Z").toEpochMilli());

        SimulatedLink link = handshake(Clock.systemUTC());

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
    }

    @Test
    void theWallClockDecidesExpiry() {
        Instant afterExpiry = serverKey.leaf().getNotAfter().toInstant().plusSeconds(86_400);

        SimulatedLink link = handshake(Clock.fixed(afterExpiry, ZoneOffset.UTC));

        DtlsEvent.Failed failed = link.events(SimulatedLink.Side.CLIENT, DtlsEvent.Failed.class).get(0);
        assertThat(failed.cause().alert()).isEqualTo(AlertDescription.CERTIFICATE_EXPIRED);
        assertThat(link.client().state()).isEqualTo(EngineState.FAILED);
    }
}
