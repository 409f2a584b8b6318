package io.dtls4j.cli;

import io.dtls4j.credentials.CertifiedKey;
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
import java.security.interfaces.ECPrivateKey;
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
        CertifiedKey generated = SelfSignedCertificate.generate("legacy", List.of(), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
        Path key = dir.resolve("legacy.key");
        try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            // the traditional SEC1 form with Proc-Type and DEK-Info, as 'openssl ec -aes128' writes it
            pem.writeObject(generated.privateKey(), new JcePEMEncryptorBuilder("AES-128-CBC")
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .build("pw".toCharArray()));
        }
        assertThat(Files.readString(key)).contains("Proc-Type: 4,ENCRYPTED").contains("DEK-Info: AES-128-CBC,");

        assertThat(((ECPrivateKey) PemFiles.readPrivateKey(key, "pw".toCharArray())).getS())
                .isEqualTo(((ECPrivateKey) generated.privateKey()).getS());
    }
}
