package io.dtls4j.crypto;

/**
 * The write keys and IVs cut from the key block (RFC 5246 §6.3). AEAD suites have no MAC keys; the IVs
 * are the fixed_iv_length implicit parts: the 4-byte GCM salt (RFC 5288 §3) or the 12-byte ChaCha20 IV
 * (RFC 7905 §2).
 */
public record KeyBlock(byte[] clientWriteKey, byte[] serverWriteKey, byte[] clientWriteIv, byte[] serverWriteIv) {
}
