package io.dtls4j.handshake.message;

/** TLS extension code points used by dtls4j (IANA TLS ExtensionType registry). */
public final class ExtensionType {
    public static final int SERVER_NAME = 0;
    public static final int SUPPORTED_GROUPS = 10;
    public static final int EC_POINT_FORMATS = 11;
    public static final int SIGNATURE_ALGORITHMS = 13;
    public static final int USE_SRTP = 14;
    public static final int ALPN = 16;
    public static final int CLIENT_CERTIFICATE_TYPE = 19;
    public static final int SERVER_CERTIFICATE_TYPE = 20;
    public static final int ENCRYPT_THEN_MAC = 22;
    public static final int EXTENDED_MASTER_SECRET = 23;
    public static final int RECORD_SIZE_LIMIT = 28;
    public static final int SESSION_TICKET = 35;
    public static final int SIGNATURE_ALGORITHMS_CERT = 50;
    public static final int CONNECTION_ID = 54;
    public static final int RENEGOTIATION_INFO = 0xFF01;

    private ExtensionType() {
    }
}
