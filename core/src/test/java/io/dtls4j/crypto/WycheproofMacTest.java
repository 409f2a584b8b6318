package io.dtls4j.crypto;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wycheproof HMAC vectors through {@link Hmac#keyed}, the Mac the PRF, HKDF and cookies use. The tag
 * is the MAC cut to the group's tagSize; "valid" must match, "invalid" (modified tags) must not.
 */
class WycheproofMacTest {

    @Test
    void hmacSha256() {
        run("hmac_sha256_test.json", "HmacSHA256");
    }

    @Test
    void hmacSha384() {
        run("hmac_sha384_test.json", "HmacSHA384");
    }

    private void run(String file, String algorithm) {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (Wycheproof.Case c : Wycheproof.cases(file)) {
            int tagBytes = c.group().get("tagSize").asInt() / 8;
            byte[] mac = Hmac.keyed(algorithm, c.hex("key")).doFinal(c.hex("msg"));
            boolean matches = MessageDigest.isEqual(Arrays.copyOf(mac, tagBytes), c.hex("tag"));
            if (matches != c.result().equals("valid")) {
                failures.add(c + ": mac " + Hex.encode(mac));
            }
            ran++;
        }
        assertThat(ran).isGreaterThan(0);
        System.out.printf("Wycheproof %s: %d cases ran%n", file, ran);
        assertThat(failures).as("%d cases ran", ran).isEmpty();
    }
}
