package io.dtls4j.wire;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireWriterTest {

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void writesBigEndianIntegersOfEveryWidth() {
        WireWriter w = new WireWriter(1).u8(0xFF).u16(0x1234).u24(0xABCDEF).u48(0x0102030405FEL);
        assertThat(hex(w.toByteArray())).isEqualTo("ff1234abcdef0102030405fe");
        assertThat(w.size()).isEqualTo(12);
    }

    @Test
    void rejectsValuesThatDoNotFitTheirField() {
        WireWriter w = new WireWriter();
        assertThatThrownBy(() -> w.u8(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.u8(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.u16(0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.u24(0x1000000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.u48(1L << 48)).isInstanceOf(IllegalArgumentException.class);
        assertThat(w.size()).isZero();
    }

    @Test
    void vectorsCarryTheirLengthAndRejectTooLongContent() {
        WireWriter w = new WireWriter().vector8(new byte[] {1}).vector16(new byte[] {2, 3}).vector24(new byte[0]);
        assertThat(hex(w.toByteArray())).isEqualTo("01" + "01" + "0002" + "0203" + "000000");
        assertThatThrownBy(() -> w.vector8(new byte[256])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.vector16(new byte[65536])).isInstanceOf(IllegalArgumentException.class);
        w.vector8(new byte[255]);
        w.vector16(new byte[65535]);
        assertThat(w.size()).isEqualTo(9 + 256 + 65537);
    }

    @Test
    void nestedLengthBlocksAreFilledInAtTheEnd() throws Exception {
        WireWriter w = new WireWriter(2);
        int outer = w.startLength24();
        int mid = w.startLength16();
        int inner = w.startLength8();
        w.u16(0xBEEF);
        w.endLength8(inner);
        w.u8(7);
        w.endLength16(mid);
        w.endLength24(outer);
        assertThat(hex(w.toByteArray())).isEqualTo("000006" + "0004" + "02" + "beef" + "07");

        WireReader r = new WireReader(w.toByteArray());
        WireReader m = r.sub24().sub16();
        assertThat(m.vector8()).containsExactly(0xBE, 0xEF);
        assertThat(m.u8()).isEqualTo(7);
        m.expectEnd();
    }

    @Test
    void lengthBlockTooLongForItsPrefixIsRejected() {
        WireWriter w = new WireWriter();
        int mark = w.startLength8();
        w.bytes(new byte[256]);
        assertThatThrownBy(() -> w.endLength8(mark)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesWithRangeAndResetReusesTheWriter() {
        WireWriter w = new WireWriter();
        w.bytes(new byte[] {9, 8, 7, 6}, 1, 2);
        assertThat(w.toByteArray()).containsExactly(8, 7);
        w.reset();
        assertThat(w.size()).isZero();
        w.u8(5);
        assertThat(w.toByteArray()).containsExactly(5);
    }

    @Test
    void growsFarBeyondItsInitialCapacity() {
        WireWriter w = new WireWriter(0);
        for (int i = 0; i < 10_000; i++) {
            w.u16(i);
        }
        byte[] out = w.toByteArray();
        assertThat(out).hasSize(20_000);
        assertThat(((out[19_998] & 0xFF) << 8) | (out[19_999] & 0xFF)).isEqualTo(9_999);
    }
}
