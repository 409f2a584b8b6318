package io.dtls4j.engine;

import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static io.dtls4j.testing.EngineDatagrams.deliver;
import static io.dtls4j.testing.EngineDatagrams.drain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6347 §4.2.4: the server, which sends the last flight of a full handshake, answers a client
 * that repeats its own last flight by sending its flight again; once application data from the
 * client shows that the client completed its handshake, the flight is no longer kept (an idle
 * session then holds no copy of it).
 */
class EngineLastFlightTest {
    private static final long SECOND = 1000;

    @Test
    void theServerRepeatsItsLastFlightUntilTheClientSendsApplicationDataThenLetsItGo() {
        DtlsEngine client = DtlsEngine.client(TestConfigs.clientConfig(), null);
        DtlsEngine server = DtlsEngine.server(TestConfigs.serverConfig(), TestConfigs.CLIENT_ADDRESS);
        long now = 0;
        client.start(now);
        // run the handshake until the server completes; its last flight is held back, so the client still waits
        List<ByteBuffer> serverLastFlight = List.of();
        for (int round = 0; round < 16 && server.state() != EngineState.CONNECTED; round++) {
            deliver(drain(client), server, now);
            serverLastFlight = drain(server);
            if (server.state() != EngineState.CONNECTED) {
                deliver(serverLastFlight, client, now);
            }
        }
        assertThat(server.state()).isEqualTo(EngineState.CONNECTED);
        assertThat(client.state()).isEqualTo(EngineState.HANDSHAKING);
        assertThat(serverLastFlight).isNotEmpty();

        // the client's timer fires twice: two repeats of its last flight, each under fresh record numbers
        now += 2 * SECOND;
        client.handleTimeout(now);
        List<ByteBuffer> firstRepeat = drain(client);
        now += 4 * SECOND;
        client.handleTimeout(now);
        List<ByteBuffer> secondRepeat = drain(client);
        assertThat(firstRepeat).isNotEmpty();
        assertThat(secondRepeat).isNotEmpty();

        // the first repeat: the server sends its last flight again, and that completes the client
        deliver(firstRepeat, server, now);
        List<ByteBuffer> again = drain(server);
        assertThat(again).as("the server's last flight, sent again").isNotEmpty();
        deliver(again, client, now);
        assertThat(client.state()).isEqualTo(EngineState.CONNECTED);

        // application data from the client: it has the server's flight
        client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), now);
        deliver(drain(client), server, now);
        DtlsEvent event;
        boolean data = false;
        while ((event = server.pollEvent()) != null) {
            data |= event instanceof DtlsEvent.ApplicationData;
        }
        assertThat(data).isTrue();

        // a late copy of the client's repeat, long after: nothing is sent again any more
        now += 10 * SECOND;
        deliver(secondRepeat, server, now);
        assertThat(drain(server)).as("nothing sent after the client's application data").isEmpty();
        assertThat(server.state()).isEqualTo(EngineState.CONNECTED);
    }
}
