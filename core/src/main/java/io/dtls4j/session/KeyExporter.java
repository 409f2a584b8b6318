package io.dtls4j.session;

/**
 * The keying material exporter of an established session (RFC 5705 §4; in DTLS 1.2 over the RFC 7627
 * extended master secret when it was negotiated, which ties the output to this handshake). Both
 * peers get the same bytes for the same label, context and length. Implementations are thread-safe;
 * once the association is closed the secret is gone and they throw IllegalStateException.
 */
@FunctionalInterface
public interface KeyExporter {
    /**
     * {@code length} bytes of keying material.
     *
     * @param label   the exporter label (RFC 5705 §4), e.g. {@value SrtpKeys#EXPORTER_LABEL}; not a TLS handshake label
     * @param context the context value, or null for none (which differs from an empty one, RFC 5705 §4)
     * @param length  how many bytes, 1..65535
     * @throws IllegalStateException    when the session is not (or no longer) established
     * @throws IllegalArgumentException for a handshake label, a context over 65535 bytes or a bad length
     */
    byte[] exportKeyingMaterial(String label, byte[] context, int length);
}
