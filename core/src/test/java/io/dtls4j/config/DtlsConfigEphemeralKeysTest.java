package io.dtls4j.config;

import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class DtlsConfigEphemeralKeysTest {
    private static final PreSharedKey KEY = PreSharedKey.of("device", new byte[16]);
    private static final EphemeralKeySource TRANSPORT_POOL = PregeneratedEphemeralKeys.on(Runnable::run);
    private static final Executor TRANSPORT_THREADS = Runnable::run;

    @Test
    void theDefaultGeneratesInlineAndIsNotTheApplicationsChoice() {
        DtlsConfig config = DtlsConfig.builder().build();

        assertThat(config.ephemeralKeysChosen()).isFalse();
        assertThat(config.ephemeralKeys().next(NamedGroup.X25519, new SecureRandom()).getPublic().getAlgorithm())
                .isIn("XDH", "X25519");
    }

    @Test
    void anApplicationsSourceWinsOverATransportsDefault() {
        EphemeralKeySource own = EphemeralKeySource.inline();
        DtlsConfig config = DtlsConfig.builder().ephemeralKeys(own).build();

        assertThat(config.ephemeralKeysChosen()).isTrue();
        DtlsConfig derived = config.withTransportDefaults(TRANSPORT_POOL, TRANSPORT_THREADS);
        assertThat(derived.ephemeralKeys()).isSameAs(own);
        assertThat(derived.ephemeralKeysChosen()).isTrue();
        assertThat(derived.cryptoExecutor()).isSameAs(TRANSPORT_THREADS);
        DtlsConfig bothChosen = DtlsConfig.builder().ephemeralKeys(own).cryptoExecutor(Runnable::run).build();
        assertThat(bothChosen.withTransportDefaults(TRANSPORT_POOL, TRANSPORT_THREADS)).isSameAs(bothChosen);
    }

    @Test
    void theDerivedConfigurationDiffersInTheKeySourceOnly() throws Exception {
        Consumer<String> keyLog = line -> { };
        DtlsConfig config = DtlsConfig.builder()
                .pskKeyStore(PskKeyStore.of(KEY)) // the default suites then gain PSK suites, which must not be added twice
                .pskIdentityHint("hint")
                .psk(KEY)
                .rejectUnknownPskIdentity(true)
                .namedGroups(NamedGroup.SECP256R1)
                .signatureSchemes(SignatureScheme.ECDSA_SECP256R1_SHA256)
                .clientAuth(ClientAuth.OPTIONAL)
                .cookieExchange(false)
                .requireExtendedMasterSecret(false)
                .sessionTickets(false)
                .mtu(1400)
                .retransmitMillis(300, 5000)
                .maxRetransmissions(3)
                .replayWindowSize(256)
                .random(new SecureRandom())
                .keyLog(keyLog)
                .wallClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .srtpProfiles(SrtpProfile.values()[0])
                .srtpMki(new byte[] {1, 2})
                .acceptSrtpMki(true)
                .applicationProtocols("coap")
                .applicationProtocolSelector(offered -> offered.get(0))
                .requireApplicationProtocol(true)
                .connectionIdLength(4)
                .recordSizeLimit(512)
                .build();

        DtlsConfig derived = config.withTransportDefaults(TRANSPORT_POOL, TRANSPORT_THREADS);

        assertThat(derived).isNotSameAs(config);
        assertThat(derived.ephemeralKeys()).isSameAs(TRANSPORT_POOL);
        assertThat(derived.ephemeralKeysChosen()).isFalse();
        assertThat(derived.cryptoExecutor()).isSameAs(TRANSPORT_THREADS);
        assertThat(derived.cryptoExecutorChosen()).isFalse();
        assertThat(differingFields(config, derived)).containsExactly("ephemeralKeys", "cryptoExecutor");
        assertThat(derived.cipherSuites()).doesNotHaveDuplicates();
        assertThat(derived.withTransportDefaults(TRANSPORT_POOL, TRANSPORT_THREADS)).isSameAs(derived);

        // each setting the application chose stays; only the other one changes
        DtlsConfig executorChosen = config.toBuilder().cryptoExecutor(Runnable::run).build();
        assertThat(differingFields(executorChosen, executorChosen.withTransportDefaults(TRANSPORT_POOL, TRANSPORT_THREADS)))
                .containsExactly("ephemeralKeys");
        DtlsConfig keysChosen = config.toBuilder().ephemeralKeys(EphemeralKeySource.inline()).build();
        assertThat(differingFields(keysChosen, keysChosen.withTransportDefaults(TRANSPORT_POOL, TRANSPORT_THREADS)))
                .containsExactly("cryptoExecutor");
        assertThat(differingFields(config, config.withTransportDefaults(TRANSPORT_POOL, null)))
                .as("no executor given: a server's transport").containsExactly("ephemeralKeys");
        assertThat(differingFields(config, config.toBuilder().build())).isEmpty();
    }

    /** The names of the instance fields whose values differ (deep equality); fails if the comparison misses the usual ones. */
    private static List<String> differingFields(DtlsConfig a, DtlsConfig b) throws IllegalAccessException {
        List<String> differing = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        for (Field field : DtlsConfig.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            compared.add(field.getName());
            if (!Objects.deepEquals(field.get(a), field.get(b))) {
                differing.add(field.getName());
            }
        }
        assertThat(compared).contains("cipherSuites", "random", "recordSizeLimit", "cryptoExecutor");
        return differing;
    }
}
