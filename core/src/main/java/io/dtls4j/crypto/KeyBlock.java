package io.dtls4j.crypto;

/** The keys and IVs of the key block (RFC 5246 §6.3); AEAD suites have no MAC keys. */
public record KeyBlock(byte[] clientWriteKey, byte[] serverWriteKey, byte[] clientWriteIv, byte[] serverWriteIv) {
}
