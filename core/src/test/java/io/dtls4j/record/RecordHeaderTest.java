package io.dtls4j.record;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordHeaderTest {

    @Test
    void writesTheRfc6347Layout() {
        byte[] out = new byte[RecordHeader.LENGTH + 2];
        RecordHeader.write(out, 2, ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_2, 1, 0x0000_0102_0304L, 0x0150);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("0000" + "16" + "fefd" + "0001" + "000001020304" + "0150");
    }

    @Test
    void readsBackEveryField() {
        byte[] out = new byte[RecordHeader.LENGTH + 3];
        long maxSeq = RecordHeader.MAX_SEQUENCE;
        RecordHeader.write(out, 3, ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_0, 0xFFFF, maxSeq, 0xFFFF);
        assertThat(RecordHeader.type(out, 3)).isEqualTo(23);
        assertThat(RecordHeader.version(out, 3)).isEqualTo(0xFEFF);
        assertThat(RecordHeader.epoch(out, 3)).isEqualTo(0xFFFF);
        assertThat(RecordHeader.sequence(out, 3)).isEqualTo(maxSeq);
        assertThat(RecordHeader.length(out, 3)).isEqualTo(0xFFFF);
    }

    @Test
    void rejectsFieldsOutOfRange() {
        byte[] out = new byte[RecordHeader.LENGTH];
        assertThatThrownBy(() -> RecordHeader.write(out, 0, 256, 0xFEFD, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordHeader.write(out, 0, 22, 0xFEFD, 0x10000, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordHeader.write(out, 0, 22, 0xFEFD, 0, 1L << 48, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordHeader.write(out, 0, 22, 0xFEFD, 0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordHeader.write(out, 0, 22, 0xFEFD, 0, 0, 0x10000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentTypesKnownAreExactlyTheFourOfDtls12() {
        assertThat(ContentType.isKnown(19)).isFalse();
        assertThat(ContentType.isKnown(20)).isTrue();
        assertThat(ContentType.isKnown(23)).isTrue();
        assertThat(ContentType.isKnown(24)).isFalse();
        assertThat(ContentType.isKnown(25)).isFalse();
        assertThat(ContentType.name(22)).isEqualTo("handshake");
        assertThat(ProtocolVersion.name(0xFEFD)).isEqualTo("DTLS 1.2");
    }
}
