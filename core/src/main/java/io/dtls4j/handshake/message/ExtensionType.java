package io.dtls4j.handshake.message;

/** TLS extension types used by dtls4j (IANA "TLS ExtensionType Values"). */
public final class ExtensionType {
    /** RFC 6066 §3. */
    public static final int SERVER_NAME = 0;
    /** RFC 8422 §5.1.1 (elliptic_curves in RFC 4492). */
    public static final int SUPPORTED_GROUPS = 10;
    /** RFC 8422 §5.1.2. */
    public static final int EC_POINT_FORMATS = 11;
    /** RFC 5246 §7.4.1.4.1. */
    public static final int SIGNATURE_ALGORITHMS = 13;
    /** RFC 5764 §4.1.1. */
    public static final int USE_SRTP = 14;
    /** RFC 7301 §3.1. */
    public static final int ALPN = 16;
    /** RFC 7250 §3. */
    public static final int CLIENT_CERTIFICATE_TYPE = 19;
    /** RFC 7250 §3. */
    public static final int SERVER_CERTIFICATE_TYPE = 20;
    /** RFC 7366. */
    public static final int ENCRYPT_THEN_MAC = 22;
    /** RFC 7627 §5.1. */
    public static final int EXTENDED_MASTER_SECRET = 23;
    /** RFC 8449 §4. */
    public static final int RECORD_SIZE_LIMIT = 28;
    /** RFC 5077 §3.2. */
    public static final int SESSION_TICKET = 35;
    /** RFC 8446 §4.2.3. */
    public static final int SIGNATURE_ALGORITHMS_CERT = 50;
    /** RFC 9146 §3. */
    public static final int CONNECTION_ID = 54;
    /** RFC 5746 §3.2. */
    public static final int RENEGOTIATION_INFO = 0xff01;

    private ExtensionType() {
    }

    /** A readable name for logs; unknown values are shown as a number. */
    public static String name(int type) {
        switch (type) {
            case SERVER_NAME: return "server_name";
            case SUPPORTED_GROUPS: return "supported_groups";
            case EC_POINT_FORMATS: return "ec_point_formats";
            case SIGNATURE_ALGORITHMS: return "signature_algorithms";
            case USE_SRTP: return "use_srtp";
            case ALPN: return "application_layer_protocol_negotiation";
            case CLIENT_CERTIFICATE_TYPE: return "client_certificate_type";
            case SERVER_CERTIFICATE_TYPE: return "server_certificate_type";
            case ENCRYPT_THEN_MAC: return "encrypt_then_mac";
            case EXTENDED_MASTER_SECRET: return "extended_master_secret";
            case RECORD_SIZE_LIMIT: return "record_size_limit";
            case SESSION_TICKET: return "session_ticket";
            case SIGNATURE_ALGORITHMS_CERT: return "signature_algorithms_cert";
            case CONNECTION_ID: return "connection_id";
            case RENEGOTIATION_INFO: return "renegotiation_info";
            default: return "extension(" + type + ")";
        }
    }
}
