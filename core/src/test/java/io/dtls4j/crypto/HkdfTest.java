package io.dtls4j.crypto;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HkdfTest {
    private static byte[] range(int from, int toInclusive) {
        byte[] b = new byte[toInclusive - from + 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] repeat(int value, int count) {
        byte[] b = new byte[count];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static void check(String algorithm, byte[] ikm, byte[] salt, byte[] info, int length, String prk, String okm) {
        byte[] actualPrk = Hkdf.extract(algorithm, salt, ikm);
        assertThat(Hex.encode(actualPrk)).isEqualTo(prk);
        assertThat(Hex.encode(Hkdf.expand(algorithm, actualPrk, info, length))).isEqualTo(okm);
    }

    @Test
    void rfc5869TestCase1BasicSha256() {
        check("HmacSHA256", repeat(0x0b, 22), range(0x00, 0x0c), range(0xf0, 0xf9), 42,
                "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void rfc5869TestCase2LongInputsSha256() {
        check("HmacSHA256", range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82,
                "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfoSha256() {
        check("HmacSHA256", repeat(0x0b, 22), new byte[0], new byte[0], 42,
                "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void rfc5869TestCases4To6Sha1() {
        check("HmacSHA1", repeat(0x0b, 11), range(0x00, 0x0c), range(0xf0, 0xf9), 42,
                "9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243",
                "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896");
        check("HmacSHA1", range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82,
                "8adae09a2a307059478d309b26c4115a224cfaf6",
                "0bd770a74d1160f7c9f12cd5912a06ebff6adcae899d92191fe4305673ba2ffe"
                        + "8fa3f1a4e5ad79f3f334b3b202b2173c486ea37ce3d397ed034c7f9dfeb15c5e"
                        + "927336d0441f4c4300e2cff0d0900b52d3b4");
        check("HmacSHA1", repeat(0x0b, 22), new byte[0], new byte[0], 42,
                "da8c8a73c7fa77288ec6f5e7c297786aa0d32d01",
                "0ac1af7002b3d761d1e55298da9d0506b9ae52057220a306e07b6b87e8df21d0ea00033de03984d34918");
    }

    @Test
    void rfc5869TestCase7SaltNotProvided() {
        check("HmacSHA1", repeat(0x0c, 22), null, new byte[0], 42,
                "2adccada18779e7c2077ad2eb19d3f3e731385dd",
                "2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48");
    }

    @Test
    void expandRefusesLengthsOutsideTheRfcLimit() {
        byte[] prk = new byte[32];
        assertThat(Hkdf.expand("HmacSHA256", prk, null, 255 * 32)).hasSize(255 * 32);
        assertThat(Hkdf.expand("HmacSHA256", prk, null, 0)).isEmpty();
        assertThatThrownBy(() -> Hkdf.expand("HmacSHA256", prk, null, 255 * 32 + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand("HmacSHA384", prk, null, 255 * 48 + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand("HmacSHA256", prk, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Wycheproof HKDF: ikm, salt, info, size → okm. "valid" must match; "invalid" are sizes above
     * 255 * HashLen, which must be refused.
     */
    @Test
    void wycheproofHkdfSha256() {
        runWycheproof("hkdf_sha256_test.json", "HmacSHA256");
    }

    @Test
    void wycheproofHkdfSha384() {
        runWycheproof("hkdf_sha384_test.json", "HmacSHA384");
    }

    private void runWycheproof(String file, String algorithm) {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (Wycheproof.Case c : Wycheproof.cases(file)) {
            ran++;
            int size = c.test().get("size").asInt();
            try {
                byte[] okm = Hkdf.expand(algorithm, Hkdf.extract(algorithm, c.hex("salt"), c.hex("ikm")), c.hex("info"), size);
                if (!c.result().equals("valid")) {
                    failures.add(c + ": produced output");
                } else if (!Arrays.equals(okm, c.hex("okm"))) {
                    failures.add(c + ": okm " + Hex.encode(okm));
                }
            } catch (IllegalArgumentException e) {
                if (c.result().equals("valid")) {
                    failures.add(c + ": refused: " + e.getMessage());
                }
            }
        }
        assertThat(ran).isGreaterThan(0);
        System.out.printf("Wycheproof %s: %d cases ran%n", file, ran);
        assertThat(failures).as("%d cases ran", ran).isEmpty();
    }

    @Test
    void expandLabelWithTheTls13PrefixGivesRfc8448sServerHandshakeKeyAndIv() {
        // RFC 8448 §3, "{server} derive write traffic keys for handshake data"
        byte[] secret = Hex.decode("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
        assertThat(Hex.encode(Hkdf.expandLabel("HmacSHA256", "tls13 ", secret, "key", new byte[0], 16)))
                .isEqualTo("3fce516009c21727d0f2e4e86ee403bc");
        assertThat(Hex.encode(Hkdf.expandLabel("HmacSHA256", "tls13 ", secret, "iv", new byte[0], 12)))
                .isEqualTo("5d313eb2671276ee13000b30");
        // and the info it hashes is RFC 8448's "key info" 00 10 09 "tls13 key" 00
        assertThat(Hkdf.expandLabel("HmacSHA256", "tls13 ", secret, "key", new byte[0], 16))
                .isEqualTo(Hkdf.expand("HmacSHA256", secret, Hex.decode("001009746c73313320" + "6b6579" + "00"), 16));
    }

    @Test
    void expandLabelUsesTheDtls13PrefixWithoutASpace() {
        // RFC 9147 §5.9: "dtls13" + "sn", length 16, empty context
        byte[] secret = range(0x00, 0x1f);
        assertThat(Hkdf.expandLabel("HmacSHA256", secret, "sn", new byte[0], 16))
                .isEqualTo(Hkdf.expand("HmacSHA256", secret, Hex.decode("0010" + "08" + "64746c733133" + "736e" + "00"), 16));
        assertThat(Hkdf.expandLabel("HmacSHA384", secret, "key", new byte[] {1, 2}, 32))
                .isEqualTo(Hkdf.expand("HmacSHA384", secret, Hex.decode("0020" + "09" + "64746c733133" + "6b6579" + "02" + "0102"), 32));
    }
}
