package io.dtls4j.record;

import io.dtls4j.config.CipherSuite.Aead;
import io.dtls4j.record.RecordTesting.Keys;
import io.dtls4j.record.RecordTesting.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.List;

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

class Dtls12CidRecordFormatTest {
    private static final byte[] CLIENT_CID = hex("c1 c1 c1");
    private static final byte[] SERVER_CID = hex("ca fe 01 02");
    private static final byte[] NONE = new byte[0];

    /** Key 00..0f (or 00..1f), IV a0 a1 ...: fixed so that the test can redo the AEAD with plain JCA. */
    private static byte[] key(Aead aead) {
        byte[] key = new byte[aead.keyLength];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

    private static byte[] iv(Aead aead) {
        byte[] iv = new byte[aead.fixedIvLength];
        for (int i = 0; i < iv.length; i++) {
            iv[i] = (byte) (0xa0 + i);
        }
        return iv;
    }

    private static Keys fixedKeys(Aead aead) {
        return new Keys(io.dtls4j.crypto.RecordCipher.forEncryption(aead, key(aead), iv(aead)),
                io.dtls4j.crypto.RecordCipher.forDecryption(aead, key(aead), iv(aead)), key(aead), iv(aead), null);
    }

    /**
     * The AEAD of a DTLS 1.2 record done with JCA alone: RFC 5288 §3 nonce (salt || the 8-byte explicit
     * nonce at the front of the fragment) or RFC 7905 §2 nonce (IV XOR the padded epoch and sequence).
     */
    private static Cipher jca(Aead aead, int mode, long epochSeq, byte[] explicitNonce) throws Exception {
        byte[] nonce = new byte[12];
        AlgorithmParameterSpec spec;
        Cipher cipher;
        if (aead == Aead.CHACHA20_POLY1305) {
            System.arraycopy(iv(aead), 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= (byte) (epochSeq >>> (56 - 8 * i));
            }
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
            spec = new IvParameterSpec(nonce);
            cipher.init(mode, new SecretKeySpec(key(aead), "ChaCha20"), spec);
        } else {
            System.arraycopy(iv(aead), 0, nonce, 0, 4);
            System.arraycopy(explicitNonce, 0, nonce, 4, 8);
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            spec = new GCMParameterSpec(128, nonce);
            cipher.init(mode, new SecretKeySpec(key(aead), "AES"), spec);
        }
        return cipher;
    }

    /** RFC 9146 §5, written out field by field for epoch 1, sequence 5 and the server's CID. */
    private static byte[] additionalData(int innerLength) {
        return concat(
                hex("ff ff ff ff ff ff ff ff"), // seq_num_placeholder
                hex("19"),                      // tls12_cid
                hex("04"),                      // cid_length
                hex("19"),                      // tls12_cid
                hex("fe fd"),                   // DTLSCiphertext.version
                hex("00 01"),                   // epoch
                hex("00 00 00 00 00 05"),       // sequence_number
                SERVER_CID,                     // cid
                new byte[] {(byte) (innerLength >>> 8), (byte) innerLength}); // length_of_DTLSInnerPlaintext
    }

    /** A record of epoch 1, sequence 5, to the server, with {@code inner} sealed by JCA under RFC 9146 §5's additional data. */
    private static byte[] sealByHand(Aead aead, byte[] inner) throws Exception {
        byte[] explicitNonce = hex("0001000000000005");
        Cipher jca = jca(aead, Cipher.ENCRYPT_MODE, (1L << 48) | 5, explicitNonce);
        jca.updateAAD(additionalData(inner.length));
        byte[] sealed = concat(aead.recordIvLength > 0 ? explicitNonce : NONE, jca.doFinal(inner));
        return concat(hex("19 fe fd 00 01 00 00 00 00 00 05"), SERVER_CID,
                new byte[] {(byte) (sealed.length >>> 8), (byte) sealed.length}, sealed);
    }

    /** A server layer reading epoch 1 in the CID format with the fixed keys. */
    private static RecordLayer fixedServer(Aead aead) {
        RecordLayer server = client();
        server.installEpoch(1, new Dtls12CidRecordFormat(CLIENT_CID, SERVER_CID), null, fixedKeys(aead).opener());
        return server;
    }

    private static RecordLayer client() {
        return new RecordLayer(64);
    }

    /** A client and a server layer with epoch 1 in the CID format both ways, the client writing. */
    private static RecordLayer[] clientToServer(Aead aead, RecordPadding padding) {
        RecordLayer client = client();
        RecordLayer server = client();
        install(client, new Dtls12CidRecordFormat(SERVER_CID, CLIENT_CID, padding), server,
                new Dtls12CidRecordFormat(CLIENT_CID, SERVER_CID, padding), 1, Keys.dtls12(aead, 7));
        return new RecordLayer[] {client, server};
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void headerAndAdditionalDataAreThoseOfRfc9146(Aead aead) throws Exception {
        RecordLayer client = client();
        client.installEpoch(1, new Dtls12CidRecordFormat(SERVER_CID, CLIENT_CID), fixedKeys(aead).sealer(), null);
        client.advanceWriteSequence(1, 5);
        byte[] content = "hello".getBytes(StandardCharsets.US_ASCII);

        byte[] record = write(client, ContentType.APPLICATION_DATA, 1, content);

        int explicit = aead.recordIvLength;
        int fragmentLength = explicit + content.length + 1 + 16;
        assertThat(hex(Arrays.copyOf(record, 17))).isEqualTo(hex(concat(
                hex("19 fe fd 00 01 00 00 00 00 00 05"), SERVER_CID,
                new byte[] {0, (byte) fragmentLength})));
        assertThat(record).hasSize(17 + fragmentLength);
        byte[] explicitNonce = Arrays.copyOfRange(record, 17, 17 + explicit);
        if (explicit > 0) {
            assertThat(hex(explicitNonce)).isEqualTo("0001000000000005"); // we send the 64-bit seq_num
        }
        // the AEAD with the additional data written out above, done by JCA: the tag checks only if every byte matches
        Cipher jca = jca(aead, Cipher.DECRYPT_MODE, (1L << 48) | 5, explicitNonce);
        jca.updateAAD(additionalData(content.length + 1));
        byte[] inner = jca.doFinal(record, 17 + explicit, record.length - 17 - explicit);
        assertThat(hex(inner)).isEqualTo("68656c6c6f" + "17"); // DTLSInnerPlaintext: content, real_type, no zeros
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void readsARecordSealedByHandWithPadding(Aead aead) throws Exception {
        byte[] record = sealByHand(aead, hex("6869" + "16" + "000000")); // "hi", handshake, three zeros of padding

        assertOpened(deliverOne(fixedServer(aead), record), ContentType.HANDSHAKE, hex("6869"), 1, 5);
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void recordsRoundTripThroughTwoRecordLayers(Aead aead) {
        for (RecordPadding padding : new RecordPadding[] {RecordPadding.NONE, RecordPadding.toMultipleOf(32)}) {
            RecordLayer[] layers = clientToServer(aead, padding);
            int[] lengths = {0, 1, 31, 32, 1000, Dtls12CidRecordFormat.MAX_INNER_PLAINTEXT_LENGTH - 1 - padding.maxPadding()};
            int[] types = {ContentType.APPLICATION_DATA, ContentType.HANDSHAKE, ContentType.ALERT};
            for (int i = 0; i < lengths.length; i++) {
                byte[] content = bytes(lengths[i], i);
                int type = types[i % types.length];
                byte[] record = write(layers[0], type, 1, content);
                assertThat(record[0]).isEqualTo((byte) ContentType.TLS12_CID);
                assertThat(record.length - 17 - aead.expansion() - content.length - 1).isBetween(0, padding.maxPadding());

                assertOpened(deliverOne(layers[1], record), type, content, 1, i);
            }
        }
    }

    @Test
    void expansionCoversHeaderCidTypePaddingAndProtection() {
        RecordLayer[] layers = clientToServer(Aead.AES_128_GCM, RecordPadding.toMultipleOf(16));
        // 13-byte header, the server's 4-byte CID, real_type, up to 15 zeros, explicit nonce and tag
        assertThat(layers[0].expansion(1)).isEqualTo(13 + 4 + 1 + 15 + 8 + 16);
    }

    @Test
    void innerPlaintextLongerThan2To14IsNeitherWrittenNorRead() throws Exception {
        RecordLayer[] layers = clientToServer(Aead.AES_128_GCM, RecordPadding.NONE);
        byte[] content = new byte[Dtls12CidRecordFormat.MAX_INNER_PLAINTEXT_LENGTH]; // + real_type: one too many
        assertThatThrownBy(() -> write(layers[0], ContentType.APPLICATION_DATA, 1, content))
                .isInstanceOf(IllegalArgumentException.class);

        byte[] record = sealByHand(Aead.AES_128_GCM, concat(content, hex("17")));
        assertThat(deliverOne(fixedServer(Aead.AES_128_GCM), record).result()).isEqualTo(RecordLayer.DROP_BAD_RECORD);
    }

    @Test
    void anInnerPlaintextOfZerosOnlyIsDropped() throws Exception {
        byte[] record = sealByHand(Aead.CHACHA20_POLY1305, new byte[5]);

        assertThat(deliverOne(fixedServer(Aead.CHACHA20_POLY1305), record).result()).isEqualTo(RecordLayer.DROP_BAD_RECORD);
    }

    @ParameterizedTest
    @EnumSource(value = Aead.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"}) // CCM: RecordCipherTest
    void aFlippedBitAnywhereDropsTheRecordAndLeavesTheWindowAlone(Aead aead) {
        RecordLayer[] layers = clientToServer(aead, RecordPadding.NONE);
        byte[][] records = new byte[4][];
        for (int i = 0; i < records.length; i++) {
            records[i] = write(layers[0], ContentType.APPLICATION_DATA, 1, bytes(20, i));
        }
        byte[] target = records[3];
        for (int i = 0; i < target.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] tampered = target.clone();
                tampered[i] ^= (byte) (1 << bit);
                List<Received> received = deliver(layers[1], tampered);
                assertThat(received).as("byte %d bit %d", i, bit).allMatch(Received::dropped);
            }
        }
        // nothing moved the window: every genuine record, the tampered one's included, still opens, once
        for (int i = records.length - 1; i >= 0; i--) {
            assertThat(deliverOne(layers[1], records[i]).sequence()).isEqualTo(i);
        }
        assertThat(deliverOne(layers[1], records[3]).result()).isEqualTo(RecordLayer.DROP_REPLAY);
    }

    @Test
    void aReplayedRecordIsDropped() {
        RecordLayer[] layers = clientToServer(Aead.CHACHA20_POLY1305, RecordPadding.NONE);
        byte[] record = write(layers[0], ContentType.APPLICATION_DATA, 1, bytes(10, 1));

        assertThat(deliverOne(layers[1], record).result()).isEqualTo(10);
        assertThat(deliverOne(layers[1], record).result()).isEqualTo(RecordLayer.DROP_REPLAY);
    }

    @Test
    void aRecordWithAnotherCidIsDroppedWithTheRestOfItsDatagram() {
        RecordLayer[] layers = clientToServer(Aead.AES_128_GCM, RecordPadding.NONE);
        assertAForeignCidDropsTheRestOfItsDatagram(layers[0], layers[1], 1, 12); // the CID is bytes 11..14
    }

    @Test
    void aPlainRecordInAnEpochThatNegotiatedCidsIsDropped() {
        Keys keys = Keys.dtls12(Aead.AES_128_GCM, 7);
        RecordLayer plainWriter = client();
        RecordLayer server = client();
        install(plainWriter, Dtls12RecordFormat.INSTANCE, server, new Dtls12CidRecordFormat(CLIENT_CID, SERVER_CID), 1, keys);
        byte[] plain = write(plainWriter, ContentType.APPLICATION_DATA, 1, bytes(10, 1));
        assertThat(plain[0]).isEqualTo((byte) ContentType.APPLICATION_DATA);

        assertThat(deliverOne(server, plain).result()).isEqualTo(RecordLayer.DROP_BAD_RECORD);
    }

    @Test
    void aTls12CidRecordClaimingEpochZeroIsDropped() {
        RecordLayer[] layers = clientToServer(Aead.AES_128_GCM, RecordPadding.NONE);
        byte[] record = write(layers[0], ContentType.APPLICATION_DATA, 1, bytes(10, 1));
        record[4] = 0; // epoch 1 -> 0, where nothing is protected and no CID is read

        assertThat(deliverOne(layers[1], record).result()).isEqualTo(RecordLayer.DROP_BAD_RECORD);
    }

    @Test
    void aZeroLengthCidMakesItsDirectionUseThePlainFormat() {
        // RFC 9146 §3: the client offered an empty CID, so records to the client are plain DTLS 1.2;
        // the server asked for SERVER_CID, so records to the server are tls12_cid
        Keys toServer = Keys.dtls12(Aead.AES_256_GCM, 1);
        Keys toClient = Keys.dtls12(Aead.AES_256_GCM, 2);
        RecordLayer client = client();
        RecordLayer server = client();
        client.installEpoch(1, new Dtls12CidRecordFormat(SERVER_CID, NONE), toServer.sealer(), toClient.opener());
        server.installEpoch(1, new Dtls12CidRecordFormat(NONE, SERVER_CID), toClient.sealer(), toServer.opener());
        client.switchWriteEpoch(1);
        server.switchWriteEpoch(1);

        byte[] up = write(client, ContentType.APPLICATION_DATA, 1, bytes(30, 1));
        byte[] down = write(server, ContentType.APPLICATION_DATA, 1, bytes(30, 2));

        assertThat(up[0]).isEqualTo((byte) ContentType.TLS12_CID);
        assertThat(Arrays.copyOfRange(up, 11, 15)).isEqualTo(SERVER_CID);
        assertThat(down[0]).isEqualTo((byte) ContentType.APPLICATION_DATA);
        assertThat(down).hasSize(13 + 8 + 30 + 16); // no CID, no inner type: RFC 6347 exactly
        assertThat(server.expansion(1)).isEqualTo(Dtls12RecordFormat.INSTANCE.expansion(toClient.sealer()));
        assertThat(deliverOne(server, up).content()).isEqualTo(bytes(30, 1));
        assertThat(deliverOne(client, down).content()).isEqualTo(bytes(30, 2));
        // and the client, which reads plain records, cannot read a tls12_cid header at all
        assertThat(deliverOne(client, up).result()).isEqualTo(PARSE_FAILED);
    }

    @Test
    void bothCidsEmptyIsThePlainFormat() {
        assertThat(Dtls12CidRecordFormat.of(NONE, NONE)).isSameAs(Dtls12RecordFormat.INSTANCE);
        assertThat(Dtls12CidRecordFormat.of(NONE, SERVER_CID)).isInstanceOf(Dtls12CidRecordFormat.class);
    }

    @Test
    void plaintextRecordsNeverUseTheCidFormat() {
        Dtls12CidRecordFormat format = new Dtls12CidRecordFormat(SERVER_CID, CLIENT_CID);
        assertThatThrownBy(() -> format.write(ContentType.HANDSHAKE, 0, 0, new byte[1], 0, 1, null, new byte[100], 0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void epochZeroAndCidRecordsShareADatagram() {
        RecordLayer[] layers = clientToServer(Aead.AES_128_GCM, RecordPadding.NONE);
        byte[] handshake = write(layers[0], ContentType.HANDSHAKE, 0, bytes(40, 1));
        byte[] data = write(layers[0], ContentType.APPLICATION_DATA, 1, bytes(25, 2));
        byte[] alert = write(layers[0], ContentType.ALERT, 1, hex("0100"));

        List<Received> received = deliver(layers[1], concat(handshake, data, alert));

        assertThat(received).extracting(Received::type)
                .containsExactly(ContentType.HANDSHAKE, ContentType.APPLICATION_DATA, ContentType.ALERT);
        assertThat(received).extracting(Received::epoch).containsExactly(0L, 1L, 1L);
        assertThat(received.get(1).content()).isEqualTo(bytes(25, 2));
        assertThat(received.get(2).content()).isEqualTo(hex("0100"));
    }
}
