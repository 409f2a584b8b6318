package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.WireReader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dtls4j.handshake.message.CodecAssertions.assertAlert;
import static io.dtls4j.handshake.message.CodecAssertions.assertEveryPrefixRejected;
import static io.dtls4j.handshake.message.CodecAssertions.assertTrailingByteRejected;
import static io.dtls4j.handshake.message.CodecAssertions.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtensionsTest {

    private static final Extensions SAMPLE = Extensions.EMPTY
            .with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[0])
            .with(ExtensionType.RENEGOTIATION_INFO, new byte[] {0})
            .with(0x1234, new byte[] {1, 2, 3});

    @Test
    void encodesInOrderWithTheBlockLength() {
        assertThat(SAMPLE.encode()).isEqualTo(hex("0010" + "0017 0000" + "ff01 0001 00" + "1234 0003 010203"));
    }

    @Test
    void roundTripsAndKeepsOrder() throws Exception {
        Extensions back = Extensions.decode(SAMPLE.encode());
        assertThat(back).isEqualTo(SAMPLE);
        assertThat(back.list()).extracting(Extensions.Extension::type).containsExactly(23, 0xff01, 0x1234);
        assertThat(Extensions.decode(hex("0000"))).isEqualTo(Extensions.EMPTY);
    }

    @Test
    void getHasWithAndWithout() {
        assertThat(SAMPLE.has(ExtensionType.RENEGOTIATION_INFO)).isTrue();
        assertThat(SAMPLE.get(ExtensionType.RENEGOTIATION_INFO)).containsExactly(0);
        assertThat(SAMPLE.get(ExtensionType.SERVER_NAME)).isNull();
        assertThat(SAMPLE.has(ExtensionType.SERVER_NAME)).isFalse();
        Extensions replaced = SAMPLE.with(ExtensionType.EXTENDED_MASTER_SECRET, new byte[] {9});
        assertThat(replaced.list()).extracting(Extensions.Extension::type).containsExactly(23, 0xff01, 0x1234);
        assertThat(replaced.get(23)).containsExactly(9);
        Extensions removed = SAMPLE.without(0xff01);
        assertThat(removed.list()).extracting(Extensions.Extension::type).containsExactly(23, 0x1234);
        assertThat(SAMPLE.size()).isEqualTo(3);
        assertThat(SAMPLE.without(77)).isSameAs(SAMPLE);
    }

    @Test
    void dataIsCopiedInAndOut() {
        byte[] data = {1, 2};
        Extensions e = Extensions.EMPTY.with(5, data);
        data[0] = 9;
        assertThat(e.get(5)).containsExactly(1, 2);
        e.get(5)[1] = 9;
        assertThat(e.get(5)).containsExactly(1, 2);
    }

    @Test
    void duplicateTypeIsAnIllegalParameter() {
        assertAlert(() -> Extensions.decode(hex("0008" + "0017 0000" + "0017 0000")), AlertDescription.ILLEGAL_PARAMETER);
        assertThatThrownBy(() -> Extensions.of(List.of(new Extensions.Extension(1, new byte[0]), new Extensions.Extension(1, new byte[0]))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryOverrunningTheBlockIsADecodeError() {
        // the block says 5 bytes but the extension inside claims 2 bytes of data after its 4-byte header
        assertAlert(() -> Extensions.decode(hex("0005" + "0017 0002 00" + "00")), AlertDescription.DECODE_ERROR);
        // a block of 3 bytes cannot hold an extension header
        assertAlert(() -> Extensions.decode(hex("0003" + "001700")), AlertDescription.DECODE_ERROR);
    }

    @Test
    void truncatedAndTrailingAreDecodeErrors() {
        assertEveryPrefixRejected(SAMPLE.encode(), Extensions::decode);
        assertTrailingByteRejected(SAMPLE.encode(), Extensions::decode);
    }

    @Test
    void readOptionalTreatsNoBytesAsNoExtensions() throws Exception {
        assertThat(Extensions.readOptional(new WireReader(new byte[0]))).isEqualTo(Extensions.EMPTY);
        assertAlert(() -> Extensions.readOptional(new WireReader(new byte[1])), AlertDescription.DECODE_ERROR);
    }

    @Test
    void blockTooLargeToEncodeIsRejected() {
        Extensions big = Extensions.EMPTY.with(1, new byte[40_000]);
        assertThatThrownBy(() -> big.with(2, new byte[30_000])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Extensions.EMPTY.with(1, new byte[65_536])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeNames() {
        assertThat(ExtensionType.name(0xff01)).isEqualTo("renegotiation_info");
        assertThat(ExtensionType.name(999)).isEqualTo("extension(999)");
    }
}
