package io.dtls4j.session;

/**
 * Bytes given to {@link ResumableSession#fromBytes(byte[])} that are not a session this library wrote:
 * truncated, too long, of an unknown format version, or naming a cipher suite, group or key it does
 * not know. The message says which; it never quotes the bytes, which may hold a secret.
 */
public final class SessionFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the encoding */
    public SessionFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the encoding
     * @param cause   the failure underneath (a truncated field, an undecodable certificate …)
     */
    public SessionFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
