package io.dtls4j.bouncycastle;

import io.dtls4j.credentials.PrivateKeyDecryptor;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMDecryptor;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;

/**
 * Decrypts with Bouncy Castle what the JDK cannot: OpenSSL's legacy PEM encryption (every
 * {@code DEK-Info} cipher Bouncy Castle knows: AES-*-CBC, DES-EDE3-CBC, DES-CBC, ...) and scrypt
 * (RFC 7914). Core bounds the scrypt parameters before calling. The Bouncy Castle provider used here
 * is never registered with {@link java.security.Security}, so the application's provider choice
 * stays as it was.
 */
public final class BouncyCastleKeyDecryptor implements PrivateKeyDecryptor {
    private static final class Holder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /** Made by {@link java.util.ServiceLoader}. */
    public BouncyCastleKeyDecryptor() {
    }

    @Override
    public byte[] decryptLegacyPem(String cipher, byte[] iv, byte[] encrypted, char[] password)
            throws GeneralSecurityException {
        PEMDecryptor decryptor;
        try {
            decryptor = new JcePEMDecryptorProviderBuilder()
                    .setProvider(Holder.PROVIDER)
                    .build(password)
                    .get(cipher);
        } catch (OperatorCreationException | RuntimeException e) {
            throw new NoSuchAlgorithmException("legacy PEM cipher " + cipher + " is not supported", e);
        }
        try {
            return decryptor.decrypt(encrypted, iv);
        } catch (Exception e) {
            // Bouncy Castle reports unknown ciphers only here, as an exception naming them
            if (e.getMessage() != null && e.getMessage().contains("unknown encryption")) {
                throw new NoSuchAlgorithmException("legacy PEM cipher " + cipher + " is not supported", e);
            }
            throw new GeneralSecurityException("legacy PEM decryption failed", e);
        }
    }

    @Override
    public byte[] scrypt(byte[] password, byte[] salt, int n, int r, int p, int length) {
        return SCrypt.generate(password, salt, n, r, p, length);
    }
}
