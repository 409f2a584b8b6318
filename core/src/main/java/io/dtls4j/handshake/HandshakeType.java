package io.dtls4j.handshake;

/** Handshake message types of DTLS 1.2 (RFC 5246 §7.4, RFC 6347 §4.3.2 for hello_verify_request, RFC 5077 §3.3 for new_session_ticket). */
public final class HandshakeType {
    public static final int HELLO_REQUEST = 0;
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    public static final int HELLO_VERIFY_REQUEST = 3;
    /** RFC 5077 §3.3. */
    public static final int NEW_SESSION_TICKET = 4;
    public static final int CERTIFICATE = 11;
    public static final int SERVER_KEY_EXCHANGE = 12;
    public static final int CERTIFICATE_REQUEST = 13;
    public static final int SERVER_HELLO_DONE = 14;
    public static final int CERTIFICATE_VERIFY = 15;
    public static final int CLIENT_KEY_EXCHANGE = 16;
    public static final int FINISHED = 20;

    private HandshakeType() {
    }

    /** A readable name for logs; unknown values are shown as a number. */
    public static String name(int type) {
        switch (type) {
            case HELLO_REQUEST: return "hello_request";
            case CLIENT_HELLO: return "client_hello";
            case SERVER_HELLO: return "server_hello";
            case HELLO_VERIFY_REQUEST: return "hello_verify_request";
            case NEW_SESSION_TICKET: return "new_session_ticket";
            case CERTIFICATE: return "certificate";
            case SERVER_KEY_EXCHANGE: return "server_key_exchange";
            case CERTIFICATE_REQUEST: return "certificate_request";
            case SERVER_HELLO_DONE: return "server_hello_done";
            case CERTIFICATE_VERIFY: return "certificate_verify";
            case CLIENT_KEY_EXCHANGE: return "client_key_exchange";
            case FINISHED: return "finished";
            default: return "handshake_type(" + type + ")";
        }
    }
}
