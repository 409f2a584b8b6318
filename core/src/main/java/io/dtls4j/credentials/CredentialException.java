package io.dtls4j.credentials;

import java.io.IOException;

/**
 * A credential file (PEM, PKCS#12, Java KeyStore) could not be used. The message names the file and
 * what is wrong with it, for example {@code "server.key: encrypted private key needs a password"}.
 */
public class CredentialException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    /**
     * @param source  the file (or other source) the problem is in, as the user named it
     * @param problem what is wrong, in words a user can act on
     */
    public CredentialException(String source, String problem) {
        this(source, problem, null);
    }

    public CredentialException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file or other source that holds the problem. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source prefix. */
    public String problem() {
        return problem;
    }
}
