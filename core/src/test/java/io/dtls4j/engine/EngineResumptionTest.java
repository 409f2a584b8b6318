package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.session.ResumableSession;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session resumption with session IDs (RFC 5246 §7.3, the abbreviated handshake of RFC 6347 Figure 2),
 * engine to engine on a simulated link: a full handshake, then a second connection that offers its
 * session.
 */
class EngineResumptionTest {
    private static final CertifiedKey SERVER_KEY = TestCredentials.server(KeyType.EC_P256);
    private static final String NAME = "server.test";
    private static final byte[] LABEL_CONTEXT = "ctx".getBytes(StandardCharsets.US_ASCII);

    private final DtlsConfig clientConfig = TestConfigs.client(1, SERVER_KEY).build();
    private final DtlsConfig serverConfig = TestConfigs.server(1, SERVER_KEY).build();

    private static SimulatedLink.Builder linkBuilder(long seed) {
        return SimulatedLink.builder().seed(seed);
    }

    private SimulatedLink full(SessionCache cache) {
        SimulatedLink link = linkBuilder(1).connect(DtlsEngine.client(clientConfig, NAME),
                DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS, new CookieGate(serverConfig), cache));
        link.handshake();
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        return link;
    }

    private SimulatedLink again(DtlsConfig client, DtlsConfig server, String name, ResumableSession offered, SessionCache cache,
                                SimulatedLink.Builder builder) {
        SimulatedLink link = builder.connect(DtlsEngine.client(client, name, offered),
                DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS, new CookieGate(server), cache));
        link.handshake();
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        return link;
    }

    private SimulatedLink again(ResumableSession offered, SessionCache cache) {
        return again(clientConfig, serverConfig, NAME, offered, cache, linkBuilder(2));
    }

    private static String exported(DtlsEngine engine) {
        return HexFormat.of().formatHex(engine.exportKeyingMaterial("EXPERIMENTAL dtls4j", LABEL_CONTEXT, 32));
    }

    private static void assertResumed(SimulatedLink link, boolean resumed) {
        assertThat(link.client().session().resumed()).as("client resumed").isEqualTo(resumed);
        assertThat(link.server().session().resumed()).as("server resumed").isEqualTo(resumed);
    }

    @Test
    void aSecondConnectionResumesTheSessionWithNewKeysAndNoCertificate() {
        SessionCache cache = new SessionCache();
        SimulatedLink first = full(cache);
        assertResumed(first, false);
        ResumableSession session = first.client().resumableSession();
        assertThat(session).isNotNull();
        assertThat(session.serverName()).isEqualTo(NAME);
        assertThat(session.extendedMasterSecret()).isTrue();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get(session.id(), SimulatedLink.START_MILLIS)).isNotNull();
        assertThat(first.server().resumableSession().id()).isEqualTo(session.id());

        SimulatedLink second = again(session, cache);

        assertResumed(second, true);
        SessionInfo client = second.client().session();
        assertThat(client.cipherSuite()).isEqualTo(first.client().session().cipherSuite());
        // who the server is comes from the session: the abbreviated handshake carries no Certificate
        assertThat(client.peerCertificates()).isEqualTo(first.client().session().peerCertificates());
        assertThat(client.extendedMasterSecret()).isTrue();
        // one flight each way after the cookie exchange: ServerHello+CCS+Finished, then CCS+Finished
        assertThat(second.sent(Side.SERVER).stream().mapToInt(s -> s.bytes().length).sum())
                .isLessThan(first.sent(Side.SERVER).stream().mapToInt(s -> s.bytes().length).sum() / 2);
        // new randoms, new keys: the second connection exports other keying material than the first
        assertThat(exported(second.client())).isEqualTo(exported(second.server())).isNotEqualTo(exported(first.client()));
        assertThat(second.client().resumableSession().id()).isEqualTo(session.id());
        assertThat(cache.size()).isEqualTo(1);

        SimulatedLink.Exchange exchange = second.exchange("ping".getBytes(StandardCharsets.US_ASCII), "pong".getBytes(StandardCharsets.US_ASCII));
        assertThat(exchange.atServer()).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
        assertThat(exchange.atClient()).asString(StandardCharsets.US_ASCII).isEqualTo("pong");
    }

    @Test
    void theSessionNeverShowsItsMasterSecret() {
        ResumableSession session = full(new SessionCache()).client().resumableSession();
        assertThat(session.toString()).contains(HexFormat.of().formatHex(session.id()))
                .doesNotContain(HexFormat.of().formatHex(session.masterSecret()));
    }

    /** Each datagram of the abbreviated handshake lost once (with the cookie exchange: CH, HVR, CH, SH+CCS+Fin, CCS+Fin). */
    @ParameterizedTest(name = "{0} datagram {1} lost")
    @CsvSource({"CLIENT,0", "SERVER,0", "CLIENT,1", "SERVER,1", "CLIENT,2"})
    void theAbbreviatedHandshakeSurvivesTheLossOfAnyOneDatagram(Side side, int index) {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();
        int[] dropped = {0};
        SimulatedLink link = again(clientConfig, serverConfig, NAME, session, cache, linkBuilder(3).interceptor((from, i, datagram) -> {
            if (from == side && i == index) {
                dropped[0]++;
                return null;
            }
            return datagram;
        }));
        assertThat(dropped[0]).isEqualTo(1);
        assertResumed(link, true);
        assertThat(exported(link.client())).isEqualTo(exported(link.server()));
        assertThat(link.client().stats().retransmissions() + link.server().stats().retransmissions()).isPositive();
        link.runUntilQuiet();
        assertThat(link.client().state()).isEqualTo(EngineState.CONNECTED);
        assertThat(link.server().state()).isEqualTo(EngineState.CONNECTED);
    }

    @Test
    void fiftySeedsResumeOverALinkWithThirtyPercentLossDuplicationAndReordering() {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();
        DtlsConfig client = TestConfigs.client(11, SERVER_KEY).retransmitMillis(500, 4000).maxRetransmissions(20).build();
        DtlsConfig server = TestConfigs.server(11, SERVER_KEY).retransmitMillis(500, 4000).maxRetransmissions(20).build();
        long retransmissions = 0;
        for (int seed = 0; seed < 50; seed++) {
            SimulatedLink link = again(client, server, NAME, session, cache,
                    linkBuilder(seed).conditions(new SimulatedLink.Conditions(0.30, 0.10, 20, 300)));
            assertResumed(link, true);
            assertThat(exported(link.client())).as("seed " + seed).isEqualTo(exported(link.server()));
            retransmissions += link.client().stats().retransmissions() + link.server().stats().retransmissions();
        }
        assertThat(retransmissions).as("the link really lost flights").isPositive();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void whenTheClientsLastFlightIsLostTheServerRepeatsItsOwnAndTheClientAnswers() {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();
        SimulatedLink link = again(clientConfig, serverConfig, NAME, session, cache,
                linkBuilder(4).interceptor((from, i, datagram) -> from == Side.CLIENT && i == 2 ? null : datagram));
        assertResumed(link, true);
        // the client completed with its Finished and kept that flight: the server's repeat brought it again
        assertThat(link.server().stats().retransmissions()).isEqualTo(1);
        assertThat(link.client().stats().retransmissions()).isEqualTo(1);
        assertThat(link.sent(Side.CLIENT)).hasSize(4);
    }

    @Test
    void aCachedSessionWithoutExtendedMasterSecretIsNotResumedIntoAHelloWithIt() {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();
        SessionInfo info = session.info();
        // RFC 7627 §5.3: the server's copy of the session did not use the extension; the client's hello does
        cache.put(new ResumableSession(session.id(), session.masterSecret(), new SessionInfo(info.protocolVersion(), info.cipherSuite(),
                info.namedGroup(), info.peerSignatureScheme(), info.peerCertificates(), false, info.peerPublicKey()),
                NAME, session.createdAtMillis()));

        SimulatedLink link = again(session, cache);

        assertResumed(link, false);
        assertThat(link.client().resumableSession().id()).isNotEqualTo(session.id());
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aClientNeverOffersASessionWithoutExtendedMasterSecret() {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();
        SessionInfo info = session.info();
        ResumableSession withoutEms = new ResumableSession(session.id(), session.masterSecret(), new SessionInfo(info.protocolVersion(),
                info.cipherSuite(), info.namedGroup(), info.peerSignatureScheme(), info.peerCertificates(), false, info.peerPublicKey()),
                NAME, session.createdAtMillis());

        // the server would resume this ID (its copy has the extended master secret): only the client's rule stops it
        SimulatedLink link = again(withoutEms, cache);

        assertResumed(link, false);
    }

    @Test
    void anExpiredSessionGetsAFullHandshake() {
        SessionCache cache = new SessionCache(100, Duration.ofMinutes(1));
        ResumableSession session = full(cache).client().resumableSession();

        SimulatedLink early = again(clientConfig, serverConfig, NAME, session, cache,
                linkBuilder(5).startMillis(SimulatedLink.START_MILLIS + 50_000));
        assertResumed(early, true);
        SimulatedLink late = again(clientConfig, serverConfig, NAME, session, cache,
                linkBuilder(6).startMillis(SimulatedLink.START_MILLIS + 61_000));

        assertResumed(late, false);
        assertThat(cache.expirations()).isEqualTo(1);
        assertThat(late.client().resumableSession().id()).isNotEqualTo(session.id());
    }

    @Test
    void aSessionWhoseSuiteTheServerNoLongerAllowsGetsAFullHandshake() {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();
        CipherSuite other = session.cipherSuite() == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
                ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 : CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        DtlsConfig narrower = TestConfigs.server(7, SERVER_KEY).cipherSuites(other).build();

        SimulatedLink link = again(clientConfig, narrower, NAME, session, cache, linkBuilder(7));

        assertResumed(link, false);
        assertThat(link.client().session().cipherSuite()).isEqualTo(other);
    }

    @Test
    void aClientRefusesAResumptionWithAnotherSuiteThanItsSession() {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();
        SessionInfo info = session.info();
        CipherSuite other = info.cipherSuite() == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
                ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 : CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        // a server whose copy of the session under the client's ID names another suite (RFC 5246 §7.4.1.3 forbids it)
        cache.put(new ResumableSession(session.id(), session.masterSecret(), new SessionInfo(info.protocolVersion(), other,
                info.namedGroup(), info.peerSignatureScheme(), info.peerCertificates(), true, info.peerPublicKey()),
                NAME, session.createdAtMillis()));
        SimulatedLink link = linkBuilder(9).connect(DtlsEngine.client(clientConfig, NAME, session),
                DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS, new CookieGate(serverConfig), cache));

        link.handshake();

        assertThat(link.events(Side.CLIENT, DtlsEvent.Failed.class)).as(link.describe()).singleElement().satisfies(f -> {
            assertThat(f.cause().alert()).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
            assertThat(f.cause().getMessage()).contains("cipher suite " + other);
        });
        assertThat(link.server().state()).isNotEqualTo(EngineState.CONNECTED);
    }

    @Test
    void aClientOffersASessionOnlyToTheServerNameItCameFrom() {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();

        SimulatedLink link = again(clientConfig, serverConfig, null, session, cache, linkBuilder(8));

        assertResumed(link, false);
        assertThat(link.client().resumableSession().serverName()).isNull();
    }

    @Test
    void aServerResumesASessionOnlyForTheServerNameItWasMadeWith() {
        SessionCache cache = new SessionCache();
        ResumableSession session = full(cache).client().resumableSession();
        assertThat(cache.get(session.id(), SimulatedLink.START_MILLIS).serverName()).isEqualTo(NAME);
        // the client's copy says "other.test", so the client offers it there; the server's says NAME (RFC 6066 §3)
        ResumableSession elsewhere = new ResumableSession(session.id(), session.masterSecret(), session.info(), "other.test",
                session.createdAtMillis());

        SimulatedLink link = again(clientConfig, serverConfig, "other.test", elsewhere, cache, linkBuilder(10));

        assertResumed(link, false);
        assertThat(link.server().resumableSession().serverName()).isEqualTo("other.test");
    }

    @Test
    void aFullCacheEvictsItsOldestSession() {
        SessionCache cache = new SessionCache(2, Duration.ofHours(1));
        ResumableSession oldest = full(cache).client().resumableSession();
        ResumableSession second = full(cache).client().resumableSession();
        full(cache);
        assertThat(cache.evictions()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(2);

        assertResumed(again(second, cache), true);
        // (its full handshake makes a new session, which evicts the next oldest: so it comes last)
        assertResumed(again(oldest, cache), false);
    }

    @Test
    void aServerWithoutCacheNamesNoSession() {
        SimulatedLink link = full(null);
        assertThat(link.client().resumableSession()).isNull();
        assertThat(link.server().resumableSession()).isNull();
    }
}
