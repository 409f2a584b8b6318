package io.dtls4j.engine;

import io.dtls4j.AlertDescription;
import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.DatagramMutator;
import io.dtls4j.testing.SimulatedLink;
import io.dtls4j.testing.SimulatedLink.Side;
import io.dtls4j.testing.TestConfigs;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * State-machine fuzzing on the simulated link. A clean handshake is run first to learn its
 * datagrams; then, per seed, the same handshake runs with one of those datagrams damaged (each
 * position in turn) and a few others damaged at random. Every run must end, without an exception
 * from the engines or an internal error, either CONNECTED on both sides with the same keys (shown by
 * application data arriving intact) or with a side FAILED: never one side CONNECTED and the other
 * stuck, and never altered or repeated application data delivered.
 */
class EngineMutationFuzzTest {
    /** Runs per build; a longer campaign: {@code -Ddtls4j.fuzz.seeds=100000 -Ddtls4j.fuzz.firstSeed=400}. */
    private static final int SEEDS = Integer.getInteger("dtls4j.fuzz.seeds", 400);
    private static final int FIRST_SEED = Integer.getInteger("dtls4j.fuzz.firstSeed", 0);
    private static final double EXTRA_MUTATION_RATE = 0.03;
    private static final int MESSAGES = 6;

    /** The handshake shapes fuzzed: cookie exchange on/off, client authentication on/off. */
    private enum Variant {
        COOKIE(true, false), NO_COOKIE(false, false), COOKIE_CLIENT_AUTH(true, true), NO_COOKIE_CLIENT_AUTH(false, true);

        final boolean cookie;
        final boolean clientAuth;

        Variant(boolean cookie, boolean clientAuth) {
            this.cookie = cookie;
            this.clientAuth = clientAuth;
        }
    }

    private record Target(Side from, int index) {
    }

    private final CertifiedKey serverKey = TestCredentials.server(KeyType.EC_P256);
    private final CertifiedKey clientKey = TestCredentials.client(KeyType.EC_P256);
    private final Map<Variant, List<Target>> cleanDatagrams = new EnumMap<>(Variant.class);

    @Test
    void damagedHandshakesEndConnectedWithTheSameKeysOrFailedAndNeverDeliverForgedData() {
        Map<String, Integer> outcomes = new HashMap<>();
        for (int seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            Variant variant = Variant.values()[seed % Variant.values().length];
            List<Target> clean = cleanDatagrams.computeIfAbsent(variant, this::cleanRun);
            Target target = clean.get((seed / Variant.values().length) % clean.size());
            String outcome = fuzzOnce(seed, variant, target);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        // the damage was real: some runs failed; and the engines recovered from much of it
        assertThat(outcomes).containsKeys("connected", "failed");
        assertThat(outcomes.get("connected")).isGreaterThan(SEEDS / 4);
    }

    /** A clean handshake of {@code variant}: every datagram either side sent, in order. */
    private List<Target> cleanRun(Variant variant) {
        SimulatedLink link = link(0, variant, null);
        link.handshake();
        link.runUntilQuiet();
        assertThat(link.bothConnected()).as(link.describe()).isTrue();
        List<Target> targets = new ArrayList<>();
        for (Side side : Side.values()) {
            for (int i = 0; i < link.sent(side).size(); i++) {
                targets.add(new Target(side, i));
            }
        }
        return targets;
    }

    private SimulatedLink link(long seed, Variant variant, SimulatedLink.Interceptor interceptor) {
        DtlsConfig.Builder client = TestConfigs.client(seed, serverKey);
        DtlsConfig.Builder server = TestConfigs.server(seed, serverKey).cookieExchange(variant.cookie);
        if (variant.clientAuth) {
            client.certifiedKey(clientKey);
            server.clientAuth(ClientAuth.REQUIRED).peerVerifier(TestCredentials.expecting(clientKey.leaf()));
        }
        return SimulatedLink.builder().seed(seed).maxSteps(20_000).interceptor(interceptor)
                .connect(DtlsEngine.client(client.build(), "server.test"), DtlsEngine.server(server.build(), TestConfigs.CLIENT_ADDRESS));
    }

    private String fuzzOnce(long seed, Variant variant, Target target) {
        Random random = new Random(seed);
        List<String> applied = new ArrayList<>();
        boolean[] damaging = {true};
        SimulatedLink link = link(seed, variant, (from, index, datagram) -> {
            boolean targeted = from == target.from && index == target.index;
            if (damaging[0] && (targeted || random.nextDouble() < EXTRA_MUTATION_RATE)) {
                DatagramMutator.Mutation m = DatagramMutator.mutate(datagram, random);
                applied.add(from + "#" + index + ": " + m.description());
                return m.bytes();
            }
            return datagram;
        });
        // the mutations list fills in as the run goes: describe it when an assertion reads it
        Object context = new Object() {
            @Override
            public String toString() {
                return "seed " + seed + " " + variant + " target " + target + " mutations " + applied;
            }
        };

        link.handshake();
        link.runUntilQuiet();
        assertNoInternalErrors(link, context);
        for (Side side : Side.values()) {
            assertThat(link.received(side)).as("application data before any was sent; " + context).isEmpty();
            assertThat(link.events(side, DtlsEvent.HandshakeCompleted.class)).as("%s", context).hasSizeLessThanOrEqualTo(1);
        }
        if (!link.bothConnected()) {
            for (Side side : Side.values()) {
                DtlsEngine engine = link.engine(side);
                boolean idleServer = side == Side.SERVER && engine.state() == EngineState.HANDSHAKING
                        && engine.nextDeadline() == Long.MAX_VALUE;
                if (engine.state() == EngineState.CONNECTED || idleServer) {
                    assertThat(link.engine(side.peer()).state()).as("the peer of a " + engine.state() + " " + side
                            + " has ended; " + context + "; " + link.describe()).isEqualTo(EngineState.FAILED);
                } else {
                    assertThat(engine.state()).as(side + " ended; " + context + "; " + link.describe()).isEqualTo(EngineState.FAILED);
                }
            }
            return "failed";
        }

        // keys agree on both sides
        assertThat(link.client().exportKeyingMaterial("EXPERIMENTAL fuzz", null, 32)).as("%s", context)
                .isEqualTo(link.server().exportKeyingMaterial("EXPERIMENTAL fuzz", null, 32));

        // application data through the damaging link: what arrives is exactly what was sent, once
        for (Side from : Side.values()) {
            for (int id = 0; id < MESSAGES; id++) {
                link.send(from, message(seed, from, id));
            }
        }
        link.runUntilQuiet();
        assertNoInternalErrors(link, context);
        for (Side to : Side.values()) {
            Set<Integer> seen = new HashSet<>();
            for (byte[] data : link.received(to)) {
                int id = ByteBuffer.wrap(data).getInt();
                assertThat(id).as("%s", context).isBetween(0, MESSAGES - 1);
                assertThat(data).as("message %d to %s intact; %s", id, to, context).isEqualTo(message(seed, to.peer(), id));
                assertThat(seen.add(id)).as("message %d to %s delivered once; %s", id, to, context).isTrue();
            }
        }
        assertThat(link.bothConnected()).as("damaged records do not end an association; " + context + "; " + link.describe()).isTrue();

        // and with the link repaired, everything arrives
        damaging[0] = false;
        byte[] fromClient = message(seed, Side.CLIENT, 1000);
        byte[] fromServer = message(seed, Side.SERVER, 1000);
        SimulatedLink.Exchange exchange = link.exchange(fromClient, fromServer);
        assertThat(exchange.atServer()).as("%s", context).isEqualTo(fromClient);
        assertThat(exchange.atClient()).as("%s", context).isEqualTo(fromServer);
        return "connected";
    }

    private static void assertNoInternalErrors(SimulatedLink link, Object context) {
        for (Side side : Side.values()) {
            for (DtlsEvent.Failed failed : link.events(side, DtlsEvent.Failed.class)) {
                if (failed.cause().alert() == AlertDescription.INTERNAL_ERROR && !failed.cause().alertFromPeer()) {
                    fail(side + " failed with an internal error (an engine bug): " + context, failed.cause());
                }
            }
        }
    }

    private static byte[] message(long seed, Side from, int id) {
        Random r = new Random(seed * 31 + from.ordinal() * 7919L + id);
        byte[] body = new byte[50 + r.nextInt(400)];
        r.nextBytes(body);
        return ByteBuffer.allocate(4 + body.length).putInt(id).put(body).array();
    }
}
