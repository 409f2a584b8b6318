package io.dtls4j.record;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;

/**
 * The Alert message body (RFC 5246 §7.2): {@code level(1) description(1)}.
 * The description is kept as its wire code so that unknown codes from the peer can still be reported.
 */
public record AlertMessage(int level, int description) {
    public static final int WARNING = 1;
    public static final int FATAL = 2;
    public static final int LENGTH = 2;

    public static byte[] encode(int level, AlertDescription d) {
        if (level != WARNING && level != FATAL) {
            throw new IllegalArgumentException("alert level " + level);
        }
        return new byte[] {(byte) level, (byte) d.code()};
    }

    /**
     * Decodes an alert record payload: exactly two bytes (DECODE_ERROR otherwise); the level must be
     * warning or fatal (ILLEGAL_PARAMETER otherwise). Unknown descriptions are kept as codes.
     */
    public static AlertMessage decode(byte[] b, int off, int len) throws DecodeException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len != LENGTH) {
            throw DecodeException.decodeError("alert of " + len + " bytes");
        }
        int level = b[off] & 0xFF;
        if (level != WARNING && level != FATAL) {
            throw DecodeException.illegalParameter("alert level " + level);
        }
        return new AlertMessage(level, b[off + 1] & 0xFF);
    }

    /** The description as an enum, or null when the code is unknown. */
    public AlertDescription alertDescription() {
        return AlertDescription.fromCode(description);
    }

    public boolean isFatal() {
        return level == FATAL;
    }
}
