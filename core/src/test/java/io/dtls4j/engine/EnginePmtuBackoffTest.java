package io.dtls4j.engine;

import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.handshake.HandshakeType;
import io.dtls4j.record.ContentType;
import io.dtls4j.testing.Records;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PMTU back-off (RFC 6347 §4.1.1.1): a flight that goes unanswered through two retransmissions is
 * cut into smaller datagrams on each further one, so that a handshake completes over a path that
 * silently drops datagrams above an MTU smaller than the configured one.
 */
class EnginePmtuBackoffTest {
    private static final int CONFIGURED_MTU = 1400;
    private static final int PATH_MTU = 600;

    /**
     * A chain of five certificates (some RSA) of several kilobytes, so that the Certificate message
     * needs many fragments; the test verifiers look only at the leaf.
     */
    private static CertifiedKey bigChain(CertifiedKey leaf) {
        return new CertifiedKey(List.of(leaf.leaf(), TestCredentials.server(KeyType.RSA_2048).leaf(),
                TestCredentials.client(KeyType.RSA_2048).leaf(), TestCredentials.server(KeyType.EC_P384).leaf(),
                TestCredentials.server(KeyType.EC_P521).leaf()), leaf.privateKey());
    }

    private final CertifiedKey serverKey = bigChain(TestCredentials.server(KeyType.EC_P256));
    private final CertifiedKey clientKey = bigChain(TestCredentials.client(KeyType.EC_P256));

    /** Both ends configured for a 1400-byte MTU, the client authenticating with its own large chain. */
    private SimulatedLink link(int linkMtu, long seed) {
        DtlsConfig client = TestConfigs.client(seed, serverKey).mtu(CONFIGURED_MTU).certifiedKey(clientKey).build();
        DtlsConfig server = TestConfigs.server(seed, serverKey).mtu(CONFIGURED_MTU).clientAuth(ClientAuth.REQUIRED)
                .peerVerifier(TestCredentials.expecting(clientKey.leaf())).build();
        return SimulatedLink.builder().seed(seed).mtu(linkMtu)
                .connect(DtlsEngine.client(client, "server.test"), DtlsEngine.server(server, TestConfigs.CLIENT_ADDRESS));
    }

    private static int largest(List<SimulatedLink.Sent> sent) {
        return sent.stream().mapToInt(s -> s.bytes().length).max().orElse(0);
    }

    private static boolean startsWith(SimulatedLink.Sent sent, int type) {
        return startsWith(sent.bytes(), type);
    }

    /** Whether the datagram starts with an epoch-0 handshake record of {@code type}. */
    private static boolean startsWith(byte[] datagram, int type) {
        Records.Record first = Records.parse(datagram).get(0);
        return first.type() == ContentType.HANDSHAKE && first.epoch() == 0 && first.handshakeHeader().type() == type;
    }

    @Test
    void aHandshakeCompletesOverAPathThatDropsDatagramsAboveItsSmallerMtu() {
        SimulatedLink link = link(PATH_MTU, 1);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.oversizeDropped()).as("the first transmissions were too large for the path").isPositive();
        // the server's flight: full at +0, +1 s, +3 s; 700 (still dropped) at +7 s; 350 at +15 s, which
        // arrives; and 256 at +31 s while the client's flight is still too large
        assertThat(link.server().stats().pmtuBackoffs()).isEqualTo(3);
        // the client's ClientHello was retransmitted four times (never cut), so its certificate flight
        // is cut at once on its first retransmission (700, dropped) and its second (350, arrives)
        assertThat(link.client().stats().pmtuBackoffs()).isEqualTo(2);
        for (Side side : Side.values()) {
            List<SimulatedLink.Sent> sent = link.sent(side);
            assertThat(largest(sent)).as(side + " first sent full datagrams").isGreaterThan(700);
            assertThat(sent.get(sent.size() - 1).bytes().length).as(side + "'s last datagram").isLessThanOrEqualTo(350);
        }
        // the session works, within the configured MTU for application data
        byte[] data = new byte[300];
        assertThat(link.exchange(data, data).atServer()).hasSize(300);
    }

    @Test
    void withoutLossNoFlightIsCutSmaller() {
        SimulatedLink link = link(CONFIGURED_MTU, 2);

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().stats().retransmissions()).isZero();
        assertThat(link.server().stats().pmtuBackoffs()).isZero();
        assertThat(link.client().stats().pmtuBackoffs()).isZero();
        // the certificate flights fill datagrams up to the configured MTU
        assertThat(largest(link.sent(Side.SERVER))).isGreaterThan(CONFIGURED_MTU - 100).isLessThanOrEqualTo(CONFIGURED_MTU);
        assertThat(largest(link.sent(Side.CLIENT))).isGreaterThan(CONFIGURED_MTU - 100).isLessThanOrEqualTo(CONFIGURED_MTU);
    }

    @Test
    void twoRetransmissionsKeepTheSizeOnlyTheThirdIsCut() {
        // the server's flight is lost whole, whatever its size, until its third timer retransmission:
        // sent at +0, +1 s, +3 s (and on the client's repeats) in full datagrams, then at +7 s cut to 700
        SimulatedLink[] holder = new SimulatedLink[1];
        long[] firstServerHello = {-1};
        SimulatedLink link = SimulatedLink.builder().seed(3).mtu(CONFIGURED_MTU)
                .interceptor((from, index, datagram) -> {
                    if (from != Side.SERVER || !startsWith(datagram, HandshakeType.SERVER_HELLO)) {
                        return datagram;
                    }
                    long now = holder[0].now();
                    if (firstServerHello[0] < 0) {
                        firstServerHello[0] = now;
                    }
                    return now - firstServerHello[0] < 7_000 ? null : datagram;
                })
                .connect(DtlsEngine.client(TestConfigs.client(3, serverKey).mtu(CONFIGURED_MTU).build(), "server.test"),
                        DtlsEngine.server(TestConfigs.server(3, serverKey).mtu(CONFIGURED_MTU).build(), TestConfigs.CLIENT_ADDRESS));
        holder[0] = link;

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        // the server's transmissions of its flight, each starting with the ServerHello's datagram
        List<Integer> largestPerTransmission = new ArrayList<>();
        for (SimulatedLink.Sent sent : link.sent(Side.SERVER)) {
            if (startsWith(sent, HandshakeType.SERVER_HELLO)) {
                largestPerTransmission.add(0);
            }
            if (!largestPerTransmission.isEmpty() && Records.parse(sent.bytes()).get(0).epoch() == 0) {
                int last = largestPerTransmission.size() - 1;
                largestPerTransmission.set(last, Math.max(largestPerTransmission.get(last), sent.bytes().length));
            }
        }
        // the first and at least two retransmissions (more when answering the client's repeats) in full
        // datagrams, the last one cut to half the MTU
        assertThat(largestPerTransmission.size()).isGreaterThanOrEqualTo(4);
        List<Integer> full = largestPerTransmission.subList(0, largestPerTransmission.size() - 1);
        assertThat(full).allSatisfy(largest -> assertThat(largest).isGreaterThan(CONFIGURED_MTU / 2));
        assertThat(largestPerTransmission.get(largestPerTransmission.size() - 1)).isLessThanOrEqualTo(CONFIGURED_MTU / 2);
        assertThat(link.server().stats().pmtuBackoffs()).isEqualTo(1);
    }

    @Test
    void theClientHelloAndTheCookieExchangeAreNeverCutSmaller() {
        // a server that never answers: the ClientHello goes out again and again, always whole
        SimulatedLink link = SimulatedLink.builder().seed(4).mtu(CONFIGURED_MTU)
                .conditions(Side.CLIENT, SimulatedLink.Conditions.BLACK_HOLE)
                .connect(DtlsEngine.client(TestConfigs.client(4, serverKey).mtu(CONFIGURED_MTU).build(), "server.test"),
                        DtlsEngine.server(TestConfigs.server(4, serverKey).build(), TestConfigs.CLIENT_ADDRESS));

        link.handshake();

        List<SimulatedLink.Sent> sent = link.sent(Side.CLIENT);
        assertThat(sent).hasSize(7); // the first and six retransmissions
        assertThat(sent).allSatisfy(s -> {
            assertThat(Records.parse(s.bytes())).hasSize(1);
            assertThat(s.bytes().length).isEqualTo(sent.get(0).bytes().length);
        });
        assertThat(link.client().stats().pmtuBackoffs()).isZero();
    }

    @Test
    void aClientHelloWithCookieRetransmittedManyTimesStaysWhole() {
        // the server's HelloVerifyRequest gets through, every later datagram of the server is lost:
        // the client's second ClientHello (with the cookie) is retransmitted unchanged
        SimulatedLink link = SimulatedLink.builder().seed(5).mtu(CONFIGURED_MTU)
                .interceptor((from, index, datagram) -> from == Side.SERVER && index > 0 ? null : datagram)
                .connect(DtlsEngine.client(TestConfigs.client(5, serverKey).mtu(CONFIGURED_MTU).build(), "server.test"),
                        DtlsEngine.server(TestConfigs.server(5, serverKey).mtu(CONFIGURED_MTU).build(), TestConfigs.CLIENT_ADDRESS));

        link.handshake();

        List<SimulatedLink.Sent> withCookie = link.sent(Side.CLIENT).subList(1, link.sent(Side.CLIENT).size());
        assertThat(startsWith(link.sent(Side.SERVER).get(0), HandshakeType.HELLO_VERIFY_REQUEST)).isTrue();
        assertThat(withCookie).hasSizeGreaterThan(3);
        assertThat(withCookie).allSatisfy(s -> {
            assertThat(startsWith(s, HandshakeType.CLIENT_HELLO)).isTrue();
            assertThat(Records.parse(s.bytes())).hasSize(1);
            assertThat(s.bytes().length).isEqualTo(withCookie.get(0).bytes().length);
        });
        assertThat(link.client().stats().pmtuBackoffs()).isZero();
    }
}
