package io.dtls4j.handshake;

import io.dtls4j.record.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A flight kept after the handshake is packed into one array ({@link Flight#compact()}, issue #11) and
 * unpacked for a retransmission (RFC 6347 §4.2.4): what comes out must be what went in, entry for entry.
 */
class FlightTest {

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The server's final flight of a ticket handshake: NewSessionTicket, ChangeCipherSpec, Finished (epoch 1). */
    private static Flight finalFlight(int ticketLength) {
        Flight flight = new Flight(false);
        flight.add(new HandshakeMessage(4, 5, bytes(ticketLength, 1), 0));
        flight.addRecord(ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1});
        flight.switchWriteEpochTo(1);
        flight.add(new HandshakeMessage(20, 6, bytes(12, 2), 1));
        return flight;
    }

    private static void assertSameEntries(List<Flight.Entry> actual, List<Flight.Entry> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Flight.Entry a = actual.get(i);
            Flight.Entry e = expected.get(i);
            assertThat(a.contentType).as("content type of entry %d", i).isEqualTo(e.contentType);
            assertThat(a.epoch).as("epoch of entry %d", i).isEqualTo(e.epoch);
            if (e.message == null) {
                assertThat(a.message).isNull();
                assertThat(a.content()).as("content of entry %d", i).isEqualTo(e.content());
            } else {
                assertThat(a.message.type()).isEqualTo(e.message.type());
                assertThat(a.message.messageSeq()).isEqualTo(e.message.messageSeq());
                assertThat(a.message.epoch()).isEqualTo(e.message.epoch());
                assertThat(a.message.body()).as("body of entry %d", i).isEqualTo(e.message.body());
            }
        }
    }

    @Test
    void aCompactedFlightUnpacksToTheSameEntriesEveryTime() {
        Flight flight = finalFlight(200);
        List<Flight.Entry> before = List.copyOf(flight.entries());
        flight.compact();
        assertSameEntries(flight.entries(), before);
        // a second retransmission unpacks again, from the same bytes
        assertSameEntries(flight.entries(), before);
        assertThat(flight.writeEpochAfter()).isEqualTo(1);
        assertThat(flight.expectsResponse()).isFalse();
    }

    @Test
    void handshakeBodiesLongerThanSixteenBitsKeepTheirLength() {
        // a handshake message may be up to 2^24 - 1 bytes (RFC 6347 §4.2.2); a large certificate chain exceeds 2^16
        Flight flight = finalFlight(70_000);
        List<Flight.Entry> before = List.copyOf(flight.entries());
        flight.compact();
        assertSameEntries(flight.entries(), before);
        assertThat(flight.entries().get(0).message.body()).hasSize(70_000);
    }

    @Test
    void recordsOtherThanChangeCipherSpecKeepTheirContent() {
        Flight flight = new Flight(true);
        flight.addRecord(ContentType.ALERT, 1, new byte[] {2, 40});
        flight.addRecord(ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1});
        List<Flight.Entry> before = List.copyOf(flight.entries());
        flight.compact();
        assertSameEntries(flight.entries(), before);
    }

    @Test
    void theUnpackedContentIsACopyThatCannotChangeTheFlight() {
        Flight flight = finalFlight(50);
        flight.compact();
        flight.entries().get(1).content()[0] = 9;
        flight.entries().get(0).message.body()[0] ^= 1;
        assertThat(flight.entries().get(1).content()).containsExactly(1);
        assertSameEntries(flight.entries(), finalFlight(50).entries());
    }

    @Test
    void aCompactedFlightTakesNoMoreEntries() {
        Flight flight = finalFlight(10);
        flight.compact();
        assertThatThrownBy(() -> flight.addRecord(ContentType.CHANGE_CIPHER_SPEC, 0, new byte[] {1}))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> flight.add(new HandshakeMessage(20, 7, new byte[12], 1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
