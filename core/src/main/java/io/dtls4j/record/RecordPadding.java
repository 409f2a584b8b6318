package io.dtls4j.record;

/**
 * How many zero bytes a sender appends after the content type of a DTLSInnerPlaintext (RFC 9146 §4,
 * RFC 9147 §4, RFC 8446 §5.4) to hide the length of its content. Receivers strip any amount.
 */
public interface RecordPadding {
    /** No padding: every record as short as it can be. */
    RecordPadding NONE = new RecordPadding() {
        @Override
        public int paddingLength(int type, int contentLength) {
            return 0;
        }

        @Override
        public int maxPadding() {
            return 0;
        }
    };

    /** Zero bytes to append to a DTLSInnerPlaintext holding {@code contentLength} bytes of {@code type}; at most {@link #maxPadding()}. */
    int paddingLength(int type, int contentLength);

    /** The most {@link #paddingLength} ever returns, for sizing records. */
    int maxPadding();

    /** Pads each DTLSInnerPlaintext (content and type) to a multiple of {@code block} bytes. */
    static RecordPadding toMultipleOf(int block) {
        if (block < 1 || block > 256) {
            throw new IllegalArgumentException("padding block must be 1..256 bytes: " + block);
        }
        return new RecordPadding() {
            @Override
            public int paddingLength(int type, int contentLength) {
                return Math.floorMod(-(contentLength + 1), block);
            }

            @Override
            public int maxPadding() {
                return block - 1;
            }
        };
    }
}
