package io.dtls4j.crypto;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CcmTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] bouncyCastle(boolean encrypt, byte[] key, int tagLength, byte[] nonce, byte[] aad, byte[] in) throws Exception {
        Cipher c = Cipher.getInstance("AES/CCM/NoPadding", BC);
        c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tagLength * 8, nonce));
        c.updateAAD(aad);
        return c.doFinal(in);
    }

    @Test
    void agreesWithBouncyCastleOnEveryNonceAndTagLengthAndAcrossChunkAndLengthFieldBoundaries() throws Exception {
        Random random = new Random(7);
        // 0xFEFF and 0xFF00 straddle the switch from the 2-byte to the 6-byte aad length encoding (RFC 3610 §2.2)
        int[] aadLengths = {0, 1, 13, 14, 16, 17, 300, 0xFEFF, 0xFF00};
        int[] msgLengths = {0, 1, 15, 16, 17, 511, 512, 513, 1500, 16400};
        for (int nonceLength = Ccm.MIN_NONCE; nonceLength <= Ccm.MAX_NONCE; nonceLength++) {
            for (int tagLength = 4; tagLength <= 16; tagLength += 2) {
                byte[] key = bytes(new int[] {16, 24, 32}[random.nextInt(3)], random.nextLong());
                Ccm ccm = new Ccm(key, tagLength);
                for (int i = 0; i < 4; i++) {
                    byte[] nonce = bytes(nonceLength, random.nextLong());
                    byte[] aad = bytes(aadLengths[random.nextInt(aadLengths.length)], random.nextLong());
                    int msgLength = msgLengths[random.nextInt(msgLengths.length)];
                    if (nonceLength == 13 && msgLength > 0xFFFF) {
                        msgLength = 0xFFFF;
                    }
                    byte[] msg = bytes(msgLength, random.nextLong());
                    byte[] expected = bouncyCastle(true, key, tagLength, nonce, aad, msg);
                    byte[] sealed = new byte[msg.length + tagLength];
                    assertThat(ccm.seal(nonce, aad, 0, aad.length, msg, 0, msg.length, sealed, 0)).isEqualTo(sealed.length);
                    assertThat(sealed).as("nonce %d tag %d aad %d msg %d", nonceLength, tagLength, aad.length, msgLength).isEqualTo(expected);
                    byte[] opened = new byte[msg.length];
                    assertThat(ccm.open(nonce, aad, 0, aad.length, sealed, 0, sealed.length, opened, 0)).isEqualTo(msg.length);
                    assertThat(opened).isEqualTo(msg);
                }
            }
        }
    }

    @Test
    void aFailedOpenReleasesNoPlaintext() {
        Ccm ccm = new Ccm(bytes(16, 1), 8);
        byte[] nonce = bytes(12, 2);
        byte[] msg = bytes(40, 3);
        byte[] sealed = new byte[48];
        ccm.seal(nonce, new byte[0], 0, 0, msg, 0, 40, sealed, 0);
        sealed[47] ^= 1;
        byte[] out = new byte[40];
        assertThat(ccm.open(nonce, new byte[0], 0, 0, sealed, 0, 48, out, 0)).isEqualTo(-1);
        assertThat(out).containsOnly(0);
    }

    @Test
    void sealsAndOpensInPlaceWithShiftedRegions() {
        Ccm ccm = new Ccm(bytes(32, 1), 16);
        byte[] nonce = bytes(12, 2);
        byte[] msg = bytes(100, 3);
        byte[] expected = new byte[116];
        ccm.seal(nonce, new byte[0], 0, 0, msg, 0, 100, expected, 0);
        for (int shift : new int[] {-8, 0, 8}) {
            byte[] buf = new byte[140];
            System.arraycopy(msg, 0, buf, 10, 100);
            ccm.seal(nonce, new byte[0], 0, 0, buf, 10, 100, buf, 10 + shift);
            assertThat(Arrays.copyOfRange(buf, 10 + shift, 126 + shift)).as("shift %d", shift).isEqualTo(expected);
            assertThat(ccm.open(nonce, new byte[0], 0, 0, buf, 10 + shift, 116, buf, 10)).isEqualTo(100);
            assertThat(Arrays.copyOfRange(buf, 10, 110)).isEqualTo(msg);
        }
    }

    @Test
    void refusesLengthsCcmDoesNotAllow() {
        assertThatThrownBy(() -> new Ccm(bytes(16, 1), 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ccm(bytes(16, 1), 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ccm(bytes(15, 1), 8)).isInstanceOf(IllegalArgumentException.class);
        Ccm ccm = new Ccm(bytes(16, 1), 8);
        byte[] out = new byte[0x10000 + 8];
        assertThatThrownBy(() -> ccm.seal(new byte[14], new byte[0], 0, 0, new byte[1], 0, 1, out, 0))
                .isInstanceOf(IllegalArgumentException.class);
        // a 13-byte nonce leaves a 2-byte length field: 65536 bytes do not fit
        assertThatThrownBy(() -> ccm.seal(new byte[13], new byte[0], 0, 0, new byte[0x10000], 0, 0x10000, out, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ccm.open(new byte[6], new byte[0], 0, 0, new byte[20], 0, 20, out, 0)).isEqualTo(-1);
    }

    @Test
    void recordsAllocateNothingAfterConstruction() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] key = bytes(16, 1);
        byte[] iv = bytes(4, 2);
        RecordCipher sealer = RecordCipher.forEncryption(io.dtls4j.config.CipherSuite.Aead.AES_128_CCM_8, key, iv);
        RecordCipher opener = RecordCipher.forDecryption(io.dtls4j.config.CipherSuite.Aead.AES_128_CCM_8, key, iv);
        byte[] record = new byte[1200 + 16];
        byte[] plain = new byte[1200];
        for (int i = 0; i < 20_000; i++) { // warm up: JIT, and the provider's lazily made buffers
            roundTrip(sealer, opener, record, plain, i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            roundTrip(sealer, opener, record, plain, 20_000 + i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("AES-128-CCM_8: %d bytes allocated for 10,000 sealed and opened 1200-byte records%n", allocated);
        assertThat(allocated).as("bytes allocated for 10,000 records").isLessThan(10_000);
    }

    private static void roundTrip(RecordCipher sealer, RecordCipher opener, byte[] record, byte[] plain, long seq) {
        plain[0] = (byte) seq;
        int n = sealer.seal(seq, 23, 0xFEFD, plain, 0, plain.length, record, 0);
        if (opener.open(seq, 23, 0xFEFD, record, 0, n, plain, 0) != plain.length) {
            throw new AssertionError("record " + seq + " did not open");
        }
    }
}
