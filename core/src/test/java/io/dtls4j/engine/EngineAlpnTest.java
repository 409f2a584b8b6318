package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ALPN (RFC 7301) between two engines: preference, selector, required and optional. */
class EngineAlpnTest {
    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);

    private SimulatedLink handshake(DtlsConfig.Builder client, DtlsConfig.Builder server, long seed) {
        SimulatedLink link = SimulatedLink.builder().seed(seed).connect(DtlsEngine.client(client.build(), "server.test"),
                DtlsEngine.server(server.build(), TestConfigs.CLIENT_ADDRESS));
        link.handshake();
        return link;
    }

    private static DtlsException failure(SimulatedLink link, Side side) {
        return link.events(side, DtlsEvent.Failed.class).get(0).cause();
    }

    @Test
    void theServerPicksTheFirstOfItsProtocolsThatTheClientOffered() {
        SimulatedLink link = handshake(TestConfigs.client(1, serverKey).applicationProtocols("coap", "webrtc", "c-webrtc"),
                TestConfigs.server(1, serverKey).applicationProtocols("c-webrtc", "webrtc"), 1);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().applicationProtocol()).isEqualTo("c-webrtc");
        assertThat(link.server().session().applicationProtocol()).isEqualTo("c-webrtc");
    }

    @Test
    void aSelectorSeesTheClientsNamesInOrderAndChooses() {
        List<List<String>> seen = new ArrayList<>();
        SimulatedLink link = handshake(TestConfigs.client(2, serverKey).applicationProtocols("webrtc", "coap", "ümlaut"),
                TestConfigs.server(2, serverKey).applicationProtocolSelector(offered -> {
                    seen.add(offered);
                    return offered.get(2);
                }), 2);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(seen).containsExactly(List.of("webrtc", "coap", "ümlaut"));
        assertThat(link.client().session().applicationProtocol()).isEqualTo("ümlaut");
    }

    @Test
    void noCommonProtocolWithARequiringServerIsNoApplicationProtocol() {
        SimulatedLink link = handshake(TestConfigs.client(3, serverKey).applicationProtocols("coap"),
                TestConfigs.server(3, serverKey).applicationProtocols("webrtc").requireApplicationProtocol(true), 3);

        assertThat(link.bothConnected()).isFalse();
        assertThat(failure(link, Side.SERVER).alert()).isEqualTo(AlertDescription.NO_APPLICATION_PROTOCOL);
        assertThat(failure(link, Side.SERVER)).hasMessageContaining("[coap]");
        assertThat(failure(link, Side.CLIENT).alert()).isEqualTo(AlertDescription.NO_APPLICATION_PROTOCOL);
        assertThat(failure(link, Side.CLIENT).alertFromPeer()).isTrue();
    }

    @Test
    void aSelectorThatDeclinesWithARequiringServerIsNoApplicationProtocol() {
        SimulatedLink link = handshake(TestConfigs.client(4, serverKey).applicationProtocols("coap"),
                TestConfigs.server(4, serverKey).applicationProtocolSelector(offered -> null).requireApplicationProtocol(true), 4);

        assertThat(failure(link, Side.SERVER).alert()).isEqualTo(AlertDescription.NO_APPLICATION_PROTOCOL);
    }

    @Test
    void noCommonProtocolWithoutRequirementCompletesWithoutAProtocol() {
        SimulatedLink link = handshake(TestConfigs.client(5, serverKey).applicationProtocols("coap"),
                TestConfigs.server(5, serverKey).applicationProtocols("webrtc"), 5);

        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        assertThat(link.client().session().applicationProtocol()).isNull();
        assertThat(link.server().session().applicationProtocol()).isNull();
    }

    @Test
    void aServerWithoutAlpnIgnoresTheOfferAndAClientThatRequiresItFails() {
        SimulatedLink optional = handshake(TestConfigs.client(6, serverKey).applicationProtocols("webrtc"),
                TestConfigs.server(6, serverKey), 6);
        assertThat(optional.bothConnected()).isTrue();
        assertThat(optional.client().session().applicationProtocol()).isNull();

        SimulatedLink required = handshake(TestConfigs.client(7, serverKey).applicationProtocols("webrtc")
                .requireApplicationProtocol(true), TestConfigs.server(7, serverKey), 7);
        assertThat(failure(required, Side.CLIENT).alert()).isEqualTo(AlertDescription.NO_APPLICATION_PROTOCOL);
        assertThat(failure(required, Side.CLIENT).alertFromPeer()).isFalse();
    }

    @Test
    void protocolNamesMustBeOneTo255BytesAndRequirementsNeedAConfiguration() {
        DtlsConfig.Builder b = DtlsConfig.builder();
        assertThatThrownBy(() -> b.applicationProtocols("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.applicationProtocols("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.applicationProtocols("ü".repeat(128))).as("256 bytes in UTF-8")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.applicationProtocols("a", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.applicationProtocols("x".repeat(255)).build().applicationProtocols()).hasSize(1);
        assertThatThrownBy(() -> DtlsConfig.builder().requireApplicationProtocol(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("applicationProtocols");
        assertThatThrownBy(() -> DtlsConfig.builder().requireSrtp(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("srtpProfiles");
    }
}
