package io.dtls4j.record;

/** Record content types (RFC 5246 §6.2.1, carried unchanged into DTLS by RFC 6347 §4.1). */
public final class ContentType {
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    /** RFC 6520; never sent or accepted by dtls4j, but still a DTLS 1.2 header. */
    public static final int HEARTBEAT = 24;
    /** RFC 9146 §4: a DTLS 1.2 record with a connection ID. */
    public static final int TLS12_CID = 25;
    /** RFC 9147 §7: DTLS 1.3 acknowledgements. */
    public static final int ACK = 26;

    private ContentType() {
    }

    /** True for the four content types DTLS 1.2 defines. */
    public static boolean isKnown(int type) {
        return type >= CHANGE_CIPHER_SPEC && type <= APPLICATION_DATA;
    }

    /** A readable name for logs; unknown values are shown as a number. */
    public static String name(int type) {
        switch (type) {
            case CHANGE_CIPHER_SPEC: return "change_cipher_spec";
            case ALERT: return "alert";
            case HANDSHAKE: return "handshake";
            case APPLICATION_DATA: return "application_data";
            case HEARTBEAT: return "heartbeat";
            case TLS12_CID: return "tls12_cid";
            case ACK: return "ack";
            default: return "content_type(" + type + ")";
        }
    }
}
