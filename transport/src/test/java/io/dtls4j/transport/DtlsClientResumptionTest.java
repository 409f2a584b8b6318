package io.dtls4j.transport;

import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionFormatException;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DtlsClient} resuming a {@link SavedSession} with a {@link DtlsServer} that keeps a session cache. */
@Timeout(60)
class DtlsClientResumptionTest {
    private static final Duration HANDSHAKE = Duration.ofSeconds(10);

    private static DtlsServer.Builder server(RecordingListener listener, SessionCache cache) {
        return LoopbackServers.builder(TestConfigs.serverConfig(), 1, listener).sessionCache(cache);
    }

    @Test
    void theSecondConnectionResumesTheSavedSessionAndBothSidesSaySo() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        SessionCache cache = new SessionCache();
        try (DtlsServer server = LoopbackServers.started(server(listener, cache))) {
            SavedSession saved;
            try (DtlsClient first = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", HANDSHAKE)) {
                assertThat(first.resumed()).isFalse();
                saved = first.savedSession();
                assertThat(saved).isNotNull();
                assertThat(saved.server()).isEqualTo(server.localAddress());
                assertThat(saved.serverName()).isEqualTo("localhost");
                assertThat(RecordingListener.await(listener.established).session().resumed()).isFalse();
            }
            try (DtlsClient second = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", saved, HANDSHAKE)) {
                assertThat(second.resumed()).isTrue();
                assertThat(second.session().cipherSuite()).isEqualTo(saved.session().cipherSuite());
                assertThat(second.savedSession().session().id()).isEqualTo(saved.session().id());
                PeerSession peer = RecordingListener.await(listener.established);
                assertThat(peer.session().resumed()).isTrue();

                // the resumed keys work: data goes both ways
                second.send("again".getBytes(StandardCharsets.US_ASCII));
                assertThat(second.receive(HANDSHAKE)).isEqualTo("again".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(cache.size()).isEqualTo(1);
        }
    }

    @Test
    void aSessionIsNotOfferedToAnotherPortEvenWhenThatServerKnowsIt() throws Exception {
        // both servers share one cache: the second would resume the session if it were offered, so a
        // full handshake there shows the client did not offer it
        SessionCache shared = new SessionCache();
        RecordingListener atA = new RecordingListener(false);
        RecordingListener atB = new RecordingListener(false);
        try (DtlsServer a = LoopbackServers.started(server(atA, shared));
             DtlsServer b = LoopbackServers.started(server(atB, shared))) {
            SavedSession saved;
            try (DtlsClient first = DtlsClient.connect(a.localAddress(), TestConfigs.clientConfig(), "localhost", HANDSHAKE)) {
                saved = first.savedSession();
            }
            try (DtlsClient other = DtlsClient.connect(b.localAddress(), TestConfigs.clientConfig(), "localhost", saved, HANDSHAKE)) {
                assertThat(other.resumed()).isFalse();
            }
            assertThat(RecordingListener.await(atB.established).session().resumed()).isFalse();
            try (DtlsClient back = DtlsClient.connect(a.localAddress(), TestConfigs.clientConfig(), "localhost", saved, HANDSHAKE)) {
                assertThat(back.resumed()).as("the session still resumes where it came from").isTrue();
            }
        }
    }

    @Test
    void aSessionIsNotOfferedUnderAnotherServerName() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        try (DtlsServer server = LoopbackServers.started(server(listener, new SessionCache()))) {
            SavedSession saved;
            try (DtlsClient first = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", HANDSHAKE)) {
                saved = first.savedSession();
            }
            try (DtlsClient renamed = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "example.com", saved, HANDSHAKE)) {
                assertThat(renamed.resumed()).isFalse();
            }
        }
    }

    @Test
    void aServerWithoutCacheNamesNoSessionSoThereIsNoneToSave() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        try (DtlsServer server = LoopbackServers.started(server(listener, null));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            assertThat(client.session()).isNotNull();
            assertThat(client.savedSession()).isNull();
            assertThat(client.resumed()).isFalse();
        }
    }

    @Test
    void withoutAServerNameTheAddressAndPortMustMatch() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        try (DtlsServer server = LoopbackServers.started(server(listener, new SessionCache()))) {
            SavedSession saved;
            try (DtlsClient first = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
                saved = first.savedSession();
            }
            InetSocketAddress at = server.localAddress();
            assertThat(saved.isFor(at, null)).isTrue();
            assertThat(saved.isFor(new InetSocketAddress(at.getAddress(), at.getPort() + 1), null)).isFalse();
            assertThat(saved.isFor(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), at.getPort()), null)).isFalse();
            assertThat(saved.isFor(at, "localhost")).as("made without a name, offered under one").isFalse();
            try (DtlsClient second = DtlsClient.connect(at, TestConfigs.clientConfig(), null, saved, HANDSHAKE)) {
                assertThat(second.resumed()).isTrue();
            }
        }
    }

    @Test
    void aSavedSessionReadBackFromItsBytesResumesLikeTheOriginal() throws Exception {
        RecordingListener listener = new RecordingListener(false);
        try (DtlsServer server = LoopbackServers.started(server(listener, new SessionCache()))) {
            SavedSession saved;
            try (DtlsClient first = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", HANDSHAKE)) {
                saved = first.savedSession();
            }
            SavedSession read = SavedSession.fromBytes(saved.toBytes());
            assertThat(read.server()).isEqualTo(saved.server());
            assertThat(read.session().id()).isEqualTo(saved.session().id());
            assertThat(read.session().masterSecret()).isEqualTo(saved.session().masterSecret());
            try (DtlsClient second = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", read, HANDSHAKE)) {
                assertThat(second.resumed()).isTrue();
            }
        }
    }

    @Test
    void bytesThatAreNoSavedSessionAreRefusedWithoutQuotingThem() throws Exception {
        byte[] valid;
        RecordingListener listener = new RecordingListener(false);
        try (DtlsServer server = LoopbackServers.started(server(listener, new SessionCache()));
             DtlsClient client = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), null, HANDSHAKE)) {
            valid = client.savedSession().toBytes();
        }
        byte[] otherVersion = valid.clone();
        otherVersion[0] = 2;
        byte[] badAddress = valid.clone();
        badAddress[1] = 5;
        assertThatThrownBy(() -> SavedSession.fromBytes(otherVersion)).isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("format version 2");
        assertThatThrownBy(() -> SavedSession.fromBytes(badAddress)).isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("4 or 16 bytes, not 5");
        assertThatThrownBy(() -> SavedSession.fromBytes(new byte[] {1})).isInstanceOf(SessionFormatException.class);
        assertThatThrownBy(() -> SavedSession.fromBytes(new byte[] {1, 4, 127, 0, 0})).isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("truncated");
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> SavedSession.fromBytes(truncated)).as("%d of %d bytes", length, valid.length)
                    .isInstanceOf(SessionFormatException.class);
        }
        assertThatThrownBy(() -> SavedSession.fromBytes(new byte[SavedSession.MAX_ENCODED_LENGTH + 1]))
                .isInstanceOf(SessionFormatException.class).hasMessageContaining("at most");
    }

    @Test
    void aServerWithATicketKeyRingAndNoCacheResumesFromTheTicketItIssued() throws Exception {
        RecordingListener listener = new RecordingListener(true);
        TicketKeyRing ring = TicketKeyRing.rotating(new SecureRandom());
        try (DtlsServer server = LoopbackServers.started(server(listener, null).ticketKeyRing(ring))) {
            SavedSession saved;
            try (DtlsClient first = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", HANDSHAKE)) {
                saved = first.savedSession();
                assertThat(saved).isNotNull();
                assertThat(saved.session().ticket()).as("the ticket of NewSessionTicket (RFC 5077 §3.3)").isNotNull();
            }
            // through the bytes, as a file would keep it: the ticket goes with the session
            SavedSession read = SavedSession.fromBytes(saved.toBytes());
            try (DtlsClient second = DtlsClient.connect(server.localAddress(), TestConfigs.clientConfig(), "localhost", read, HANDSHAKE)) {
                assertThat(second.resumed()).isTrue();
                second.send("ticket".getBytes(StandardCharsets.US_ASCII));
                assertThat(second.receive(HANDSHAKE)).isEqualTo("ticket".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(RecordingListener.await(listener.established).session().resumed()).isFalse();
            assertThat(RecordingListener.await(listener.established).session().resumed()).isTrue();
        }
    }
}
