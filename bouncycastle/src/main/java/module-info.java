/**
 * dtls4j Bouncy Castle extras: a {@link io.dtls4j.credentials.PrivateKeyDecryptor} for the private key
 * encryptions the JDK has no implementation of (OpenSSL's legacy PEM encryption, scrypt). Nothing calls
 * it directly: core finds it with {@link java.util.ServiceLoader} when this module is present.
 */
module io.dtls4j.bouncycastle {
    requires io.dtls4j.core;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    provides io.dtls4j.credentials.PrivateKeyDecryptor with io.dtls4j.bouncycastle.BouncyCastleKeyDecryptor;
}
