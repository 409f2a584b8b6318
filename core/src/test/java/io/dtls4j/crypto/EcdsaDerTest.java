package io.dtls4j.crypto;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EcdsaDerTest {
    private static final BigInteger ORDER = NamedCurves.parameters(NamedCurves.SECP256R1).getOrder();

    private static boolean strict(String hex) {
        return EcdsaDer.isStrict(Hex.decode(hex), ORDER);
    }

    @Test
    void acceptsMinimalDer() {
        assertThat(strict("3006020101020102")).isTrue();
        // r with its top bit set needs the leading zero
        assertThat(strict("300702020080020101")).isTrue();
    }

    @Test
    void refusesBerAndOddForms() {
        assertThat(strict("")).isFalse();
        assertThat(strict("30")).isFalse();
        assertThat(strict("3081060201010201 02".replace(" ", ""))).isFalse(); // long-form length below 128
        assertThat(strict("300702020001020101")).isFalse(); // padded integer
        assertThat(strict("3006020181020101")).isFalse(); // negative r
        assertThat(strict("300602010102010200")).isFalse(); // trailing byte after the SEQUENCE
        assertThat(strict("3007020101020102")).isFalse(); // SEQUENCE length past the end
        assertThat(strict("30050201010201")).isFalse(); // truncated s
        assertThat(strict("3008020101020102 0500".replace(" ", ""))).isFalse(); // extra element inside
        assertThat(strict("3106020101020102")).isFalse(); // SET, not SEQUENCE
        assertThat(strict("3006030101020102")).isFalse(); // BIT STRING, not INTEGER
        assertThat(strict("30800201010201020000")).isFalse(); // indefinite length
        assertThat(strict("30050200020101")).isFalse(); // empty INTEGER
    }

    @Test
    void refusesValuesOutsideOneToOrderMinusOne() {
        assertThat(strict("3006020100020101")).isFalse(); // r = 0
        assertThat(strict("3006020101020100")).isFalse(); // s = 0
        byte[] n = ORDER.toByteArray(); // 33 bytes: a leading zero then the 32-byte order
        String nHex = Hex.encode(n);
        assertThat(strict("3026" + "0221" + nHex + "020101")).isFalse();
        String nMinusOne = Hex.encode(ORDER.subtract(BigInteger.ONE).toByteArray());
        assertThat(strict("3026" + "0221" + nMinusOne + "020101")).isTrue();
    }
}
