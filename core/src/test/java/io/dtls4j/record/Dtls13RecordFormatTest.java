package io.dtls4j.record;

import io.dtls4j.config.CipherSuite.Aead;
import io.dtls4j.crypto.RecordCipher;
import io.dtls4j.record.RecordTesting.Keys;
import io.dtls4j.record.RecordTesting.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.dtls4j.record.RecordTesting.PARSE_FAILED;
import static io.dtls4j.record.RecordTesting.assertAForeignCidDropsTheRestOfItsDatagram;
import static io.dtls4j.record.RecordTesting.assertOpened;
import static io.dtls4j.record.RecordTesting.bytes;
import static io.dtls4j.record.RecordTesting.concat;
import static io.dtls4j.record.RecordTesting.deliver;
import static io.dtls4j.record.RecordTesting.deliverOne;
import static io.dtls4j.record.RecordTesting.hex;
import static io.dtls4j.record.RecordTesting.install;
import static io.dtls4j.record.RecordTesting.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Dtls13RecordFormatTest {
    private static final byte[] NONE = new byte[0];
    private static final byte[] SERVER_CID = hex("0a 0b");

    // fixed keys, so that the test can redo the AEAD and the mask with plain JCA
    private static byte[] key(Aead aead) {
        return series(0x00, aead.keyLength);
    }

    private static byte[] iv() {
        return series(0xa0, 12);
    }

    private static byte[] snKey(Aead aead) {
        return series(0xb0, aead.keyLength);
    }

    private static byte[] series(int from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static Keys fixedKeys(Aead aead) {
        return new Keys(RecordCipher.forDtls13(aead, key(aead), iv(), snKey(aead), true),
                RecordCipher.forDtls13(aead, key(aead), iv(), snKey(aead), false), key(aead), iv(), snKey(aead));
    }

    /** RFC 9147 §4.2.3, with JCA alone: AES-ECB of the sample, or the ChaCha20 key stream at the sample's counter and nonce. */
    private static byte[] jcaMask(Aead aead, byte[] sample) throws Exception {
        if (aead == Aead.CHACHA20_POLY1305) {
            Cipher chacha = Cipher.getInstance("ChaCha20");
            int counter = (sample[0] & 0xFF) | (sample[1] & 0xFF) << 8 | (sample[2] & 0xFF) << 16 | (sample[3] & 0xFF) << 24;
            chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(snKey(aead), "ChaCha20"),
                    new ChaCha20ParameterSpec(Arrays.copyOfRange(sample, 4, 16), counter));
            return chacha.doFinal(new byte[16]);
        }
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(snKey(aead), "AES"));
        return ecb.doFinal(sample, 0, 16);
    }

    /** RFC 8446 §5.2/§5.3 with JCA alone: the nonce is the IV XOR the left-padded 64-bit sequence number. */
    private static Cipher jcaAead(Aead aead, int mode, long seq) throws Exception {
        byte[] nonce = iv();
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] ^= (byte) (seq >>> (56 - 8 * i));
        }
        Cipher cipher;
        if (aead == Aead.CHACHA20_POLY1305) {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(mode, new SecretKeySpec(key(aead), "ChaCha20"), new IvParameterSpec(nonce));
        } else {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key(aead), "AES"), new GCMParameterSpec(128, nonce));
        }
        return cipher;
    }

    /**
     * A DTLSCiphertext made by hand from its parts: {@code header} as before record number
     * encryption (the additional data), the sequence number at {@code header[snOff, snOff+snLength)},
     * the inner plaintext sealed under {@code seq}, then the sequence number masked.
     */
    private static byte[] sealByHand(Aead aead, byte[] header, int snOff, int snLength, long seq, byte[] inner) throws Exception {
        Cipher aeadCipher = jcaAead(aead, Cipher.ENCRYPT_MODE, seq);
        aeadCipher.updateAAD(header);
        byte[] encrypted = aeadCipher.doFinal(inner);
        byte[] mask = jcaMask(aead, encrypted);
        byte[] wireHeader = header.clone();
        for (int i = 0; i < snLength; i++) {
            wireHeader[snOff + i] ^= mask[i];
        }
        return concat(wireHeader, encrypted);
    }

    /**
     * Checks a record written by the format against its parts, with JCA alone: the header is
     * {@code plainHeader} but for its {@code snLength}-byte sequence number at {@code snOff}, which is
     * the plain one XOR the mask of the first 16 bytes of ciphertext; and the ciphertext opens under
     * sequence number {@code seq} with the plain header as additional data, into {@code inner}.
     */
    private static void checkAgainstItsParts(Aead aead, byte[] record, String plainHeader, int snOff, int snLength,
                                             long seq, String inner) throws Exception {
        byte[] header = hex(plainHeader);
        byte[] encrypted = Arrays.copyOfRange(record, header.length, record.length);
        byte[] mask = jcaMask(aead, encrypted);
        byte[] wireHeader = header.clone();
        for (int i = 0; i < snLength; i++) {
            wireHeader[snOff + i] ^= mask[i];
        }
        assertThat(hex(Arrays.copyOf(record, header.length))).isEqualTo(hex(wireHeader));
        Cipher jca = jcaAead(aead, Cipher.DECRYPT_MODE, seq);
        jca.updateAAD(header);
        assertThat(hex(jca.doFinal(encrypted))).isEqualTo(inner);
    }

    private static RecordLayer layer() {
        return new RecordLayer(64);
    }

    /** Client and server with {@code epoch} in the DTLS 1.3 format, the client writing. */
    private static RecordLayer[] clientToServer(Dtls13RecordFormat clientFormat, Dtls13RecordFormat serverFormat,
                                                long epoch, Keys keys) {
        RecordLayer client = layer();
        RecordLayer server = layer();
        install(client, clientFormat, server, serverFormat, epoch, keys);
        return new RecordLayer[] {client, server};
    }

    private static RecordLayer[] clientToServer(Aead aead) {
        return clientToServer(new Dtls13RecordFormat(), new Dtls13RecordFormat(), 3, Keys.dtls13(aead, 5));
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void unifiedHeaderAdditionalDataNonceAndMaskAreThoseOfRfc9147(Aead aead) throws Exception {
        RecordLayer client = layer();
        client.installEpoch(3, new Dtls13RecordFormat(), fixedKeys(aead).sealer(), null);
        client.advanceWriteSequence(3, 0x1234);
        byte[] content = "ping".getBytes(StandardCharsets.US_ASCII);

        byte[] record = write(client, ContentType.APPLICATION_DATA, 3, content);

        // 001 C=0 S=1 L=1 EE=11, sequence number 0x1234, length = 4 + type + 16-byte tag; "ping", application_data
        assertThat(record).hasSize(5 + 0x15);
        checkAgainstItsParts(aead, record, "2f 1234 0015", 1, 2, 0x1234, "70696e67" + "17");
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void aHeaderWithCidAndAnEightBitSequenceNumber(Aead aead) throws Exception {
        RecordLayer client = layer();
        client.installEpoch(6, new Dtls13RecordFormat(SERVER_CID, NONE, 8, true, RecordPadding.NONE),
                fixedKeys(aead).sealer(), null);
        client.advanceWriteSequence(6, 0x1ff);

        byte[] record = write(client, ContentType.HANDSHAKE, 6, hex("0102"));

        // 001 C=1 S=0 L=1 EE=10, CID, the low 8 bits of 0x1ff, length = 2 + 1 + 16; the nonce takes all of 0x1ff
        assertThat(record).hasSize(6 + 0x13);
        checkAgainstItsParts(aead, record, "36 0a0b ff 0013", 3, 1, 0x1ff, "0102" + "16");
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void readsARecordSealedByHandWithPaddingAndNoLength(Aead aead) throws Exception {
        // 001 C=1 S=1 L=0 EE=01, the server's CID, sequence number 0x0007, then the rest of the datagram
        byte[] header = hex("39 0a0b 0007");
        byte[] record = sealByHand(aead, header, 3, 2, 7, hex("cafe" + "15" + "0000000000"));
        RecordLayer server = layer();
        server.installEpoch(1, new Dtls13RecordFormat(NONE, SERVER_CID), null, fixedKeys(aead).opener());

        assertOpened(deliverOne(server, record), ContentType.ALERT, hex("cafe"), 1, 7);
    }

    @Test
    void anInnerPlaintextOfZerosOnlyIsDropped() throws Exception {
        byte[] record = sealByHand(Aead.AES_128_GCM, hex("2c 0000 0014"), 1, 2, 0, new byte[4]);
        RecordLayer server = layer();
        server.installEpoch(4, new Dtls13RecordFormat(), null, fixedKeys(Aead.AES_128_GCM).opener());

        assertThat(deliverOne(server, record).result()).isEqualTo(RecordLayer.DROP_BAD_RECORD);
    }

    @Test
    void aCiphertextShorterThanTheSampleIsDropped() {
        RecordLayer server = layer();
        server.installEpoch(4, new Dtls13RecordFormat(), null, fixedKeys(Aead.AES_128_GCM).opener());
        byte[] record = concat(hex("2c 0000 000f"), bytes(15, 1));

        assertThat(deliverOne(server, record).result()).isEqualTo(RecordLayer.DROP_BAD_RECORD);
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void recordsRoundTripThroughTwoRecordLayers(Aead aead) {
        for (RecordPadding padding : new RecordPadding[] {RecordPadding.NONE, RecordPadding.toMultipleOf(64)}) {
            RecordLayer[] layers = clientToServer(new Dtls13RecordFormat(SERVER_CID, NONE, 16, true, padding),
                    new Dtls13RecordFormat(NONE, SERVER_CID), 3, Keys.dtls13(aead, 5));
            int[] lengths = {0, 1, 15, 16, 1000, Dtls13RecordFormat.MAX_INNER_PLAINTEXT_LENGTH - 1 - padding.maxPadding()};
            int[] types = {ContentType.APPLICATION_DATA, ContentType.HANDSHAKE, ContentType.ACK, ContentType.ALERT};
            for (int i = 0; i < lengths.length; i++) {
                byte[] content = bytes(lengths[i], i);
                int type = types[i % types.length];
                byte[] record = write(layers[0], type, 3, content);
                assertThat(record.length).isLessThanOrEqualTo(content.length + layers[0].expansion(3));

                assertOpened(deliverOne(layers[1], record), type, content, 3, i);
            }
        }
    }

    @Test
    void expansionCoversHeaderTypeAndTag() {
        RecordLayer[] layers = clientToServer(Aead.AES_128_GCM);
        assertThat(layers[0].expansion(3)).isEqualTo(1 + 2 + 2 + 1 + 16);
        assertThat(write(layers[0], ContentType.APPLICATION_DATA, 3, new byte[0])).hasSize(22);
    }

    @Test
    void anInnerPlaintextOver2To14PlusOneIsNotWritten() {
        RecordLayer[] layers = clientToServer(Aead.AES_128_GCM);
        assertThatThrownBy(() -> write(layers[0], ContentType.APPLICATION_DATA, 3, new byte[16385]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyDtls13CiphersProtectTheUnifiedHeader() {
        Keys dtls12 = Keys.dtls12(Aead.AES_128_GCM, 1);
        Dtls13RecordFormat format = new Dtls13RecordFormat();
        assertThatThrownBy(() -> format.write(ContentType.APPLICATION_DATA, 3, 0, new byte[1], 0, 1, dtls12.sealer(), new byte[100], 0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> format.write(ContentType.APPLICATION_DATA, 3, 0, new byte[1], 0, 1, null, new byte[100], 0))
                .isInstanceOf(IllegalStateException.class);

        RecordLayer[] layers = clientToServer(Aead.AES_128_GCM);
        byte[] record = write(layers[0], ContentType.APPLICATION_DATA, 3, bytes(20, 1));
        RecordLayer misconfigured = layer();
        misconfigured.installEpoch(3, new Dtls13RecordFormat(), null, dtls12.opener());
        assertThat(deliverOne(misconfigured, record).result()).isEqualTo(RecordLayer.DROP_BAD_RECORD);
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void aFlippedBitAnywhereDropsTheRecordAndLeavesTheWindowAlone(Aead aead) {
        RecordLayer[] layers = clientToServer(aead);
        byte[][] records = new byte[4][];
        for (int i = 0; i < records.length; i++) {
            records[i] = write(layers[0], ContentType.APPLICATION_DATA, 3, bytes(20, i));
        }
        byte[] target = records[3];
        for (int i = 0; i < target.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = target.clone();
                tampered[i] ^= (byte) (1 << bit);
                assertThat(deliver(layers[1], tampered)).as("byte %d bit %d", i, bit).allMatch(Received::dropped);
            }
        }
        for (int i = records.length - 1; i >= 0; i--) {
            assertThat(deliverOne(layers[1], records[i]).sequence()).isEqualTo(i);
        }
        assertThat(deliverOne(layers[1], records[3]).result()).isEqualTo(RecordLayer.DROP_REPLAY);
    }

    @Test
    void aReplayedRecordIsDroppedAfterDeprotection() {
        RecordLayer[] layers = clientToServer(Aead.CHACHA20_POLY1305);
        byte[] first = write(layers[0], ContentType.APPLICATION_DATA, 3, bytes(10, 1));
        byte[] second = write(layers[0], ContentType.APPLICATION_DATA, 3, bytes(10, 2));

        assertThat(deliverOne(layers[1], second).sequence()).isEqualTo(1);
        assertThat(deliverOne(layers[1], second).result()).isEqualTo(RecordLayer.DROP_REPLAY);
        assertThat(deliverOne(layers[1], first).sequence()).isEqualTo(0);
        assertThat(deliverOne(layers[1], first).result()).isEqualTo(RecordLayer.DROP_REPLAY);
    }

    @Test
    void aRecordWithAnotherCidIsDroppedWithTheRestOfItsDatagram() {
        RecordLayer[] layers = clientToServer(new Dtls13RecordFormat(SERVER_CID, NONE), new Dtls13RecordFormat(NONE, SERVER_CID),
                2, Keys.dtls13(Aead.AES_256_GCM, 9));
        assertAForeignCidDropsTheRestOfItsDatagram(layers[0], layers[1], 2, 2); // the CID is bytes 1..2
    }

    @Test
    void aRecordWithoutTheNegotiatedCidIsDropped() {
        RecordLayer[] layers = clientToServer(new Dtls13RecordFormat(), new Dtls13RecordFormat(NONE, SERVER_CID),
                2, Keys.dtls13(Aead.AES_128_GCM, 9));
        assertThat(deliverOne(layers[1], write(layers[0], ContentType.APPLICATION_DATA, 2, bytes(10, 1))).result())
                .isEqualTo(RecordLayer.DROP_BAD_RECORD);
    }

    @Test
    void aCidWhereNoneWasIssuedCannotBeParsed() {
        RecordLayer[] layers = clientToServer(new Dtls13RecordFormat(SERVER_CID, NONE), new Dtls13RecordFormat(),
                2, Keys.dtls13(Aead.AES_128_GCM, 9));
        assertThat(deliverOne(layers[1], write(layers[0], ContentType.APPLICATION_DATA, 2, bytes(10, 1))).result())
                .isEqualTo(PARSE_FAILED);
    }

    @ParameterizedTest
    @CsvSource({
            // bits, low, expected next, result
            "8, 0x00, 0, 0",
            "8, 0xff, 0, 0xff",          // near 0: nothing below 0, so the only candidate
            "8, 0x80, 0, 0x80",
            "8, 0x05, 0xff, 0x105",      // the low bits wrapped: the next round
            "8, 0xfe, 0x101, 0xfe",      // a late record from before the wrap
            "8, 0x80, 0x100, 0x180",     // a tie: the later record
            "8, 0x00, 0x180, 0x200",     // a tie the other way round: the later record again
            "8, 0x81, 0x100, 0x81",
            "8, 0x7f, 0x100, 0x17f",
            "16, 0xfffa, 0, 0xfffa",
            "16, 0x0003, 0xfffe, 0x10003",
            "16, 0xfff0, 0x10005, 0xfff0",
            "16, 0x1234, 0x51234, 0x51234",
            "16, 0x9235, 0x51234, 0x49235",
            "16, 0x9234, 0x51234, 0x59234",  // a tie again
    })
    void reconstructsTheSequenceNumberClosestToTheNextExpected(int bits, String low, String expectedNext, String result) {
        assertThat(Dtls13RecordFormat.reconstruct(Long.decode(low), bits, Long.decode(expectedNext)))
                .isEqualTo(Long.decode(result));
    }

    @Test
    void eightBitSequenceNumbersWrapManyTimesInOrderAndReordered() {
        Keys keys = Keys.dtls13(Aead.AES_128_GCM, 3);
        RecordLayer[] layers = clientToServer(new Dtls13RecordFormat(NONE, NONE, 8, true, RecordPadding.NONE),
                new Dtls13RecordFormat(), 2, keys);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            records.add(write(layers[0], ContentType.APPLICATION_DATA, 2, bytes(3, i)));
        }
        assertThat(records.get(0)[0]).isEqualTo((byte) 0x26); // 001 C=0 S=0 L=1 EE=10
        // delivered in blocks of 40, each shuffled: never more than 40 apart, well inside half of 256
        Random random = new Random(1);
        for (int start = 0; start < records.size(); start += 40) {
            List<Integer> block = new ArrayList<>();
            for (int i = start; i < Math.min(start + 40, records.size()); i++) {
                block.add(i);
            }
            Collections.shuffle(block, random);
            for (int i : block) {
                Received received = deliverOne(layers[1], records.get(i));
                assertThat(received.sequence()).as("record %d", i).isEqualTo(i);
                assertThat(received.content()).isEqualTo(bytes(3, i));
            }
        }
    }

    @Test
    void sixteenBitSequenceNumbersWrap() {
        RecordLayer[] layers = clientToServer(Aead.CHACHA20_POLY1305);
        layers[0].advanceWriteSequence(3, 0xfffa);
        for (long seq = 0xfffa; seq < 0x1000a; seq++) {
            assertThat(deliverOne(layers[1], write(layers[0], ContentType.APPLICATION_DATA, 3, bytes(1, 1))).sequence())
                    .isEqualTo(seq);
        }
    }

    @Test
    void aRecordMoreThanHalfTheRangeLateReconstructsWrongAndFailsToDeprotect() {
        Keys keys = Keys.dtls13(Aead.AES_128_GCM, 3);
        RecordLayer[] layers = clientToServer(new Dtls13RecordFormat(NONE, NONE, 8, true, RecordPadding.NONE),
                new Dtls13RecordFormat(), 2, keys);
        byte[] late = write(layers[0], ContentType.APPLICATION_DATA, 2, bytes(3, 0));
        for (int i = 1; i <= 200; i++) {
            deliverOne(layers[1], write(layers[0], ContentType.APPLICATION_DATA, 2, bytes(3, i)));
        }
        // expected next 201: low bits 0 are taken for 256, 55 ahead, not 0, 201 behind
        assertThat(deliverOne(layers[1], late).result()).isEqualTo(RecordLayer.DROP_BAD_MAC);
    }

    @Test
    void recordsOfSeveralFormatsAndEpochsShareADatagram() {
        Keys handshake = Keys.dtls13(Aead.AES_128_GCM, 21);
        Keys application = Keys.dtls13(Aead.AES_128_GCM, 22);
        RecordLayer client = layer();
        RecordLayer server = layer();
        // one format instance per epoch on each side: the header is read by the instance of the record's epoch
        install(client, new Dtls13RecordFormat(), server, new Dtls13RecordFormat(), 2, handshake);
        install(client, new Dtls13RecordFormat(NONE, NONE, 8, false, RecordPadding.NONE), server, new Dtls13RecordFormat(), 3, application);
        byte[] plain = write(client, ContentType.HANDSHAKE, 0, bytes(30, 1));
        byte[] finished = write(client, ContentType.HANDSHAKE, 2, bytes(36, 2));
        byte[] ack = write(client, ContentType.ACK, 2, hex("0000"));
        byte[] data = write(client, ContentType.APPLICATION_DATA, 3, bytes(50, 3)); // no length: last in the datagram

        List<Received> received = deliver(server, concat(plain, finished, ack, data));

        assertThat(received).extracting(Received::type).containsExactly(
                ContentType.HANDSHAKE, ContentType.HANDSHAKE, ContentType.ACK, ContentType.APPLICATION_DATA);
        assertThat(received).extracting(Received::epoch).containsExactly(0L, 2L, 2L, 3L);
        assertThat(received).extracting(Received::sequence).containsExactly(0L, 0L, 1L, 0L);
        assertThat(received.get(3).content()).isEqualTo(bytes(50, 3));
    }

    @Test
    void theTwoEpochBitsFindTheNewestMatchingEpoch() {
        RecordLayer client = layer();
        RecordLayer server = layer();
        Dtls13RecordFormat format = new Dtls13RecordFormat();
        for (long epoch = 2; epoch <= 4; epoch++) {
            install(client, format, server, format, epoch, Keys.dtls13(Aead.AES_128_GCM, (int) epoch));
        }
        byte[] fromEpoch4 = write(client, ContentType.APPLICATION_DATA, 4, bytes(5, 4));
        byte[] fromEpoch3 = write(client, ContentType.APPLICATION_DATA, 3, bytes(5, 3));
        byte[] fromEpoch0 = write(client, ContentType.HANDSHAKE, 0, bytes(5, 0));
        assertThat(fromEpoch4[0] & 3).isEqualTo(0); // the same bits as epoch 0, whose records have the DTLS 1.2 header

        assertThat(deliver(server, concat(fromEpoch4, fromEpoch3, fromEpoch0))).extracting(Received::epoch)
                .containsExactly(4L, 3L, 0L);
    }

    @Test
    void keysDerivedFromATrafficSecretInteroperate() {
        byte[] secret = bytes(48, 77);
        RecordCipher sealer = RecordCipher.forDtls13(io.dtls4j.config.CipherSuite.PrfHash.SHA384, Aead.AES_256_GCM, secret, true);
        RecordCipher opener = RecordCipher.forDtls13(io.dtls4j.config.CipherSuite.PrfHash.SHA384, Aead.AES_256_GCM, secret, false);
        RecordLayer client = layer();
        RecordLayer server = layer();
        install(client, new Dtls13RecordFormat(), server, new Dtls13RecordFormat(), 3, new Keys(sealer, opener, null, null, null));

        assertThat(deliverOne(server, write(client, ContentType.APPLICATION_DATA, 3, bytes(40, 1))).content())
                .isEqualTo(bytes(40, 1));
    }
}
