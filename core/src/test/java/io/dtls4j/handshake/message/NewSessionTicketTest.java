package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NewSessionTicket (RFC 5077 §3.3): uint32 ticket_lifetime_hint, opaque ticket&lt;0..2^16-1&gt;. */
class NewSessionTicketTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesHintThenLengthPrefixedTicket() throws Exception {
        NewSessionTicket ticket = new NewSessionTicket(0xFFFF_FFFEL, new byte[] {1, 2, 3});
        assertThat(HEX.formatHex(ticket.encode())).isEqualTo("fffffffe" + "0003" + "010203");
        assertThat(NewSessionTicket.decode(HEX.parseHex("fffffffe0003010203"))).isEqualTo(ticket);
        // RFC 5077 §3.3: an empty ticket is allowed (the server changed its mind), and a hint of 0 means unspecified
        assertThat(NewSessionTicket.decode(HEX.parseHex("000000000000"))).isEqualTo(new NewSessionTicket(0, new byte[0]));
    }

    @Test
    void truncatedOrOverlongBodiesAreDecodeErrors() {
        for (String hex : new String[] {"", "000000", "00000000", "0000000000", "00000000000201", "0000000000010102"}) {
            assertThatThrownBy(() -> NewSessionTicket.decode(HEX.parseHex(hex))).as(hex)
                    .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.alert()).isEqualTo(AlertDescription.DECODE_ERROR));
        }
    }

    @Test
    void theTicketNeverShowsInToString() {
        assertThat(new NewSessionTicket(60, new byte[] {(byte) 0xAB, (byte) 0xCD}).toString()).doesNotContain("abcd").contains("2 bytes");
    }
}
