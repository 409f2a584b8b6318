package io.dtls4j.engine;

import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.ResumptionPolicy;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKey;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session tickets (RFC 5077) engine to engine on a simulated link: a full handshake issues a ticket,
 * a later connection resumes from it at a server that keeps no session state, and every ticket that
 * cannot be used only makes the handshake a full one.
 */
class EngineSessionTicketTest {
    private static final CertifiedKey SERVER_KEY = TestCredentials.server(KeyType.EC_P256);
    private static final String NAME = "server.test";
    private static final long MINUTE = 60_000;

    /** The calendar time tickets are dated with follows the links' start (the engines' clock), from a real date. */
    private static final long CALENDAR_BASE = System.currentTimeMillis();
    private final SettableClock calendar = new SettableClock(CALENDAR_BASE);

    private final DtlsConfig clientConfig = TestConfigs.client(1, SERVER_KEY).build();
    private final DtlsConfig serverConfig = server(1).build();

    private DtlsConfig.Builder server(long seed) {
        return TestConfigs.server(seed, SERVER_KEY).wallClock(calendar);
    }

    /** A calendar clock the test moves. */
    static final class SettableClock extends Clock {
        private volatile long millis;

        SettableClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static TicketKeyRing ring(long seed) {
        return TicketKeyRing.rotating(Duration.ofMinutes(10), Duration.ofHours(1), TestConfigs.seededRandom(seed));
    }

    private static TicketKey key(int n) {
        byte[] name = new byte[TicketKey.NAME_LENGTH];
        name[0] = (byte) n;
        byte[] secret = new byte[16];
        secret[0] = (byte) n;
        return new TicketKey(name, secret, 0);
    }

    private SimulatedLink connect(DtlsConfig client, DtlsConfig server, ResumableSession offered, SessionCache cache,
                                  TicketKeyRing ring, ResumptionPolicy policy, SimulatedLink.Builder builder) {
        calendar.set(CALENDAR_BASE);
        return connectAt(client, server, offered, cache, ring, policy, builder, SimulatedLink.START_MILLIS);
    }

    private SimulatedLink connectAt(DtlsConfig client, DtlsConfig server, ResumableSession offered, SessionCache cache,
                                    TicketKeyRing ring, ResumptionPolicy policy, SimulatedLink.Builder builder, long startMillis) {
        calendar.set(CALENDAR_BASE + startMillis - SimulatedLink.START_MILLIS);
        SimulatedLink link = builder.startMillis(startMillis).connect(DtlsEngine.client(client, NAME, offered),
                DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS, new CookieGate(server), cache, ring, policy));
        link.handshake();
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).isEmpty();
        assertThat(link.events(Side.SERVER, DtlsEvent.Failed.class)).isEmpty();
        return link;
    }

    private SimulatedLink connect(ResumableSession offered, TicketKeyRing ring, long seed) {
        return connect(clientConfig, serverConfig, offered, null, ring, null, SimulatedLink.builder().seed(seed));
    }

    private SimulatedLink connectAt(ResumableSession offered, TicketKeyRing ring, long seed, long startMillis) {
        return connectAt(clientConfig, serverConfig, offered, null, ring, null, SimulatedLink.builder().seed(seed), startMillis);
    }

    private static void assertResumed(SimulatedLink link, boolean resumed) {
        assertThat(link.client().session().resumed()).as("client resumed").isEqualTo(resumed);
        assertThat(link.server().session().resumed()).as("server resumed").isEqualTo(resumed);
    }

    private static String exported(DtlsEngine engine) {
        return HexFormat.of().formatHex(engine.exportKeyingMaterial("EXPERIMENTAL dtls4j", null, 32));
    }

    /** The handshake types the server sent in plaintext (epoch 0), in order. */
    private static List<Integer> serverPlaintextHandshakeTypes(SimulatedLink link) {
        List<Integer> types = new ArrayList<>();
        for (SimulatedLink.Sent sent : link.sent(Side.SERVER)) {
            types.addAll(Records.plaintextHandshakeTypes(sent.bytes()));
        }
        return types;
    }

    @Test
    void aFullHandshakeIssuesATicketAndTheNextConnectionResumesFromItWithoutServerState() {
        TicketKeyRing ring = ring(1);
        SimulatedLink first = connect(null, ring, 1);
        assertResumed(first, false);
        ResumableSession session = first.client().resumableSession();
        assertThat(session).isNotNull();
        assertThat(session.hasTicket()).isTrue();
        // RFC 5077 §3.4: the server issuing a ticket names no session; the client keeps the ticket only
        assertThat(session.id()).isEmpty();
        assertThat(session.ticketLifetimeHintSeconds()).isEqualTo(3600);
        assertThat(session.ticketReceivedAtMillis()).isGreaterThanOrEqualTo(SimulatedLink.START_MILLIS);
        assertThat(serverPlaintextHandshakeTypes(first)).contains(HandshakeType.NEW_SESSION_TICKET);

        SimulatedLink second = connect(session, ring, 2);

        assertResumed(second, true);
        assertThat(exported(second.client())).isEqualTo(exported(second.server())).isNotEqualTo(exported(first.client()));
        assertThat(second.client().session().peerCertificates()).isEqualTo(first.client().session().peerCertificates());
        assertThat(second.server().session().cipherSuite()).isEqualTo(first.server().session().cipherSuite());
        // the key still seals: no new ticket, and the client keeps the one it has
        assertThat(serverPlaintextHandshakeTypes(second)).doesNotContain(HandshakeType.NEW_SESSION_TICKET, HandshakeType.CERTIFICATE);
        assertThat(second.client().resumableSession().ticket()).isEqualTo(session.ticket());

        SimulatedLink.Exchange exchange = second.exchange("ping".getBytes(StandardCharsets.US_ASCII), "pong".getBytes(StandardCharsets.US_ASCII));
        assertThat(exchange.atServer()).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
        assertThat(exchange.atClient()).asString(StandardCharsets.US_ASCII).isEqualTo("pong");
    }

    @Test
    void aSessionSavedAsBytesResumesInANewClient() throws Exception {
        TicketKeyRing ring = ring(3);
        byte[] saved = connect(null, ring, 3).client().resumableSession().toBytes();
        SimulatedLink link = connect(ResumableSession.fromBytes(saved), ring, 4);
        assertResumed(link, true);
    }

    @Test
    void aSessionFromServerAResumesOnServerBThatSharesTheKeys() {
        List<TicketKey> keys = List.of(key(1), key(2));
        DtlsConfig serverA = server(21).build();
        DtlsConfig serverB = server(22).build();
        SimulatedLink first = connect(clientConfig, serverA, null, null, TicketKeyRing.of(keys, Duration.ofHours(1)), null,
                SimulatedLink.builder().seed(21));

        SimulatedLink second = connect(clientConfig, serverB, first.client().resumableSession(), null,
                TicketKeyRing.of(keys, Duration.ofHours(1)), null, SimulatedLink.builder().seed(22));

        assertResumed(second, true);
        assertThat(exported(second.client())).isEqualTo(exported(second.server()));
    }

    @Test
    void aTicketUnderAKeyTheServerDoesNotHoldGetsAFullHandshakeAndANewTicket() {
        ResumableSession session = connect(null, TicketKeyRing.of(List.of(key(1)), Duration.ofHours(1)), 5).client().resumableSession();

        SimulatedLink link = connect(session, TicketKeyRing.of(List.of(key(2)), Duration.ofHours(1)), 6);

        assertResumed(link, false);
        assertThat(link.client().resumableSession().ticket()).isNotEqualTo(session.ticket());
        assertResumed(connect(link.client().resumableSession(), TicketKeyRing.of(List.of(key(2)), Duration.ofHours(1)), 7), true);
    }

    @Test
    void aTicketSealedUnderThePreviousKeyResumesAndIsRenewedUnderTheCurrentOne() {
        TicketKeyRing ring = ring(8);
        ResumableSession session = connect(null, ring, 8).client().resumableSession();

        // ten minutes on, the ring has a new sealing key; the old one still opens
        SimulatedLink renewed = connectAt(session, ring, 9, SimulatedLink.START_MILLIS + 11 * MINUTE);

        assertResumed(renewed, true);
        // RFC 5077 §3.1 Figure 2: ServerHello, NewSessionTicket, then ChangeCipherSpec and Finished
        assertThat(serverPlaintextHandshakeTypes(renewed)).containsSubsequence(HandshakeType.SERVER_HELLO, HandshakeType.NEW_SESSION_TICKET);
        ResumableSession next = renewed.client().resumableSession();
        assertThat(next.ticket()).isNotEqualTo(session.ticket());
        // the session is the same: its lifetime still counts from the full handshake
        assertThat(next.createdAtMillis()).isEqualTo(session.createdAtMillis());
        assertThat(next.ticketLifetimeHintSeconds()).isLessThan(session.ticketLifetimeHintSeconds());

        SimulatedLink again = connectAt(next, ring, 10, SimulatedLink.START_MILLIS + 12 * MINUTE);
        assertResumed(again, true);
        assertThat(serverPlaintextHandshakeTypes(again)).doesNotContain(HandshakeType.NEW_SESSION_TICKET);
    }

    @Test
    void aTicketUnderAnExpiredKeyOrOlderThanItsLifetimeGetsAFullHandshake() {
        TicketKeyRing ring = TicketKeyRing.rotating(Duration.ofMinutes(1), Duration.ofMinutes(2), TestConfigs.seededRandom(11));
        ResumableSession session = connect(null, ring, 11).client().resumableSession();

        assertResumed(connectAt(session, ring, 12, SimulatedLink.START_MILLIS + 2 * MINUTE - 1_000), true);
        // the session's lifetime (2 min) is over; at 3 min its key (1 min of sealing + 2 min) is gone too
        assertResumed(connectAt(session, ring, 13, SimulatedLink.START_MILLIS + 2 * MINUTE + 1_000), false);
        SimulatedLink late = connectAt(session, ring, 14, SimulatedLink.START_MILLIS + 3 * MINUTE + 1_000);
        assertResumed(late, false);
        assertThat(late.client().resumableSession().hasTicket()).isTrue();
    }

    @ParameterizedTest(name = "bit flipped in ticket byte {0}")
    @ValueSource(ints = {0, 15, 16, 27, 28, 60, -17, -1})
    void aTamperedTicketGetsAFullHandshakeAndNoAlert(int position) {
        TicketKeyRing ring = ring(15);
        ResumableSession session = connect(null, ring, 15).client().resumableSession();
        byte[] ticket = session.ticket();
        int at = position >= 0 ? position : ticket.length + position;
        ticket[at] ^= 0x01;
        ResumableSession tampered = session.withTicket(ticket, session.ticketLifetimeHintSeconds(), session.ticketReceivedAtMillis());

        SimulatedLink link = connect(tampered, ring, 16);

        assertResumed(link, false);
        assertThat(link.events(Side.CLIENT, DtlsEvent.WarningAlert.class)).isEmpty();
        assertThat(link.events(Side.SERVER, DtlsEvent.WarningAlert.class)).isEmpty();
        assertThat(link.client().resumableSession().ticket()).isNotEqualTo(ticket);
    }

    @Test
    void aTicketTooShortToBeOursOrOfAnotherServerGetsAFullHandshake() {
        TicketKeyRing ring = ring(35);
        ResumableSession session = connect(null, ring, 35).client().resumableSession();
        // (an engine's own cookie gate takes a ClientHello in one datagram: DtlsServer reassembles longer ones)
        for (byte[] ticket : new byte[][] {{1, 2, 3}, new byte[600]}) {
            SimulatedLink link = connect(session.withTicket(ticket, 0, 0), ring, 36);
            assertResumed(link, false);
            assertThat(link.events(Side.SERVER, DtlsEvent.WarningAlert.class)).isEmpty();
            assertThat(link.client().resumableSession().hasTicket()).isTrue();
        }
    }

    @Test
    void theApplicationsPolicyDecidesOnTheStoredIdentityBeforeAnyResumption() {
        CertifiedKey clientKey = TestCredentials.client(KeyType.EC_P256);
        DtlsConfig client = TestConfigs.client(17, SERVER_KEY).certifiedKey(clientKey).build();
        DtlsConfig server = server(17).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(clientKey.leaf())).build();
        TicketKeyRing ring = ring(17);
        SessionCache cache = new SessionCache();
        AtomicReference<ResumableSession> asked = new AtomicReference<>();
        boolean[] allow = {true};
        ResumptionPolicy policy = s -> {
            asked.set(s);
            return allow[0];
        };
        SimulatedLink first = connect(client, server, null, cache, ring, policy, SimulatedLink.builder().seed(17));
        assertThat(asked.get()).as("a full handshake asks nothing").isNull();
        ResumableSession session = first.client().resumableSession();

        SimulatedLink resumed = connect(client, server, session, cache, ring, policy, SimulatedLink.builder().seed(18));
        assertResumed(resumed, true);
        // the ticket carried who the client was: its certificate, for the policy and for the resumed session
        assertThat(asked.get().info().peerCertificates()).containsExactly(clientKey.leaf());
        // with the client's P-256 leaf inside, the ClientHello carrying the ticket still fits one datagram
        assertThat(session.ticket()).hasSizeLessThan(800);
        assertThat(resumed.server().session().peerCertificates()).containsExactly(clientKey.leaf());

        allow[0] = false;
        SimulatedLink refused = connect(client, server, session, cache, ring, policy, SimulatedLink.builder().seed(19));
        assertResumed(refused, false);
        assertThat(refused.server().session().peerCertificates()).containsExactly(clientKey.leaf());
    }

    @Test
    void thePolicyAlsoGuardsTheSessionCache() {
        PreSharedKey psk = PreSharedKey.of("device-17", HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10"));
        DtlsConfig client = DtlsConfig.builder().random(TestConfigs.seededRandom(41)).psk(psk).sessionTickets(false).build();
        DtlsConfig server = DtlsConfig.builder().random(TestConfigs.seededRandom(42)).pskKeyStore(PskKeyStore.of(psk))
                .wallClock(calendar).build();
        SessionCache cache = new SessionCache();
        List<String> identities = new ArrayList<>();
        ResumptionPolicy withdrawn = s -> {
            identities.add(s.info().pskIdentity());
            return false;
        };
        ResumableSession session = connect(client, server, null, cache, ring(41), withdrawn, SimulatedLink.builder().seed(41))
                .client().resumableSession();
        assertThat(session.hasTicket()).as("the client did not ask for a ticket").isFalse();
        assertThat(session.id()).hasSize(32);

        SimulatedLink link = connect(client, server, session, cache, ring(41), withdrawn, SimulatedLink.builder().seed(42));

        assertResumed(link, false);
        assertThat(identities).containsExactly("device-17");
    }

    @Test
    void aClientWithTicketsOffNeitherAsksForNorOffersThem() {
        TicketKeyRing ring = ring(23);
        ResumableSession withTicket = connect(null, ring, 23).client().resumableSession();
        DtlsConfig noTickets = TestConfigs.client(24, SERVER_KEY).sessionTickets(false).build();

        SimulatedLink link = connect(noTickets, serverConfig, withTicket, null, ring, null, SimulatedLink.builder().seed(24));

        assertResumed(link, false);
        assertThat(serverPlaintextHandshakeTypes(link)).doesNotContain(HandshakeType.NEW_SESSION_TICKET);
        assertThat(link.client().resumableSession()).as("no ticket and no session ID: nothing to resume").isNull();
    }

    @Test
    void aServerWithoutRingIgnoresTheTicketAndResumesFromItsCache() {
        SessionCache cache = new SessionCache();
        SimulatedLink first = connect(clientConfig, serverConfig, null, cache, null, null, SimulatedLink.builder().seed(25));
        ResumableSession session = first.client().resumableSession();
        assertThat(session.hasTicket()).isFalse();
        assertThat(serverPlaintextHandshakeTypes(first)).doesNotContain(HandshakeType.NEW_SESSION_TICKET);
        assertResumed(connect(clientConfig, serverConfig, session, cache, null, null, SimulatedLink.builder().seed(26)), true);
    }

    /** Every datagram of the full handshake that issues a ticket, and of the resumption that renews it, lost once. */
    @Test
    void theTicketFlightsSurviveTheLossOfAnyOneDatagram() {
        TicketKeyRing ring = ring(30);
        int fullServer = connect(null, ring, 30).sent(Side.SERVER).size();
        int fullClient = connect(null, ring, 30).sent(Side.CLIENT).size();
        ResumableSession session = connect(null, ring, 31).client().resumableSession();
        long later = SimulatedLink.START_MILLIS + 11 * MINUTE;
        SimulatedLink renewal = connectAt(session, ring, 32, later);
        int resumedServer = renewal.sent(Side.SERVER).size();
        int resumedClient = renewal.sent(Side.CLIENT).size();
        int cases = 0;
        for (Side side : Side.values()) {
            int full = side == Side.SERVER ? fullServer : fullClient;
            for (int index = 0; index < full; index++) {
                SimulatedLink link = connect(clientConfig, serverConfig, null, null, ring, null,
                        SimulatedLink.builder().seed(33).interceptor(dropping(side, index)));
                assertThat(link.client().resumableSession().hasTicket()).as("%s datagram %d lost", side, index).isTrue();
                assertThat(exported(link.client())).isEqualTo(exported(link.server()));
                cases++;
            }
            int resumed = side == Side.SERVER ? resumedServer : resumedClient;
            for (int index = 0; index < resumed; index++) {
                SimulatedLink link = connectAt(clientConfig, serverConfig, session, null, ring, null,
                        SimulatedLink.builder().seed(34).interceptor(dropping(side, index)), later);
                assertResumed(link, true);
                assertThat(link.client().resumableSession().ticket()).as("%s datagram %d lost", side, index)
                        .isNotEqualTo(session.ticket());
                link.runUntilQuiet();
                assertThat(link.client().state()).isEqualTo(EngineState.CONNECTED);
                assertThat(link.server().state()).isEqualTo(EngineState.CONNECTED);
                cases++;
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(10);
    }

    @Test
    void twentySeedsIssueAndResumeOverALinkWithLossDuplicationAndReordering() {
        TicketKeyRing ring = ring(40);
        DtlsConfig client = TestConfigs.client(40, SERVER_KEY).retransmitMillis(500, 4000).maxRetransmissions(20).build();
        DtlsConfig server = server(40).retransmitMillis(500, 4000).maxRetransmissions(20).build();
        SimulatedLink.Conditions bad = new SimulatedLink.Conditions(0.30, 0.10, 20, 300);
        for (int seed = 0; seed < 20; seed++) {
            SimulatedLink full = connect(client, server, null, null, ring, null, SimulatedLink.builder().seed(seed).conditions(bad));
            ResumableSession session = full.client().resumableSession();
            assertThat(session.hasTicket()).as("seed %d", seed).isTrue();
            SimulatedLink resumed = connect(client, server, session, null, ring, null,
                    SimulatedLink.builder().seed(seed + 100).conditions(bad));
            assertResumed(resumed, true);
            assertThat(exported(resumed.client())).as("seed %d", seed).isEqualTo(exported(resumed.server()));
        }
    }

    private static SimulatedLink.Interceptor dropping(Side side, int index) {
        return (from, i, datagram) -> from == side && i == index ? null : datagram;
    }
}
