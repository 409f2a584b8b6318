package io.dtls4j.credentials;

/**
 * A credential file could not be opened because its password is missing or wrong: an encrypted
 * private key, or a PKCS#12/Java KeyStore file. Callers can tell this apart from a damaged file and
 * ask for the password. The message never contains the password.
 */
public class PasswordException extends CredentialException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source  the file (or other source), as the user named it
     * @param problem what is wrong, in words a user can act on
     * @param cause   the decryption or integrity failure, or null
     */
    public PasswordException(String source, String problem, Throwable cause) {
        super(source, problem, cause);
    }
}
