package io.dtls4j.config;

/** Whether a server asks the client for a certificate. */
public enum ClientAuth {
    /** No CertificateRequest is sent. */
    NONE,
    /** A CertificateRequest is sent; a client without a certificate may still connect. */
    OPTIONAL,
    /** A CertificateRequest is sent; a client without a certificate fails with handshake_failure. */
    REQUIRED
}
