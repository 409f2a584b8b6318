package io.dtls4j.transport;

import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** More than one record's payload is refused loudly on both ends, never cut or dropped. */
@Timeout(60)
class SendLimitTest {

    @Test
    void aPayloadLargerThanOneRecordIsRefusedWithTheLimitOnBothEnds() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        try (DtlsServer server = LoopbackServers.started(TestConfigs.serverConfig(), 1, listener);
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null,
                Duration.ofSeconds(10))) {
            int max = client.maxSendSize();
            assertThat(max).isBetween(1000, TestConfigs.clientConfig().mtu());
            assertThatThrownBy(() -> client.send(new byte[max + 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining((max + 1) + " bytes").hasMessageContaining("maxSendSize() = " + max);
            PeerSession peer = RecordingListener.await(listener.established);
            int serverMax = peer.maxSendSize();
            assertThatThrownBy(() -> peer.send(new byte[serverMax + 1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxSendSize() = " + serverMax);

            // exactly the limit goes through and comes back whole
            byte[] full = new byte[max];
            full[max - 1] = 42;
            client.send(full);
            assertThat(client.receive(Duration.ofSeconds(10))).isEqualTo(full);
            assertThat(server.stats().sendsDropped()).isZero();
        }
    }
}
