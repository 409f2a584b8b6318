package io.dtls4j.session;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.testing.TestCredentials;
import io.dtls4j.testing.TestCredentials.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary form of {@link ResumableSession}: every field survives, and bad input is refused with a reason. */
class ResumableSessionBytesTest {
    private static final byte[] SECRET = new byte[48];

    static {
        Arrays.fill(SECRET, (byte) 0x5A);
    }

    private static ResumableSession certificateSession(KeyType type) {
        CertifiedKey peer = TestCredentials.server(type);
        SessionInfo info = new SessionInfo("DTLSv1.2", CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, NamedGroup.X25519,
                SignatureScheme.ECDSA_SECP256R1_SHA256, peer.chain(), true, peer.leaf().getPublicKey(), null,
                SrtpProfile.SRTP_AEAD_AES_128_GCM, new byte[] {1, 2}, "coap", false);
        byte[] id = new byte[32];
        Arrays.fill(id, (byte) 7);
        return new ResumableSession(id, SECRET, info, "server.test", -12_345L);
    }

    private static void assertSame(ResumableSession decoded, ResumableSession original) {
        assertThat(decoded.id()).isEqualTo(original.id());
        assertThat(decoded.masterSecret()).isEqualTo(original.masterSecret());
        assertThat(decoded.info()).isEqualTo(original.info());
        assertThat(decoded.serverName()).isEqualTo(original.serverName());
        assertThat(decoded.createdAtMillis()).isEqualTo(original.createdAtMillis());
        assertThat(decoded.ticket()).isEqualTo(original.ticket());
        assertThat(decoded.ticketLifetimeHintSeconds()).isEqualTo(original.ticketLifetimeHintSeconds());
        assertThat(decoded.ticketReceivedAtMillis()).isEqualTo(original.ticketReceivedAtMillis());
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048", "ED25519"})
    void aSessionWithPeerCertificateAndTicketSurvivesTheRoundTrip(KeyType type) throws Exception {
        ResumableSession original = certificateSession(type).withTicket(new byte[] {9, 8, 7, 6}, 0xFFFF_FFFFL, 99L);
        ResumableSession decoded = ResumableSession.fromBytes(original.toBytes());
        assertSame(decoded, original);
        assertThat(decoded.info().peerCertificates()).hasSize(1);
        assertThat(decoded.info().peerPublicKey().getEncoded()).isEqualTo(original.info().peerPublicKey().getEncoded());
        assertThat(decoded.toBytes()).isEqualTo(original.toBytes());
    }

    @Test
    void aPskSessionWithoutIdOrOptionalFieldsSurvivesTheRoundTrip() throws Exception {
        SessionInfo info = new SessionInfo("DTLSv1.2", CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, null, null, List.of(), true,
                null, "identité", null, null, null);
        ResumableSession original = new ResumableSession(new byte[0], SECRET, info, null, 1L).withTicket(new byte[300], 0, 5L);
        ResumableSession decoded = ResumableSession.fromBytes(original.toBytes());
        assertSame(decoded, original);
        assertThat(decoded.hasTicket()).isTrue();
        assertThat(decoded.info().pskIdentity()).isEqualTo("identité");
        assertThat(decoded.info().namedGroup()).isNull();
        assertThat(decoded.serverName()).isNull();
    }

    @Test
    void aSessionWithoutTicketDecodesWithoutOne() throws Exception {
        ResumableSession decoded = ResumableSession.fromBytes(certificateSession(KeyType.EC_P256).toBytes());
        assertThat(decoded.hasTicket()).isFalse();
        assertThat(decoded.ticket()).isNull();
    }

    @Test
    void everyTruncationIsRefusedWithAReason() {
        byte[] encoded = certificateSession(KeyType.EC_P256).withTicket(new byte[] {1}, 60, 0).toBytes();
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThatThrownBy(() -> ResumableSession.fromBytes(truncated)).as("first %d bytes", length)
                    .isInstanceOf(SessionFormatException.class).hasMessageNotContaining(HexFormat.of().formatHex(SECRET));
        }
    }

    @Test
    void trailingBytesAnUnknownVersionAndOversizedInputAreRefused() {
        byte[] encoded = certificateSession(KeyType.EC_P256).toBytes();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> ResumableSession.fromBytes(longer)).isInstanceOf(SessionFormatException.class);
        byte[] version2 = encoded.clone();
        version2[0] = 2;
        assertThatThrownBy(() -> ResumableSession.fromBytes(version2)).isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> ResumableSession.fromBytes(new byte[ResumableSession.MAX_ENCODED_LENGTH + 1]))
                .isInstanceOf(SessionFormatException.class);
        assertThatThrownBy(() -> ResumableSession.fromBytes(null)).isInstanceOf(SessionFormatException.class);
    }

    @Test
    void anUnknownCipherSuiteIsRefused() throws Exception {
        byte[] encoded = certificateSession(KeyType.EC_P256).toBytes();
        // version, id<32>, secret[48], flags, created[8], server name<11>, protocol version<8>: then the suite
        int suite = 1 + 1 + 32 + 48 + 1 + 8 + 2 + 11 + 1 + 8;
        assertThat(((encoded[suite] & 0xFF) << 8) | (encoded[suite + 1] & 0xFF))
                .isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.id());
        encoded[suite] = 0x13;
        encoded[suite + 1] = 0x01;
        assertThatThrownBy(() -> ResumableSession.fromBytes(encoded)).isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("cipher suite");
    }

    @Test
    void randomMutationsEitherDecodeOrAreRefusedAndNeverThrowAnythingElse() {
        byte[] encoded = certificateSession(KeyType.EC_P256).withTicket(new byte[] {1, 2, 3}, 60, 0).toBytes();
        Random random = new Random(16);
        int refused = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] mutated = encoded.clone();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                ResumableSession decoded = ResumableSession.fromBytes(mutated);
                assertThat(decoded.toBytes()).hasSizeLessThanOrEqualTo(ResumableSession.MAX_ENCODED_LENGTH);
            } catch (SessionFormatException e) {
                refused++;
            }
        }
        assertThat(refused).as("mutations refused").isPositive();
    }

    @Test
    void theSecretAndTheTicketNeverShowInToString() {
        ResumableSession session = certificateSession(KeyType.EC_P256).withTicket(new byte[] {(byte) 0xAB, (byte) 0xCD}, 60, 0);
        assertThat(session.toString()).doesNotContain(HexFormat.of().formatHex(SECRET)).doesNotContain("abcd")
                .contains("ticket=2 bytes");
    }

    @Test
    void aTicketExpiresByItsLifetimeHintOnly() {
        ResumableSession session = certificateSession(KeyType.EC_P256);
        assertThat(session.ticketExpired(Long.MAX_VALUE)).isFalse();
        ResumableSession hinted = session.withTicket(new byte[] {1}, 10, 1_000);
        assertThat(hinted.ticketExpired(10_999)).isFalse();
        assertThat(hinted.ticketExpired(11_000)).isTrue();
        assertThat(session.withTicket(new byte[] {1}, 0, 0).ticketExpired(Long.MAX_VALUE / 2)).isFalse();
        assertThatThrownBy(() -> session.withTicket(new byte[0], 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.withTicket(new byte[1], 1L << 32, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
