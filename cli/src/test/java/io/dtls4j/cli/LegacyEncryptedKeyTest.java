package io.dtls4j.cli;

import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.PemFiles;
import io.dtls4j.credentials.SelfSignedCertificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dtls command ships the optional dtls4j-bouncycastle module, so a key under OpenSSL's legacy PEM
 * encryption, which core alone refuses, loads through --key and --pass.
 */
class LegacyEncryptedKeyTest {
    @TempDir
    Path dir;

    @Test
    void aLegacyEncryptedKeyLoadsWithItsPassword() throws Exception {
        // RSA: Bouncy Castle writes a JDK EC key as SEC1 without its curve, which no reader can use
        CertifiedKey generated = SelfSignedCertificate.generate(KeyAlgorithm.RSA_2048, "legacy", List.of(),
                Duration.ofDays(1), new SecureRandom(), System.currentTimeMillis());
        Path key = dir.resolve("legacy.key");
        try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            // the traditional PKCS#1 form with Proc-Type and DEK-Info, as 'openssl rsa -traditional -aes128' writes it
            pem.writeObject(generated.privateKey(), new JcePEMEncryptorBuilder("AES-128-CBC")
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .build("pw".toCharArray()));
        }
        assertThat(Files.readString(key)).contains("Proc-Type: 4,ENCRYPTED").contains("DEK-Info: AES-128-CBC,");

        assertThat(((RSAPrivateKey) PemFiles.readPrivateKey(key, "pw".toCharArray())).getPrivateExponent())
                .isEqualTo(((RSAPrivateKey) generated.privateKey()).getPrivateExponent());
    }
}
