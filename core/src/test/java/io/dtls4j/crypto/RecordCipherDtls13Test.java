package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite.Aead;
import io.dtls4j.config.CipherSuite.PrfHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DTLS 1.3 mode of RecordCipher (RFC 8446 §5.3 nonce, RFC 9147 §4.2.3 record number encryption). */
class RecordCipherDtls13Test {

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void theNonceIsTheIvXorTheSequenceNumberAloneAndTheAdditionalDataTheCallers(Aead aead) throws Exception {
        byte[] key = bytes(aead.keyLength, 1);
        byte[] iv = bytes(12, 2);
        RecordCipher sealer = RecordCipher.forDtls13(aead, key, iv, bytes(aead.keyLength, 3), true);
        byte[] header = {0x2f, 0x12, 0x34, 0x00, 0x15};
        byte[] plaintext = bytes(5, 4);
        for (long seq : new long[] {0, 1, 0x1234, 0x0102_0304_0506_0708L, -1L}) {
            byte[] out = new byte[plaintext.length + aead.tagLength];
            assertThat(sealer.seal(seq, header, 0, header.length, plaintext, 0, plaintext.length, out, 0)).isEqualTo(out.length);

            byte[] nonce = iv.clone();
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= (byte) (seq >>> (56 - 8 * i));
            }
            Cipher jca;
            if (aead == Aead.CHACHA20_POLY1305) {
                jca = Cipher.getInstance("ChaCha20-Poly1305");
                jca.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            } else if (aead.isCcm()) {
                jca = Cipher.getInstance("AES/CCM/NoPadding", new org.bouncycastle.jce.provider.BouncyCastleProvider());
                jca.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(aead.tagLength * 8, nonce));
            } else {
                jca = Cipher.getInstance("AES/GCM/NoPadding");
                jca.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            }
            jca.updateAAD(header);
            assertThat(jca.doFinal(out)).as("seq %x", seq).isEqualTo(plaintext);
        }
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void opensWhatItSealsAndRejectsOtherSequenceNumbers(Aead aead) {
        byte[] key = bytes(aead.keyLength, 1);
        byte[] iv = bytes(12, 2);
        byte[] sn = bytes(aead.keyLength, 3);
        RecordCipher sealer = RecordCipher.forDtls13(aead, key, iv, sn, true);
        RecordCipher opener = RecordCipher.forDtls13(aead, key, iv, sn, false);
        byte[] aad = {1, 2, 3};
        byte[] record = new byte[100 + aead.tagLength];
        sealer.seal(7, aad, 0, 3, bytes(100, 5), 0, 100, record, 0);

        assertThat(opener.open(8, aad, 0, 3, record.clone(), 0, record.length, new byte[100], 0)).isEqualTo(-1);
        byte[] out = new byte[100];
        assertThat(opener.open(7, aad, 0, 3, record, 0, record.length, out, 0)).isEqualTo(100);
        assertThat(out).isEqualTo(bytes(100, 5));
    }

    @Test
    void aDtls13CipherHasNoExplicitNonceAndOnlyItsOwnAdditionalData() {
        for (Aead aead : Aead.values()) {
            RecordCipher dtls13 = RecordCipher.forDtls13(aead, new byte[aead.keyLength], new byte[12], new byte[aead.keyLength], true);
            RecordCipher dtls12 = RecordCipher.forEncryption(aead, new byte[aead.keyLength], new byte[aead.fixedIvLength]);
            assertThat(dtls13.isDtls13()).isTrue();
            assertThat(dtls12.isDtls13()).isFalse();
            assertThat(dtls13.expansion()).isEqualTo(aead.tagLength);
            assertThat(dtls13.explicitNonceLength()).isZero();
            assertThat(dtls12.expansion()).isEqualTo(aead.expansion());
            assertThat(dtls12.explicitNonceLength()).isEqualTo(aead.recordIvLength);
            assertThat(dtls13.plaintextLength(aead.tagLength)).isZero();
            assertThatThrownBy(() -> dtls13.seal(0, 23, 0xFEFD, new byte[1], 0, 1, new byte[40], 0))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> dtls12.maskSequenceNumber(new byte[20], 4, 0, 2))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> RecordCipher.forDtls13(Aead.AES_128_GCM, new byte[16], new byte[4], new byte[16], true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordCipher.forDtls13(Aead.AES_128_GCM, new byte[16], new byte[12], new byte[32], true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 9147 §4.2.3 with JCA alone: AES-ECB of the sample, or the ChaCha20 key stream at the sample's counter and nonce. */
    private static byte[] jcaMask(Aead aead, byte[] snKey, byte[] sample) throws Exception {
        if (aead == Aead.CHACHA20_POLY1305) {
            Cipher chacha = Cipher.getInstance("ChaCha20");
            int counter = (sample[0] & 0xFF) | (sample[1] & 0xFF) << 8 | (sample[2] & 0xFF) << 16 | (sample[3] & 0xFF) << 24;
            chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(snKey, "ChaCha20"),
                    new ChaCha20ParameterSpec(Arrays.copyOfRange(sample, 4, 16), counter));
            return chacha.doFinal(new byte[16]);
        }
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(snKey, "AES"));
        return ecb.doFinal(sample, 0, 16);
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void theMaskIsAesEcbOrChaCha20OfTheSample(Aead aead) throws Exception {
        byte[] snKey = bytes(aead.keyLength, 9);
        SequenceNumberCipher cipher = SequenceNumberCipher.create(aead, snKey);
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            byte[] sample = new byte[16];
            random.nextBytes(sample);
            if (i == 0) {
                Arrays.fill(sample, 0, 4, (byte) 0xff); // counter 2^32 - 1
            }
            byte[] target = new byte[20];
            cipher.apply(sample, 0, target, 2, 16);
            assertThat(Arrays.copyOfRange(target, 2, 18)).as("sample %d", i).isEqualTo(jcaMask(aead, snKey, sample));
        }
    }

    @Test
    void theChaCha20BlockFunctionMatchesRfc8439Section232() {
        // key 00..1f, block counter 1, nonce 00 00 00 09 00 00 00 4a 00 00 00 00: the counter travels
        // little-endian in the sample, as the block function reads its words
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] sample = Hex.decode("01000000" + "000000090000004a00000000");
        byte[] mask = new byte[16];
        SequenceNumberCipher.create(Aead.CHACHA20_POLY1305, key).apply(sample, 0, mask, 0, 16);
        assertThat(Hex.encode(mask)).isEqualTo("10f1e7e4d13b5915500fdd1fa32071c4");
    }

    @Test
    void maskingTwiceGivesTheSequenceNumberBack() {
        RecordCipher cipher = RecordCipher.forDtls13(Aead.AES_128_GCM, new byte[16], new byte[12], bytes(16, 1), true);
        byte[] record = bytes(40, 2);
        byte[] original = record.clone();
        cipher.maskSequenceNumber(record, 5, 1, 2);
        assertThat(Arrays.copyOfRange(record, 1, 3)).isNotEqualTo(Arrays.copyOfRange(original, 1, 3));
        assertThat(Arrays.copyOfRange(record, 3, 40)).isEqualTo(Arrays.copyOfRange(original, 3, 40));
        cipher.maskSequenceNumber(record, 5, 1, 2);
        assertThat(record).isEqualTo(original);
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void maskingAllocatesNothingPerRecord(Aead aead) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SequenceNumberCipher cipher = SequenceNumberCipher.create(aead, bytes(aead.keyLength, 1));
        byte[] record = bytes(64, 2);
        for (int i = 0; i < 20_000; i++) { // warm up: JIT, and the provider's lazily made buffers
            record[20] = (byte) i;
            cipher.apply(record, 16, record, 0, 2);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            record[20] = (byte) i;
            cipher.apply(record, 16, record, 0, 2);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated for 10,000 masks").isLessThan(10_000);
    }

    @Test
    void keysFromATrafficSecretUseTheDtls13LabelsKeyIvAndSn() {
        byte[] secret = bytes(32, 4);
        byte[] none = new byte[0];
        Aead aead = Aead.CHACHA20_POLY1305;
        RecordCipher derived = RecordCipher.forDtls13(PrfHash.SHA256, aead, secret, true);
        RecordCipher explicit = RecordCipher.forDtls13(aead,
                Hkdf.expandLabel("HmacSHA256", secret, "key", none, 32),
                Hkdf.expandLabel("HmacSHA256", secret, "iv", none, 12),
                Hkdf.expandLabel("HmacSHA256", secret, "sn", none, 32), true);
        byte[] a = new byte[40];
        byte[] b = new byte[40];
        derived.seal(3, new byte[2], 0, 2, bytes(24, 5), 0, 24, a, 0);
        explicit.seal(3, new byte[2], 0, 2, bytes(24, 5), 0, 24, b, 0);
        assertThat(a).isEqualTo(b);
        derived.maskSequenceNumber(a, 8, 0, 2);
        explicit.maskSequenceNumber(b, 8, 0, 2);
        assertThat(a).isEqualTo(b);
    }
}
