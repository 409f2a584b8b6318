package io.dtls4j.record;

import io.dtls4j.config.CipherSuite.Aead;
import io.dtls4j.record.RecordTesting.Keys;
import io.dtls4j.record.RecordTesting.Received;
import org.junit.jupiter.api.Test;

import static io.dtls4j.record.RecordTesting.PARSE_FAILED;
import static io.dtls4j.record.RecordTesting.bytes;
import static io.dtls4j.record.RecordTesting.concat;
import static io.dtls4j.record.RecordTesting.deliver;
import static io.dtls4j.record.RecordTesting.deliverOne;
import static io.dtls4j.record.RecordTesting.install;
import static io.dtls4j.record.RecordTesting.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordLayerTest {

    private static RecordLayer layer() {
        return new RecordLayer(64);
    }

    @Test
    void plainDtls12RecordsRoundTripAndAreReplayChecked() {
        RecordLayer client = layer();
        RecordLayer server = layer();
        install(client, Dtls12RecordFormat.INSTANCE, server, Dtls12RecordFormat.INSTANCE, 1, Keys.dtls12(Aead.AES_128_GCM, 1));
        byte[] record = write(client, ContentType.APPLICATION_DATA, 1, bytes(30, 1));

        Received received = deliverOne(server, record);

        assertThat(received.content()).isEqualTo(bytes(30, 1));
        assertThat(received.epoch()).isEqualTo(1);
        assertThat(deliverOne(server, record).result()).isEqualTo(RecordLayer.DROP_REPLAY);
    }

    @Test
    void aClearSequenceNumberIsReplayCheckedBeforeDeprotectionAnEncryptedOneAfter() {
        RecordLayer client = layer();
        RecordLayer server = layer();
        install(client, Dtls12RecordFormat.INSTANCE, server, Dtls12RecordFormat.INSTANCE, 1, Keys.dtls12(Aead.AES_128_GCM, 1));
        install(client, new Dtls13RecordFormat(), server, new Dtls13RecordFormat(), 2, Keys.dtls13(Aead.AES_128_GCM, 2));
        byte[] dtls12 = write(client, ContentType.APPLICATION_DATA, 1, bytes(30, 1));
        byte[] dtls13 = write(client, ContentType.APPLICATION_DATA, 2, bytes(30, 2));
        assertThat(deliver(server, concat(dtls12, dtls13))).extracting(Received::result).containsExactly(30, 30);
        dtls12[dtls12.length - 1] ^= 1; // a replay with a broken tag
        dtls13[dtls13.length - 1] ^= 1;

        // DTLS 1.2: the duplicate is seen before the AEAD runs; DTLS 1.3: the AEAD runs first (RFC 9147 §4.5.1)
        assertThat(deliver(server, concat(dtls12, dtls13))).extracting(Received::result)
                .containsExactly(RecordLayer.DROP_REPLAY, RecordLayer.DROP_BAD_MAC);
    }

    @Test
    void recordsOfEpochsNotInstalledAreDropped() {
        RecordLayer client = layer();
        RecordLayer server = layer();
        Keys keys = Keys.dtls12(Aead.CHACHA20_POLY1305, 1);
        client.installEpoch(1, Dtls12RecordFormat.INSTANCE, keys.sealer(), null);

        assertThat(deliverOne(server, write(client, ContentType.APPLICATION_DATA, 1, bytes(5, 1))).result())
                .isEqualTo(RecordLayer.DROP_UNKNOWN_EPOCH);
    }

    @Test
    void epochZeroRecordsNeverMoveAWindow() {
        RecordLayer client = layer();
        RecordLayer server = layer();
        client.advanceWriteSequence(0, 1000);
        byte[] high = write(client, ContentType.HANDSHAKE, 0, bytes(5, 1));
        RecordLayer restarted = layer();
        byte[] low = write(restarted, ContentType.HANDSHAKE, 0, bytes(5, 2));

        assertThat(deliverOne(server, high).sequence()).isEqualTo(1000);
        assertThat(deliverOne(server, low).sequence()).isEqualTo(0);
    }

    @Test
    void aFirstByteNoFormatClaimsEndsTheDatagram() {
        RecordLayer server = layer();
        byte[] unknown = {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        // without a DTLS 1.3 epoch, the unified header is not read either
        byte[] unified = {0x2c, 0, 0, 0, 0};

        assertThat(deliverOne(server, unknown).result()).isEqualTo(PARSE_FAILED);
        assertThat(deliverOne(server, unified).result()).isEqualTo(PARSE_FAILED);
    }

    @Test
    void aForgottenDtls13EpochIsUnknownByItsBits() {
        RecordLayer client = layer();
        RecordLayer server = layer();
        Dtls13RecordFormat format = new Dtls13RecordFormat();
        install(client, format, server, format, 2, Keys.dtls13(Aead.AES_128_GCM, 2));
        byte[] fromEpoch2 = write(client, ContentType.APPLICATION_DATA, 2, bytes(5, 2));
        for (long epoch = 3; epoch <= 5; epoch++) {
            install(client, format, server, format, epoch, Keys.dtls13(Aead.AES_128_GCM, (int) epoch));
        }
        // kept: 0, 3, 4, 5; nothing with the low bits 10 any more
        assertThat(deliverOne(server, fromEpoch2).result()).isEqualTo(RecordLayer.DROP_UNKNOWN_EPOCH);
        assertThat(deliverOne(server, write(client, ContentType.APPLICATION_DATA, 5, bytes(5, 5))).epoch()).isEqualTo(5);
    }

    @Test
    void anEpochWithARecordSizeLimitWritesNoMoreAndDropsLargerRecords() {
        // RFC 8449 §4: we write within the peer's limit; a DTLS reader may discard records over its own
        RecordLayer client = layer();
        RecordLayer server = layer();
        Keys keys = Keys.dtls12(Aead.AES_128_CCM_8, 1);
        client.installEpoch(1, Dtls12RecordFormat.INSTANCE, keys.sealer(), null, 16384, 16384);
        server.installEpoch(1, Dtls12RecordFormat.INSTANCE, null, keys.opener(), 16384, 100);
        assertThat(client.maxContentLength(1)).isEqualTo(16384);

        assertThat(deliverOne(server, write(client, ContentType.APPLICATION_DATA, 1, bytes(100, 1))).result()).isEqualTo(100);
        byte[] tooLarge = write(client, ContentType.APPLICATION_DATA, 1, bytes(101, 2));
        assertThat(deliverOne(server, tooLarge).result()).isEqualTo(RecordLayer.DROP_BAD_RECORD);

        RecordLayer limited = layer();
        limited.installEpoch(1, Dtls12RecordFormat.INSTANCE, keys.sealer(), null, 100, 16384);
        assertThat(limited.maxContentLength(1)).isEqualTo(100);
        assertThat(limited.maxContentLength(0)).isEqualTo(RecordLayer.MAX_PLAINTEXT_LENGTH); // unprotected: no limit
        assertThatThrownBy(() -> write(limited, ContentType.APPLICATION_DATA, 1, bytes(101, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInnerPlaintextCountsAgainstTheLimit() {
        // RFC 8449 §4: the limit covers all input to the encryption, here the content type byte of the inner plaintext
        RecordLayer client = layer();
        Keys keys = Keys.dtls12(Aead.AES_128_GCM, 1);
        client.installEpoch(1, new Dtls12CidRecordFormat(new byte[] {1, 2}, new byte[] {3}), keys.sealer(), null, 256, 16384);
        assertThat(client.maxContentLength(1)).isEqualTo(255);
    }
}
