package io.dtls4j.handshake;

/**
 * The keying material exporter of a completed handshake (RFC 5705; RFC 8446 §7.5 for DTLS 1.3).
 * It holds a secret: {@link #destroy()} wipes it when the association ends.
 */
public interface KeyingMaterialExporter {
    /** {@code length} bytes for {@code label} and {@code context} (null: no context). */
    byte[] export(String label, byte[] context, int length);

    void destroy();
}
