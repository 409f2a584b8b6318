package io.dtls4j.credentials;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;

/**
 * Decrypts the private key encryptions that the JDK has no implementation of, for {@link PemFiles}.
 * Core reads PKCS#8 keys encrypted with PBES2 (PBKDF2 with AES-CBC or 3DES-CBC), PBES1 and the PKCS#12
 * password schemes with the JDK alone; OpenSSL's legacy PEM encryption ({@code Proc-Type: 4,ENCRYPTED}
 * with {@code DEK-Info}) and the scrypt key derivation function (RFC 7914 §7) need an implementation
 * of this interface, found with {@link java.util.ServiceLoader}. The optional module
 * {@value #MODULE_ARTIFACT} (JPMS module {@value #MODULE_NAME}) provides one; without it such a key is
 * refused with a message that names that module.
 *
 * <p>Core checks every cost parameter read from the file (scrypt memory, iteration counts) before it
 * calls an implementation. A method that an implementation does not support throws
 * {@link NoSuchAlgorithmException}.
 */
public interface PrivateKeyDecryptor {
    /** The Maven artifact (group {@code io.dtls4j}) of the optional module that implements this interface. */
    String MODULE_ARTIFACT = "dtls4j-bouncycastle";
    /** The JPMS name of that module. */
    String MODULE_NAME = "io.dtls4j.bouncycastle";

    /**
     * Decrypts the body of a PEM block under OpenSSL's legacy encryption (RFC 1421 §4.6.1.3 headers,
     * key derived with OpenSSL's EVP_BytesToKey from the password and the first 8 bytes of the IV).
     *
     * @param cipher    the cipher name of the {@code DEK-Info} header, such as {@code AES-256-CBC}
     * @param iv        the IV of the {@code DEK-Info} header
     * @param encrypted the block's decoded base64 body
     * @param password  the password as the user typed it
     * @return the decrypted DER: a PKCS#1 or SEC1 private key structure
     * @throws NoSuchAlgorithmException when the cipher is not supported
     * @throws GeneralSecurityException when decryption fails (a wrong password, or a damaged key)
     */
    default byte[] decryptLegacyPem(String cipher, byte[] iv, byte[] encrypted, char[] password)
            throws GeneralSecurityException {
        throw new NoSuchAlgorithmException("legacy PEM encryption is not supported");
    }

    /**
     * Derives a key with scrypt (RFC 7914 §2). The parameters are already bounded by the caller.
     *
     * @param password the password, UTF-8 encoded (RFC 8018 §3)
     * @return {@code length} bytes
     * @throws NoSuchAlgorithmException when scrypt is not supported
     */
    default byte[] scrypt(byte[] password, byte[] salt, int n, int r, int p, int length)
            throws GeneralSecurityException {
        throw new NoSuchAlgorithmException("scrypt is not supported");
    }
}
