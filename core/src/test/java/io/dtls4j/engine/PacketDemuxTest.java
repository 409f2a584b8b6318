package io.dtls4j.engine;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-byte ranges of RFC 7983 §7 as RFC 9443 §3 updated them, at every boundary. */
class PacketDemuxTest {
    @Test
    void everyFirstByteFallsInTheRangeTheRfcGivesIt() {
        for (int b = 0; b < 256; b++) {
            PacketDemux.Kind expected = b >= 20 && b <= 63 ? PacketDemux.Kind.DTLS
                    : b >= 4 && b <= 15 ? PacketDemux.Kind.UNASSIGNED : PacketDemux.Kind.OTHER;
            assertThat(PacketDemux.classify(b)).as("first byte %d", b).isEqualTo(expected);
        }
        assertThat(PacketDemux.classify(3)).as("STUN").isEqualTo(PacketDemux.Kind.OTHER);
        assertThat(PacketDemux.classify(0x80)).as("RTP").isEqualTo(PacketDemux.Kind.OTHER);
        assertThat(PacketDemux.classify(22)).as("a handshake record").isEqualTo(PacketDemux.Kind.DTLS);
    }

    @Test
    void aBufferIsClassifiedByItsByteAtThePositionWhichDoesNotMove() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {0x00, 0x01, 23, 0x00});
        b.position(2);
        assertThat(PacketDemux.classify(b)).isEqualTo(PacketDemux.Kind.DTLS);
        assertThat(b.position()).isEqualTo(2);
        b.position(1);
        assertThat(PacketDemux.classify(b)).isEqualTo(PacketDemux.Kind.OTHER);
        assertThat(PacketDemux.classify(ByteBuffer.allocate(0))).as("empty: the DTLS path drops it").isEqualTo(PacketDemux.Kind.DTLS);
    }
}
