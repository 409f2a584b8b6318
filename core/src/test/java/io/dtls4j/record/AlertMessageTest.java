package io.dtls4j.record;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertMessageTest {

    @Test
    void roundTripsLevelAndDescription() throws Exception {
        byte[] enc = AlertMessage.encode(AlertMessage.FATAL, AlertDescription.HANDSHAKE_FAILURE);
        assertThat(enc).containsExactly(2, 40);
        AlertMessage a = AlertMessage.decode(enc, 0, enc.length);
        assertThat(a.level()).isEqualTo(AlertMessage.FATAL);
        assertThat(a.description()).isEqualTo(40);
        assertThat(a.alertDescription()).isEqualTo(AlertDescription.HANDSHAKE_FAILURE);
        assertThat(a.isFatal()).isTrue();
    }

    @Test
    void decodesAtAnOffsetAndKeepsUnknownDescriptions() throws Exception {
        byte[] b = {9, 1, (byte) 200, 9};
        AlertMessage a = AlertMessage.decode(b, 1, 2);
        assertThat(a.level()).isEqualTo(AlertMessage.WARNING);
        assertThat(a.description()).isEqualTo(200);
        assertThat(a.alertDescription()).isNull();
    }

    @Test
    void rejectsWrongLengthsAsDecodeError() {
        for (int len : new int[] {0, 1, 3}) {
            assertThatThrownBy(() -> AlertMessage.decode(new byte[] {1, 0, 0}, 0, len))
                    .isInstanceOf(DecodeException.class)
                    .extracting(e -> ((DecodeException) e).alert()).isEqualTo(AlertDescription.DECODE_ERROR);
        }
    }

    @Test
    void rejectsUnknownLevelAsIllegalParameter() {
        assertThatThrownBy(() -> AlertMessage.decode(new byte[] {3, 0}, 0, 2))
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).alert()).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
        assertThatThrownBy(() -> AlertMessage.encode(0, AlertDescription.CLOSE_NOTIFY)).isInstanceOf(IllegalArgumentException.class);
    }
}
