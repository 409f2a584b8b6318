package io.dtls4j.wire;

import io.dtls4j.AlertDescription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireReaderTest {

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    @Test
    void readsBigEndianIntegersOfEveryWidth() throws Exception {
        WireReader r = new WireReader(hex("ff" + "1234" + "abcdef" + "0102030405fe"));
        assertThat(r.u8()).isEqualTo(0xFF);
        assertThat(r.u16()).isEqualTo(0x1234);
        assertThat(r.u24()).isEqualTo(0xABCDEF);
        assertThat(r.u48()).isEqualTo(0x0102030405FEL);
        assertThat(r.remaining()).isZero();
        assertThat(r.position()).isEqualTo(12);
        r.expectEnd();
    }

    @Test
    void u48ReadsTheLargestValueAsPositive() throws Exception {
        assertThat(new WireReader(hex("ffffffffffff")).u48()).isEqualTo(0xFFFF_FFFF_FFFFL);
    }

    @Test
    void honoursOffsetAndLengthOfTheRange() throws Exception {
        byte[] b = hex("aa0102bb");
        WireReader r = new WireReader(b, 1, 2);
        assertThat(r.u16()).isEqualTo(0x0102);
        assertThatThrownBy(r::u8).isInstanceOf(DecodeException.class);
    }

    @Test
    void everyReadPastTheEndIsADecodeError() {
        byte[] two = hex("0102");
        assertDecodeError(() -> new WireReader(two).u24());
        assertDecodeError(() -> new WireReader(two).u48());
        assertDecodeError(() -> new WireReader(new byte[1]).u16());
        assertDecodeError(() -> new WireReader(new byte[0]).u8());
        assertDecodeError(() -> new WireReader(two).bytes(3));
        assertDecodeError(() -> new WireReader(two).bytes(-1));
    }

    @Test
    void vectorsReadTheirLengthPrefix() throws Exception {
        WireReader r = new WireReader(hex("02aabb" + "0001cc" + "000002ddee"));
        assertThat(r.vector8()).containsExactly(0xAA, 0xBB);
        assertThat(r.vector16()).containsExactly(0xCC);
        assertThat(r.vector24()).containsExactly(0xDD, 0xEE);
        r.expectEnd();
    }

    @Test
    void overLongVectorLengthIsADecodeErrorBeforeAnyAllocation() {
        // a 2^24-1 length with 1 byte behind it must fail on the check, not by allocating 16 MiB
        assertDecodeError(() -> new WireReader(hex("ffffff00")).vector24());
        assertDecodeError(() -> new WireReader(hex("0300aa")).vector8());
        assertDecodeError(() -> new WireReader(hex("00")).vector16());
    }

    @Test
    void subReadersAreConfinedToTheirBlockAndAdvanceTheParent() throws Exception {
        WireReader r = new WireReader(hex("0003" + "010203" + "09"));
        WireReader sub = r.sub16();
        assertThat(r.u8()).isEqualTo(9);
        assertThat(sub.remaining()).isEqualTo(3);
        assertThat(sub.u16()).isEqualTo(0x0102);
        assertThat(sub.u8()).isEqualTo(3);
        assertDecodeError(sub::u8);
        r.expectEnd();
    }

    @Test
    void subReadersOfEveryPrefixWidth() throws Exception {
        WireReader r = new WireReader(hex("01aa" + "000001bb"));
        assertThat(r.sub8().u8()).isEqualTo(0xAA);
        assertThat(r.sub24().u8()).isEqualTo(0xBB);
        r.expectEnd();
        assertDecodeError(() -> new WireReader(hex("05aa")).sub8());
        assertDecodeError(() -> new WireReader(hex("000005aa")).sub24());
    }

    @Test
    void expectEndRejectsTrailingBytes() {
        assertDecodeError(() -> new WireReader(hex("00")).expectEnd());
    }

    @Test
    void constructorRejectsARangeOutsideTheArray() {
        assertThatThrownBy(() -> new WireReader(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    interface Read {
        void run() throws DecodeException;
    }

    private static void assertDecodeError(Read read) {
        assertThatThrownBy(read::run)
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).alert()).isEqualTo(AlertDescription.DECODE_ERROR));
    }
}
