package io.dtls4j.engine;

import io.dtls4j.session.SessionInfo;
import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.crypto.NamedCurves;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine ↔ engine on a perfect simulated link, for every cipher suite, group and server key type. */
class EngineCipherMatrixTest {
    private static final int ONE_MEGABYTE = 1 << 20;

    static Stream<Arguments> suitesGroupsAndKeys() {
        List<Arguments> cases = new ArrayList<>();
        for (CipherSuite suite : CipherSuite.values()) {
            if (!suite.keyExchange().certificates()) {
                continue; // the PSK suites: EnginePskTest
            }
            boolean ecdsa = suite.keyExchange() == CipherSuite.KeyExchange.ECDHE_ECDSA;
            List<KeyType> keys = ecdsa ? List.of(KeyType.EC_P256, KeyType.ED25519) : List.of(KeyType.RSA_2048);
            for (NamedGroup group : NamedGroup.values()) {
                for (KeyType key : keys) {
                    cases.add(Arguments.of(suite, group, key));
                }
            }
            if (ecdsa) {
                cases.add(Arguments.of(suite, NamedGroup.SECP384R1, KeyType.EC_P384));
                cases.add(Arguments.of(suite, NamedGroup.X25519, KeyType.EC_P521));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("suitesGroupsAndKeys")
    void handshakeAgreesAndOneMegabyteFlowsEachWayIntact(CipherSuite suite, NamedGroup group, KeyType keyType) {
        long seed = suite.ordinal() * 100L + group.ordinal() * 10L + keyType.ordinal();
        CertifiedKey serverKey = TestCredentials.server(keyType);
        // RFC 8422 §5.3: the client lists the curve of the server's ECDSA key too; the server agrees on group alone
        List<NamedGroup> offered = new ArrayList<>(List.of(group));
        NamedGroup keyCurve = NamedCurves.groupOf(serverKey.privateKey());
        if (keyCurve != null && keyCurve != group) {
            offered.add(keyCurve);
        }
        DtlsConfig clientConfig = TestConfigs.client(seed, serverKey).cipherSuites(suite).namedGroups(offered).build();
        // the server lists the suite too: the CCM suites are not in the default list
        DtlsConfig serverConfig = TestConfigs.server(seed, serverKey).cipherSuites(suite).namedGroups(group).build();
        SimulatedLink link = SimulatedLink.builder().seed(seed)
                .connect(DtlsEngine.client(clientConfig, "server.test"), DtlsEngine.server(serverConfig, TestConfigs.CLIENT_ADDRESS));

        link.handshake();

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        SessionInfo atClient = link.client().session();
        SessionInfo atServer = link.server().session();
        assertThat(atClient.cipherSuite()).isEqualTo(suite);
        assertThat(atServer.cipherSuite()).isEqualTo(suite);
        assertThat(atClient.namedGroup()).isEqualTo(group);
        assertThat(atServer.namedGroup()).isEqualTo(group);
        assertThat(atClient.protocolVersion()).isEqualTo("DTLSv1.2").isEqualTo(atServer.protocolVersion());
        assertThat(atClient.extendedMasterSecret()).isTrue();
        assertThat(atServer.extendedMasterSecret()).isTrue();
        assertThat(atClient.peerCertificates()).containsExactly(serverKey.leaf());
        assertThat(atServer.peerCertificates()).isEmpty();
        assertThat(atClient.peerSignatureScheme().keyType()).isEqualTo(expectedSchemeKey(keyType));
        assertThat(link.events(Side.CLIENT, DtlsEvent.HandshakeCompleted.class)).hasSize(1);
        assertThat(link.events(Side.SERVER, DtlsEvent.HandshakeCompleted.class)).hasSize(1);
        // both sides derived the same exporter secret: the same master secret and randoms
        assertThat(link.client().exportKeyingMaterial("EXPERIMENTAL dtls4j", null, 32))
                .isEqualTo(link.server().exportKeyingMaterial("EXPERIMENTAL dtls4j", null, 32));

        Random random = new Random(seed);
        byte[] fromClient = new byte[ONE_MEGABYTE];
        byte[] fromServer = new byte[ONE_MEGABYTE];
        random.nextBytes(fromClient);
        random.nextBytes(fromServer);
        SimulatedLink.Exchange exchange = link.exchange(fromClient, fromServer);

        assertThat(exchange.atServer()).isEqualTo(fromClient);
        assertThat(exchange.atClient()).isEqualTo(fromServer);
        int largestRecord = Math.max(link.client().maxApplicationDataSize(), link.server().maxApplicationDataSize());
        assertThat(link.received(Side.SERVER)).allSatisfy(r -> assertThat(r.length).isLessThanOrEqualTo(largestRecord));
        assertThat(link.received(Side.SERVER).size()).isGreaterThanOrEqualTo(ONE_MEGABYTE / largestRecord);
        assertThat(link.oversizeDropped()).as("datagrams beyond the MTU").isZero();
        assertThat(link.client().stats().droppedBadMac()).isZero();
        assertThat(link.server().stats().droppedBadMac()).isZero();
    }

    private static SignatureScheme.KeyType expectedSchemeKey(KeyType keyType) {
        switch (keyType) {
            case RSA_2048: return SignatureScheme.KeyType.RSA;
            case ED25519: return SignatureScheme.KeyType.ED25519;
            default: return SignatureScheme.KeyType.EC;
        }
    }
}
