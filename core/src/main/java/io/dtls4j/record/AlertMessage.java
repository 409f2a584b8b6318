package io.dtls4j.record;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;

/** The Alert message: level(1) description(1) (RFC 5246 §7.2). */
public record AlertMessage(int level, int description) {
    public static final int WARNING = 1;
    public static final int FATAL = 2;

    public static byte[] encode(int level, AlertDescription description) {
        return new byte[] {(byte) level, (byte) description.code()};
    }

    public static AlertMessage decode(byte[] b, int off, int len) throws DecodeException {
        if (len != 2) {
            throw new DecodeException("alert of " + len + " bytes");
        }
        int level = b[off] & 0xFF;
        if (level != WARNING && level != FATAL) {
            throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "alert level " + level);
        }
        return new AlertMessage(level, b[off + 1] & 0xFF);
    }
}
