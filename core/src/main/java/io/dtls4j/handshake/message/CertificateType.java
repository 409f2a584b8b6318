package io.dtls4j.handshake.message;

/** TLS certificate types for the client/server_certificate_type extensions (RFC 7250 §3). */
public final class CertificateType {
    public static final int X509 = 0;
    public static final int RAW_PUBLIC_KEY = 2;

    private CertificateType() {
    }
}
