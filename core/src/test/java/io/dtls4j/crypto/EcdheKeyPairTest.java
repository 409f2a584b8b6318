package io.dtls4j.crypto;

import io.dtls4j.config.EphemeralKeySource;
import io.dtls4j.config.NamedGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.ECFieldFp;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EcdheKeyPairTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void bothSidesAgreeOnTheSameSecret(NamedGroup group) throws Exception {
        EcdheKeyPair client = EcdheKeyPair.generate(group, RANDOM);
        EcdheKeyPair server = EcdheKeyPair.generate(group, RANDOM);
        assertThat(client.group()).isEqualTo(group);
        byte[] clientSecret = client.agree(server.publicKey());
        byte[] serverSecret = server.agree(client.publicKey());
        assertThat(clientSecret).isEqualTo(serverSecret);
        int fieldBytes = switch (group) {
            case SECP384R1 -> 48;
            case SECP521R1 -> 66;
            default -> 32;
        };
        assertThat(clientSecret).hasSize(fieldBytes);
        assertThat(client.publicKey()).isNotEqualTo(server.publicKey());
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void publicValuesHaveTheWireLengthAndForm(NamedGroup group) {
        byte[] pub = EcdheKeyPair.generate(group, RANDOM).publicKey();
        assertThat(pub).hasSize(group.publicKeyLength());
        if (group != NamedGroup.X25519) {
            assertThat(pub[0]).isEqualTo((byte) 4);
        }
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void rejectsPublicValuesOfTheWrongLength(NamedGroup group) {
        EcdheKeyPair pair = EcdheKeyPair.generate(group, RANDOM);
        byte[] good = EcdheKeyPair.generate(group, RANDOM).publicKey();
        for (int length : new int[] {0, 1, good.length - 1, good.length + 1, (good.length + 1) / 2}) {
            byte[] bad = Arrays.copyOf(good, length);
            assertThatThrownBy(() -> pair.agree(bad)).as("length %d", length).isInstanceOf(InvalidKeyException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1"})
    void rejectsCompressedAndOtherPointForms(NamedGroup group) {
        EcdheKeyPair pair = EcdheKeyPair.generate(group, RANDOM);
        byte[] good = EcdheKeyPair.generate(group, RANDOM).publicKey();
        int fieldLength = (good.length - 1) / 2;
        // the compressed encoding itself: 0x02/0x03 || X
        for (int prefix : new int[] {2, 3}) {
            byte[] compressed = Arrays.copyOf(good, 1 + fieldLength);
            compressed[0] = (byte) prefix;
            assertThatThrownBy(() -> pair.agree(compressed)).isInstanceOf(InvalidKeyException.class);
        }
        // a full-length value whose first byte is not 0x04 (compressed, hybrid 0x06/0x07, junk)
        for (int prefix : new int[] {0, 2, 3, 6, 7, 5, 0xFF}) {
            byte[] other = good.clone();
            other[0] = (byte) prefix;
            assertThatThrownBy(() -> pair.agree(other)).as("prefix %d", prefix).isInstanceOf(InvalidKeyException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1"})
    void rejectsPointsOffTheCurveOrOutOfRange(NamedGroup group) {
        EcdheKeyPair pair = EcdheKeyPair.generate(group, RANDOM);
        byte[] good = EcdheKeyPair.generate(group, RANDOM).publicKey();
        int n = (good.length - 1) / 2;
        byte[] offCurve = good.clone();
        offCurve[good.length - 1] ^= 1;
        assertThatThrownBy(() -> pair.agree(offCurve)).isInstanceOf(InvalidKeyException.class);

        byte[] zero = new byte[good.length];
        zero[0] = 4;
        assertThatThrownBy(() -> pair.agree(zero)).as("(0, 0)").isInstanceOf(InvalidKeyException.class);

        // X = p (and Y of the honest point): out of the field even though X mod p might fit
        String curve = group == NamedGroup.SECP256R1 ? NamedCurves.SECP256R1 : NamedCurves.SECP384R1;
        BigInteger p = ((ECFieldFp) NamedCurves.parameters(curve).getCurve().getField()).getP();
        byte[] xIsP = good.clone();
        byte[] pBytes = p.toByteArray();
        System.arraycopy(pBytes, pBytes.length - n, xIsP, 1, n);
        assertThatThrownBy(() -> pair.agree(xIsP)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void x25519RejectsLowOrderValuesThatGiveAZeroSecret() {
        EcdheKeyPair pair = EcdheKeyPair.generate(NamedGroup.X25519, RANDOM);
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        assertThatThrownBy(() -> pair.agree(zero)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> pair.agree(one)).isInstanceOf(InvalidKeyException.class);
        // p = 2^255 - 19 is 0 modulo p
        byte[] p = new byte[32];
        Arrays.fill(p, (byte) 0xFF);
        p[0] = (byte) 0xED;
        p[31] = 0x7F;
        assertThatThrownBy(() -> pair.agree(p)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void x25519IgnoresTheTopBitOfThePeerValue() throws Exception {
        EcdheKeyPair ours = EcdheKeyPair.generate(NamedGroup.X25519, RANDOM);
        byte[] peer = EcdheKeyPair.generate(NamedGroup.X25519, RANDOM).publicKey();
        byte[] flagged = peer.clone();
        flagged[31] |= (byte) 0x80;
        assertThat(ours.agree(flagged)).isEqualTo(ours.agree(peer));
    }

    @Test
    void publicKeyReturnsACopy() {
        EcdheKeyPair pair = EcdheKeyPair.generate(NamedGroup.X25519, RANDOM);
        byte[] first = pair.publicKey();
        first[0] ^= 1;
        assertThat(pair.publicKey()).isNotEqualTo(first);
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void aSourcesPairIsRefusedOnAnyOtherGroup(NamedGroup group) {
        KeyPair pair = EphemeralKeySource.generate(group, RANDOM);
        assertThat(EcdheKeyPair.of(group, pair).publicKey()).hasSize(group.publicKeyLength());
        for (NamedGroup other : NamedGroup.values()) {
            if (other != group) {
                assertThatThrownBy(() -> EcdheKeyPair.of(other, pair)).as("%s pair as %s", group, other)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on " + other);
            }
        }
    }
}
