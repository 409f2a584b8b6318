package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite.Aead;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wycheproof AEAD vectors through {@link AeadCipher}, the JCA path RecordCipher uses. Only the
 * parameters DTLS 1.2 records use run (12-byte nonce, 16-byte tag, the key sizes of our suites);
 * the others are counted as skipped. "valid" must seal to ct || tag and open to msg; "invalid" must
 * not open.
 */
class WycheproofAeadTest {

    @Test
    void aesGcm() {
        run("aes_gcm_test.json", keyBits -> keyBits == 128 ? Aead.AES_128_GCM : keyBits == 256 ? Aead.AES_256_GCM : null);
    }

    @Test
    void chacha20Poly1305() {
        run("chacha20_poly1305_test.json", keyBits -> keyBits == 256 ? Aead.CHACHA20_POLY1305 : null);
    }

    /**
     * Every aes_ccm case through {@link Ccm}: all nonce (7 to 13 bytes) and tag (4, 6, ..., 16 bytes)
     * lengths CCM allows run; the others must be refused, which the vectors mark invalid.
     */
    @Test
    void aesCcmThroughOurCcm() {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        int refused = 0;
        for (Wycheproof.Case c : Wycheproof.cases("aes_ccm_test.json")) {
            ran++;
            int tagLength = c.group().get("tagSize").asInt() / 8;
            Vector v = Vector.of(c);
            byte[] key = v.key();
            boolean valid = v.valid();
            Ccm ccm;
            try {
                ccm = new Ccm(key, tagLength);
            } catch (IllegalArgumentException e) {
                refused++;
                if (valid) {
                    failures.add(c + ": refused " + e.getMessage());
                }
                continue;
            }
            v.checkOpen(ccm::open, c, failures);
            try {
                byte[] out = v.seal(ccm::seal, tagLength);
                if (!valid && (v.nonce().length < Ccm.MIN_NONCE || v.nonce().length > Ccm.MAX_NONCE)) {
                    failures.add(c + ": sealed with a nonce length CCM does not allow");
                } else if (valid && !Arrays.equals(out, v.sealed())) {
                    failures.add(c + ": seal gave " + Hex.encode(out));
                }
            } catch (IllegalArgumentException e) {
                refused++;
                if (valid) {
                    failures.add(c + ": seal refused " + e.getMessage());
                }
            }
        }
        assertThat(ran).isGreaterThan(0);
        System.out.printf("Wycheproof aes_ccm_test.json: %d cases ran through Ccm, %d refused as lengths CCM does not allow%n", ran, refused);
        assertThat(failures).as("%d cases ran", ran).isEmpty();
    }

    @Test
    void aesCcmThroughTheRecordPath() {
        run("aes_ccm_test.json", keyBits -> keyBits == 128 ? Aead.AES_128_CCM : keyBits == 256 ? Aead.AES_256_CCM : null);
    }

    @Test
    void aesCcm8ThroughTheRecordPath() {
        run("aes_ccm_test.json", 64, keyBits -> keyBits == 128 ? Aead.AES_128_CCM_8 : keyBits == 256 ? Aead.AES_256_CCM_8 : null);
    }

    /** One AEAD case: key, nonce, additional data, message, ciphertext + tag, and whether it is valid. */
    private record Vector(byte[] key, byte[] nonce, byte[] aad, byte[] msg, byte[] sealed, boolean valid) {
        static Vector of(Wycheproof.Case c) {
            return new Vector(c.hex("key"), c.hex("iv"), c.hex("aad"), c.hex("msg"),
                    RecordCipherTest.concat(c.hex("ct"), c.hex("tag")), c.result().equals("valid"));
        }

        /** Opens the sealed bytes: a valid case must give the message, an invalid one -1; else a failure is added. */
        void checkOpen(AeadFunction open, Wycheproof.Case c, List<String> failures) {
            byte[] opened = new byte[sealed.length];
            int n = open.apply(nonce, aad, 0, aad.length, sealed, 0, sealed.length, opened, 0);
            if (valid && (n != msg.length || !Arrays.equals(Arrays.copyOf(opened, n), msg))) {
                failures.add(c + ": open gave " + n);
            } else if (!valid && n != -1) {
                failures.add(c + ": invalid input opened");
            }
        }

        /** The message sealed with {@code seal}: ciphertext + tag. */
        byte[] seal(AeadFunction seal, int tagLength) {
            byte[] out = new byte[msg.length + tagLength];
            seal.apply(nonce, aad, 0, aad.length, msg, 0, msg.length, out, 0);
            return out;
        }
    }

    /** The shape of AeadCipher's and Ccm's seal and open. */
    private interface AeadFunction {
        int apply(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int inLen, byte[] out, int outOff);
    }

    private interface AeadForKeySize {
        Aead of(int keyBits);
    }

    private void run(String file, AeadForKeySize aeads) {
        run(file, 128, aeads);
    }

    private void run(String file, int tagBits, AeadForKeySize aeads) {
        List<String> failures = new ArrayList<>();
        int ran = 0;
        int skipped = 0;
        for (Wycheproof.Case c : Wycheproof.cases(file)) {
            Aead aead = aeads.of(c.group().get("keySize").asInt());
            if (aead == null || c.group().get("ivSize").asInt() != 96 || c.group().get("tagSize").asInt() != tagBits) {
                skipped++;
                continue;
            }
            ran++;
            Vector v = Vector.of(c);
            v.checkOpen(new AeadCipher(aead, v.key(), false)::open, c, failures);
            if (v.valid()) {
                byte[] out = v.seal(new AeadCipher(aead, v.key(), true)::seal, aead.tagLength);
                if (!Arrays.equals(out, v.sealed())) {
                    failures.add(c + ": seal gave " + Hex.encode(out));
                }
            }
        }
        assertThat(ran).isGreaterThan(0);
        System.out.printf("Wycheproof %s: %d cases ran, %d skipped (nonce, tag or key size no DTLS suite uses)%n", file, ran, skipped);
        assertThat(failures).as("%d cases ran", ran).isEmpty();
    }
}
