package io.dtls4j.credentials;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/**
 * One BouncyCastle provider instance, handed only to the BouncyCastle APIs that need one (password
 * based decryption and encryption of private keys). It is never registered with
 * {@link java.security.Security}, so it does not change the provider choice of the application.
 */
final class UnregisteredBouncyCastle {
    private UnregisteredBouncyCastle() {
    }

    private static final class Holder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    static Provider provider() {
        return Holder.PROVIDER;
    }
}
