package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite.Aead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCipherTest {
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;
    private static final int DTLS_1_2 = 0xFEFD;
    /** epoch 1, sequence 0x0000_0102_0304: every byte position distinct enough to catch ordering mistakes. */
    private static final long EPOCH_SEQ = (1L << 48) | 0x0102_0304L;

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static RecordCipher sealer(Aead aead) {
        return RecordCipher.forEncryption(aead, bytes(aead.keyLength, 1), bytes(aead.fixedIvLength, 2));
    }

    private static RecordCipher opener(Aead aead) {
        return RecordCipher.forDecryption(aead, bytes(aead.keyLength, 1), bytes(aead.fixedIvLength, 2));
    }

    private static byte[] seal(Aead aead, long epochSeq, int type, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + aead.expansion()];
        int n = sealer(aead).seal(epochSeq, type, DTLS_1_2, plaintext, 0, plaintext.length, out, 0);
        assertThat(n).isEqualTo(out.length);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void sealThenOpenGivesThePlaintextBack(Aead aead) {
        for (int length : new int[] {0, 1, 15, 16, 17, 1000, 16384}) {
            byte[] plaintext = bytes(length, length);
            byte[] record = seal(aead, EPOCH_SEQ, APPLICATION_DATA, plaintext);
            byte[] out = new byte[length + 5];
            int n = opener(aead).open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, record, 0, record.length, out, 5);
            assertThat(n).as("length %d", length).isEqualTo(length);
            assertThat(Arrays.copyOfRange(out, 5, 5 + n)).isEqualTo(plaintext);
        }
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void oneCipherSealsAndOpensManyRecords(Aead aead) {
        RecordCipher sealer = sealer(aead);
        RecordCipher opener = opener(aead);
        for (long seq = 0; seq < 50; seq++) {
            byte[] plaintext = bytes((int) seq * 7, (int) seq);
            byte[] record = new byte[plaintext.length + aead.expansion()];
            sealer.seal(EPOCH_SEQ + seq, APPLICATION_DATA, DTLS_1_2, plaintext, 0, plaintext.length, record, 0);
            byte[] out = new byte[plaintext.length];
            assertThat(opener.open(EPOCH_SEQ + seq, APPLICATION_DATA, DTLS_1_2, record, 0, record.length, out, 0))
                    .isEqualTo(plaintext.length);
            assertThat(out).isEqualTo(plaintext);
        }
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void sealsInPlaceWhereTheRecordLayerLeavesRoomForTheExplicitNonce(Aead aead) {
        byte[] plaintext = bytes(300, 3);
        byte[] expected = seal(aead, EPOCH_SEQ, APPLICATION_DATA, plaintext);
        // record header (13) + explicit nonce room, then the plaintext; the result starts after the header
        byte[] buffer = new byte[13 + aead.expansion() + plaintext.length];
        int inOff = 13 + aead.recordIvLength;
        System.arraycopy(plaintext, 0, buffer, inOff, plaintext.length);
        int n = sealer(aead).seal(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, buffer, inOff, plaintext.length, buffer, 13);
        assertThat(Arrays.copyOfRange(buffer, 13, 13 + n)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void sealsInPlaceWhenInputAndOutputStartAtTheSameOffset(Aead aead) {
        byte[] plaintext = bytes(300, 4);
        byte[] expected = seal(aead, EPOCH_SEQ, APPLICATION_DATA, plaintext);
        byte[] buffer = new byte[7 + plaintext.length + aead.expansion()];
        System.arraycopy(plaintext, 0, buffer, 7, plaintext.length);
        int n = sealer(aead).seal(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, buffer, 7, plaintext.length, buffer, 7);
        assertThat(Arrays.copyOfRange(buffer, 7, 7 + n)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void opensInPlace(Aead aead) {
        byte[] plaintext = bytes(500, 5);
        byte[] record = seal(aead, EPOCH_SEQ, APPLICATION_DATA, plaintext);
        // the plaintext replaces the record where it lies, starting at the explicit nonce
        byte[] buffer = new byte[13 + record.length];
        System.arraycopy(record, 0, buffer, 13, record.length);
        int n = opener(aead).open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, buffer, 13, record.length, buffer, 13);
        assertThat(n).isEqualTo(plaintext.length);
        assertThat(Arrays.copyOfRange(buffer, 13, 13 + n)).isEqualTo(plaintext);
        // and where the ciphertext itself starts
        System.arraycopy(record, 0, buffer, 13, record.length);
        int ciphertextOff = 13 + aead.recordIvLength;
        n = opener(aead).open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, buffer, 13, record.length, buffer, ciphertextOff);
        assertThat(Arrays.copyOfRange(buffer, ciphertextOff, ciphertextOff + n)).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void rejectsAnyModifiedByteOfTheRecord(Aead aead) {
        byte[] record = seal(aead, EPOCH_SEQ, APPLICATION_DATA, bytes(40, 6));
        RecordCipher opener = opener(aead);
        byte[] out = new byte[record.length];
        for (int i = 0; i < record.length; i++) {
            byte[] tampered = record.clone();
            tampered[i] ^= 0x01;
            assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, tampered, 0, tampered.length, out, 0))
                    .as("byte %d flipped", i).isEqualTo(-1);
        }
        // the opener still works after all those failures
        assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, record, 0, record.length, out, 0)).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void aForgedRecordDoesNotBlockTheGenuineOneWithTheSameSequenceNumber(Aead aead) {
        byte[] record = seal(aead, EPOCH_SEQ, APPLICATION_DATA, bytes(40, 12));
        byte[] forged = record.clone();
        forged[forged.length - 1] ^= 0x55;
        RecordCipher opener = opener(aead);
        byte[] out = new byte[record.length];
        assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, forged, 0, forged.length, out, 0)).isEqualTo(-1);
        assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, record, 0, record.length, out, 0)).isEqualTo(40);
        // and the same genuine record twice in a row (replay detection is the record layer's job)
        assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, record, 0, record.length, out, 0)).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void rejectsARecordOpenedWithOtherAdditionalData(Aead aead) {
        byte[] record = seal(aead, EPOCH_SEQ, APPLICATION_DATA, bytes(40, 7));
        RecordCipher opener = opener(aead);
        byte[] out = new byte[record.length];
        assertThat(opener.open(EPOCH_SEQ + 1, APPLICATION_DATA, DTLS_1_2, record, 0, record.length, out, 0))
                .as("other sequence number").isEqualTo(-1);
        assertThat(opener.open(EPOCH_SEQ + (1L << 48), APPLICATION_DATA, DTLS_1_2, record, 0, record.length, out, 0))
                .as("other epoch").isEqualTo(-1);
        assertThat(opener.open(EPOCH_SEQ, HANDSHAKE, DTLS_1_2, record, 0, record.length, out, 0))
                .as("other content type").isEqualTo(-1);
        assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, 0xFEFF, record, 0, record.length, out, 0))
                .as("other version").isEqualTo(-1);
        assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, record, 0, record.length - 1, out, 0))
                .as("truncated by one byte").isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(Aead.class)
    void rejectsFragmentsTooShortToHoldNonceAndTag(Aead aead) {
        RecordCipher opener = opener(aead);
        byte[] in = bytes(aead.expansion(), 8);
        byte[] out = new byte[0];
        for (int length = 0; length < aead.expansion(); length++) {
            assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, in, 0, length, out, 0)).isEqualTo(-1);
        }
        // exactly nonce + tag is an empty plaintext, which this random tag does not authenticate
        assertThat(opener.open(EPOCH_SEQ, APPLICATION_DATA, DTLS_1_2, in, 0, in.length, out, 0)).isEqualTo(-1);
    }

    @Test
    void aesGcmRecordIsExplicitNonceThenJcaCiphertextOverTheDtlsAdditionalData() throws Exception {
        Aead aead = Aead.AES_128_GCM;
        byte[] key = bytes(16, 1);
        byte[] salt = bytes(4, 2);
        byte[] plaintext = bytes(33, 9);
        byte[] record = seal(aead, EPOCH_SEQ, APPLICATION_DATA, plaintext);

        byte[] explicit = Hex.decode("0001000001020304"); // epoch 1, sequence 0x01020304
        byte[] nonce = concat(salt, explicit);
        byte[] aad = concat(explicit, Hex.decode("17" + "fefd" + "0021")); // type 23, DTLS 1.2, length 33
        Cipher jca = Cipher.getInstance("AES/GCM/NoPadding");
        jca.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        jca.updateAAD(aad);
        byte[] expected = concat(explicit, jca.doFinal(plaintext));
        assertThat(record).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_CCM", "AES_256_CCM", "AES_128_CCM_8", "AES_256_CCM_8"})
    void aesCcmRecordIsExplicitNonceThenCcmOverTheDtlsAdditionalData(Aead aead) throws Exception {
        // RFC 6655 §3: nonce = 4-byte salt || 8-byte explicit nonce, as for GCM; checked against
        // Bouncy Castle's CCM (an independent implementation) with the tag length of the suite
        byte[] key = bytes(aead.keyLength, 1);
        byte[] salt = bytes(4, 2);
        byte[] plaintext = bytes(33, 9);
        byte[] record = seal(aead, EPOCH_SEQ, APPLICATION_DATA, plaintext);

        byte[] explicit = Hex.decode("0001000001020304");
        byte[] aad = concat(explicit, Hex.decode("17" + "fefd" + "0021"));
        Cipher bc = Cipher.getInstance("AES/CCM/NoPadding", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        bc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(aead.tagLength * 8, concat(salt, explicit)));
        bc.updateAAD(aad);
        assertThat(record).isEqualTo(concat(explicit, bc.doFinal(plaintext)));
        assertThat(record.length).isEqualTo(8 + 33 + aead.tagLength);
    }

    @Test
    void gcmOpenTakesTheExplicitNonceFromTheRecord() throws Exception {
        Aead aead = Aead.AES_256_GCM;
        byte[] key = bytes(32, 1);
        byte[] salt = bytes(4, 2);
        byte[] plaintext = bytes(20, 10);
        // a peer may choose any explicit nonce (RFC 5288 §3), not only the sequence number
        byte[] explicit = Hex.decode("a1a2a3a4a5a6a7a8");
        byte[] aad = concat(Hex.decode("0002000000000007"), Hex.decode("17fefd0014"));
        Cipher jca = Cipher.getInstance("AES/GCM/NoPadding");
        jca.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, concat(salt, explicit)));
        jca.updateAAD(aad);
        byte[] record = concat(explicit, jca.doFinal(plaintext));

        byte[] out = new byte[plaintext.length];
        int n = opener(aead).open((2L << 48) | 7, APPLICATION_DATA, DTLS_1_2, record, 0, record.length, out, 0);
        assertThat(n).isEqualTo(plaintext.length);
        assertThat(out).isEqualTo(plaintext);
    }

    @Test
    void chachaNonceIsTheWriteIvXorThePaddedSequenceNumber() throws Exception {
        Aead aead = Aead.CHACHA20_POLY1305;
        byte[] key = bytes(32, 1);
        byte[] iv = bytes(12, 2);
        byte[] plaintext = bytes(33, 11);
        byte[] record = seal(aead, EPOCH_SEQ, APPLICATION_DATA, plaintext);

        byte[] nonce = iv.clone();
        byte[] seqNum = Hex.decode("0001000001020304");
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] ^= seqNum[i];
        }
        byte[] aad = concat(seqNum, Hex.decode("17fefd0021"));
        Cipher jca = Cipher.getInstance("ChaCha20-Poly1305");
        jca.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        jca.updateAAD(aad);
        assertThat(record).isEqualTo(jca.doFinal(plaintext));
        assertThat(record).hasSize(plaintext.length + 16);
    }

    @Test
    void refusesKeysAndIvsOfTheWrongLength() {
        assertThatThrownBy(() -> RecordCipher.forEncryption(Aead.AES_128_GCM, new byte[32], new byte[4]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordCipher.forDecryption(Aead.CHACHA20_POLY1305, new byte[32], new byte[4]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCipherWorksInOneDirectionOnly() {
        byte[] buffer = new byte[64];
        assertThatThrownBy(() -> opener(Aead.AES_128_GCM).seal(0, APPLICATION_DATA, DTLS_1_2, buffer, 0, 10, buffer, 0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer(Aead.AES_128_GCM).open(0, APPLICATION_DATA, DTLS_1_2, buffer, 0, 40, buffer, 0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sealRefusesAnOutputBufferTooSmall() {
        byte[] in = new byte[10];
        byte[] out = new byte[10 + Aead.AES_128_GCM.expansion() - 1];
        assertThatThrownBy(() -> sealer(Aead.AES_128_GCM).seal(0, APPLICATION_DATA, DTLS_1_2, in, 0, 10, out, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
