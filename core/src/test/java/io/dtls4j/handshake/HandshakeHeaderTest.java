package io.dtls4j.handshake;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeHeaderTest {

    @Test
    void writesAndReadsTheRfc6347Layout() throws Exception {
        HandshakeHeader h = new HandshakeHeader(HandshakeType.CERTIFICATE, 0x012345, 0x0203, 0x000100, 0x000200);
        WireWriter w = new WireWriter();
        h.write(w);
        assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo("0b" + "012345" + "0203" + "000100" + "000200");
        WireReader r = new WireReader(w.toByteArray());
        assertThat(HandshakeHeader.read(r)).isEqualTo(h);
        r.expectEnd();
        assertThat(h.isUnfragmented()).isFalse();
        assertThat(new HandshakeHeader(1, 5, 0, 0, 5).isUnfragmented()).isTrue();
    }

    @Test
    void truncatedHeaderIsADecodeErrorAtEveryLength() {
        byte[] full = new byte[HandshakeHeader.LENGTH];
        for (int n = 0; n < full.length; n++) {
            byte[] prefix = Arrays.copyOf(full, n);
            assertThatThrownBy(() -> HandshakeHeader.read(new WireReader(prefix)))
                    .isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void fragmentBeyondTheMessageLengthIsADecodeError() {
        byte[] b = HexFormat.of().parseHex("01" + "000010" + "0000" + "00000c" + "000005");
        assertThatThrownBy(() -> HandshakeHeader.read(new WireReader(b)))
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).alert()).isEqualTo(AlertDescription.DECODE_ERROR);
    }

    @Test
    void messageEncodesUnfragmentedForTheTranscript() {
        HandshakeMessage m = new HandshakeMessage(HandshakeType.FINISHED, 7, new byte[] {1, 2, 3}, 1);
        assertThat(HexFormat.of().formatHex(m.encodeUnfragmented()))
                .isEqualTo("14" + "000003" + "0007" + "000000" + "000003" + "010203");
        assertThat(m).isEqualTo(new HandshakeMessage(20, 7, new byte[] {1, 2, 3}, 1));
        assertThat(m).isNotEqualTo(new HandshakeMessage(20, 7, new byte[] {1, 2, 4}, 1));
    }

    @Test
    void fragmenterSplitsIntoContiguousPiecesWithinTheLimit() throws Exception {
        byte[] body = new byte[100];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        List<byte[]> frags = HandshakeFragmenter.fragment(HandshakeType.CERTIFICATE, 3, body, 12 + 30);
        assertThat(frags).hasSize(4);
        int expectedOffset = 0;
        byte[] joined = new byte[100];
        for (byte[] f : frags) {
            assertThat(f.length).isLessThanOrEqualTo(42);
            WireReader r = new WireReader(f);
            HandshakeHeader h = HandshakeHeader.read(r);
            assertThat(h.type()).isEqualTo(HandshakeType.CERTIFICATE);
            assertThat(h.messageSeq()).isEqualTo(3);
            assertThat(h.length()).isEqualTo(100);
            assertThat(h.fragmentOffset()).isEqualTo(expectedOffset);
            assertThat(r.remaining()).isEqualTo(h.fragmentLength());
            System.arraycopy(r.bytes(h.fragmentLength()), 0, joined, h.fragmentOffset(), h.fragmentLength());
            expectedOffset += h.fragmentLength();
        }
        assertThat(expectedOffset).isEqualTo(100);
        assertThat(joined).isEqualTo(body);
    }

    @Test
    void fragmenterGivesOneFragmentForAnEmptyBodyAndForABodyThatFits() {
        List<byte[]> empty = HandshakeFragmenter.fragment(HandshakeType.SERVER_HELLO_DONE, 4, new byte[0], 13);
        assertThat(empty).hasSize(1);
        assertThat(HexFormat.of().formatHex(empty.get(0))).isEqualTo("0e" + "000000" + "0004" + "000000" + "000000");
        HandshakeMessage m = new HandshakeMessage(HandshakeType.FINISHED, 5, new byte[12], 1);
        List<byte[]> one = HandshakeFragmenter.fragment(m.type(), m.messageSeq(), m.body(), 24);
        assertThat(one).hasSize(1);
        assertThat(one.get(0)).isEqualTo(m.encodeUnfragmented());
    }

    @Test
    void fragmenterRejectsALimitThatCannotHoldAByteOfBody() {
        assertThatThrownBy(() -> HandshakeFragmenter.fragment(1, 0, new byte[1], 12))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handshakeTypeNames() {
        assertThat(HandshakeType.name(HandshakeType.HELLO_VERIFY_REQUEST)).isEqualTo("hello_verify_request");
        assertThat(HandshakeType.name(99)).isEqualTo("handshake_type(99)");
    }
}
