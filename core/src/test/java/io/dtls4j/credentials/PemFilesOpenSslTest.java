package io.dtls4j.credentials;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PEM keys and certificates in every form openssl writes them, read by PemFiles; and PemFiles output read by openssl. */
class PemFilesOpenSslTest {
    private static final String PASSWORD = "correct horse";

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeKeys() throws IOException {
        if (!OpenSsl.available()) {
            return;
        }
        OpenSslPki pki = new OpenSslPki(dir);
        for (String type : List.of("EC", "RSA", "ED25519")) {
            String name = type.toLowerCase();
            pki.key(name, type);
            OpenSsl.run(dir, "req", "-x509", "-new", "-key", name + ".key", "-subj", "/CN=pem " + name,
                    "-days", "2", "-out", name + ".pem");
            OpenSsl.run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", name + ".key",
                    "-passout", "pass:" + PASSWORD, "-out", name + "-pkcs8-encrypted.key");
            OpenSsl.run(dir, "pkey", "-in", name + ".key", "-pubout", "-out", name + ".pub");
        }
        OpenSsl.run(dir, "pkcs8", "-topk8", "-v1", "PBE-SHA1-3DES", "-in", "ec.key",
                "-passout", "pass:" + PASSWORD, "-out", "ec-pkcs8-pbe-sha1-3des.key");
        OpenSsl.run(dir, "pkcs8", "-topk8", "-scrypt", "-in", "ec.key",
                "-passout", "pass:" + PASSWORD, "-out", "ec-pkcs8-scrypt.key");
        OpenSsl.run(dir, "ec", "-in", "ec.key", "-out", "ec-sec1.key");
        OpenSsl.run(dir, "ec", "-in", "ec.key", "-aes256", "-passout", "pass:" + PASSWORD, "-out", "ec-sec1-encrypted.key");
        OpenSsl.run(dir, "rsa", "-in", "rsa.key", "-traditional", "-out", "rsa-pkcs1.key");
        OpenSsl.run(dir, "rsa", "-in", "rsa.key", "-traditional", "-aes256", "-passout", "pass:" + PASSWORD,
                "-out", "rsa-pkcs1-encrypted.key");
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "ecparam.key");
        OpenSsl.run(dir, "req", "-x509", "-new", "-key", "ecparam.key", "-subj", "/CN=pem ecparam", "-days", "2",
                "-out", "ecparam.pem");
        Files.writeString(dir.resolve("combined.pem"),
                Files.readString(dir.resolve("ec.pem")) + Files.readString(dir.resolve("ec.key")));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
            "ec.pem, ec.key, ",
            "ec.pem, ec-pkcs8-encrypted.key, " + PASSWORD,
            "ec.pem, ec-pkcs8-pbe-sha1-3des.key, " + PASSWORD,
            "ec.pem, ec-sec1.key, ",
            "rsa.pem, rsa.key, ",
            "rsa.pem, rsa-pkcs8-encrypted.key, " + PASSWORD,
            "rsa.pem, rsa-pkcs1.key, ",
            "ed25519.pem, ed25519.key, ",
            "ed25519.pem, ed25519-pkcs8-encrypted.key, " + PASSWORD,
            "ecparam.pem, ecparam.key, ",
            "combined.pem, combined.pem, ",
    })
    void readsEveryKeyFormAndMatchesItToItsCertificate(String certFile, String keyFile, String password)
            throws Exception {
        OpenSsl.assumeAvailable();
        char[] pw = password == null ? null : password.toCharArray();
        CertifiedKey certifiedKey = PemFiles.readCertifiedKey(dir.resolve(certFile), dir.resolve(keyFile), pw);

        assertThat(certifiedKey.chain()).hasSize(1);
        PrivateKey key = certifiedKey.privateKey();
        assertThat(key.getFormat()).isEqualTo("PKCS#8");
        assertThat(key.getClass().getName()).as("a JDK key object, not a BouncyCastle one")
                .doesNotStartWith("org.bouncycastle");
        assertThat(KeyPairCheck.matches(certifiedKey.leaf().getPublicKey(), key)).isTrue();
    }

    @Test
    void refusesKeyOfAnotherCertificateNamingKeyFileAndCertificate() throws Exception {
        OpenSsl.assumeAvailable();
        Path certFile = dir.resolve("ec.pem");
        Path keyFile = dir.resolve("ecparam.key");
        CredentialException e = catchThrowableOfType(() -> PemFiles.readCertifiedKey(certFile, keyFile, null),
                CredentialException.class);
        assertThat(e.getMessage()).isEqualTo(keyFile + ": private key does not match the certificate's public key "
                + "(certificate CN=pem ec in " + certFile + ")");
    }

    @Test
    void refusesKeyOfAnotherAlgorithm() throws Exception {
        OpenSsl.assumeAvailable();
        CredentialException e = catchThrowableOfType(() -> PemFiles.readCertifiedKey(dir.resolve("ec.pem"),
                dir.resolve("rsa-pkcs1.key"), null), CredentialException.class);
        assertThat(e.problem()).startsWith("private key does not match the certificate's public key");
    }

    @ParameterizedTest
    @CsvSource({
            "ec-sec1-encrypted.key, legacy", "rsa-pkcs1-encrypted.key, legacy", "ec-pkcs8-scrypt.key, scrypt"})
    void refusesLegacyEncryptionAndScryptNamingTheOptionalModuleThatReadsThem(String keyFile, String kind)
            throws Exception {
        OpenSsl.assumeAvailable();
        String what = kind.equals("legacy") ? "OpenSSL's legacy PEM encryption (Proc-Type: 4,ENCRYPTED)"
                : "the scrypt key derivation function";
        Path file = dir.resolve(keyFile);
        CredentialException e = catchThrowableOfType(() -> PemFiles.readPrivateKey(file, PASSWORD.toCharArray()),
                CredentialException.class);
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.problem()).contains(what + " needs the optional module dtls4j-bouncycastle "
                + "(Maven io.dtls4j:dtls4j-bouncycastle, JPMS module io.dtls4j.bouncycastle)");
        assertThat(e).isNotInstanceOf(PasswordException.class);
    }

    @ParameterizedTest
    @CsvSource({"ec-pkcs8-encrypted.key", "ec-pkcs8-pbe-sha1-3des.key", "rsa-pkcs8-encrypted.key"})
    void refusesWrongPassword(String keyFile) throws Exception {
        OpenSsl.assumeAvailable();
        Path file = dir.resolve(keyFile);
        CredentialException e = catchThrowableOfType(() -> PemFiles.readPrivateKey(file, "wrong".toCharArray()),
                CredentialException.class);
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e.problem()).isEqualTo("wrong password for the encrypted private key (or the key is damaged)");
    }

    @ParameterizedTest
    @CsvSource({"ed25519-pkcs8-encrypted.key", "rsa-pkcs1-encrypted.key"})
    void asksForThePasswordOfAnEncryptedKey(String keyFile) throws Exception {
        OpenSsl.assumeAvailable();
        Path file = dir.resolve(keyFile);
        CredentialException e = catchThrowableOfType(() -> PemFiles.readPrivateKey(file, null),
                CredentialException.class);
        assertThat(e.getMessage()).isEqualTo(file + ": encrypted private key needs a password");
    }

    @ParameterizedTest
    @CsvSource({"ec", "rsa", "ed25519"})
    void readsOpensslPublicKeyAsTheCertificatesKey(String name) throws Exception {
        OpenSsl.assumeAvailable();
        PublicKey key = PemFiles.readPublicKey(dir.resolve(name + ".pub"));
        X509Certificate cert = PemFiles.readCertificates(dir.resolve(name + ".pem")).get(0);
        assertThat(key.getEncoded()).isEqualTo(cert.getPublicKey().getEncoded());
    }

    @ParameterizedTest
    @CsvSource({"aes-128-cbc, hmacWithSHA1", "aes-256-cbc, hmacWithSHA512", "des3, hmacWithSHA256"})
    void decryptsOpensslPbes2KeysWithANonAsciiPassword(String cipher, String prf) throws Exception {
        OpenSsl.assumeAvailable();
        String password = "pässwörd €";
        // through a file, so the bytes are UTF-8 whatever the locale of the test process
        Files.write(dir.resolve("utf8-password.txt"), password.getBytes(StandardCharsets.UTF_8));
        String out = "utf8-" + cipher + "-" + prf + ".key";
        OpenSsl.run(dir, "pkcs8", "-topk8", "-v2", cipher, "-v2prf", prf, "-in", "ec.key",
                "-passout", "file:utf8-password.txt", "-out", out);

        PrivateKey key = PemFiles.readPrivateKey(dir.resolve(out), password.toCharArray());
        assertThat(key.getEncoded()).isEqualTo(PemFiles.readPrivateKey(dir.resolve("ec.key"), null).getEncoded());
    }

    @ParameterizedTest
    @CsvSource({"ec, ec.key", "rsa, rsa-pkcs1.key", "ed25519, ed25519-pkcs8-encrypted.key"})
    void readsOpensslRawKeyPairAndRefusesAMismatch(String name, String keyFile) throws Exception {
        OpenSsl.assumeAvailable();
        char[] password = keyFile.contains("encrypted") ? PASSWORD.toCharArray() : null;
        RawKeyPair pair = PemFiles.readRawKeyPair(dir.resolve(name + ".pub"), dir.resolve(keyFile), password);
        assertThat(KeyPairCheck.matches(pair.publicKey(), pair.privateKey())).isTrue();

        Path otherKey = dir.resolve("ecparam.key");
        CredentialException e = catchThrowableOfType(() -> PemFiles.readRawKeyPair(dir.resolve(name + ".pub"),
                otherKey, null), CredentialException.class);
        assertThat(e.getMessage()).isEqualTo(otherKey + ": private key does not match the public key in "
                + dir.resolve(name + ".pub"));
    }

    @ParameterizedTest
    @CsvSource({"EC_P256", "EC_P384", "ED25519", "RSA_2048"})
    void writesKeysAndCertificatesThatOpensslReads(KeyAlgorithm algorithm) throws Exception {
        OpenSsl.assumeAvailable();
        CertifiedKey generated = SelfSignedCertificate.generate(algorithm, "written " + algorithm,
                List.of("written.test"), Duration.ofDays(1), new SecureRandom(), System.currentTimeMillis());
        Path certFile = dir.resolve("written-" + algorithm + ".pem");
        Path keyFile = dir.resolve("written-" + algorithm + ".key");
        Path pubFile = dir.resolve("written-" + algorithm + ".pub");
        PemFiles.writeCertifiedKey(certFile, keyFile, generated);
        PemFiles.writePublicKey(pubFile, generated.leaf().getPublicKey());

        // openssl derives the public key from our private key file; it must be the certificate's
        String fromKey = OpenSsl.run(dir, "pkey", "-in", keyFile.getFileName().toString(), "-pubout");
        String fromCert = OpenSsl.run(dir, "x509", "-in", certFile.getFileName().toString(), "-noout", "-pubkey");
        String fromPub = OpenSsl.run(dir, "pkey", "-pubin", "-in", pubFile.getFileName().toString());
        assertThat(fromKey).contains("-----BEGIN PUBLIC KEY-----").isEqualTo(fromCert).isEqualTo(fromPub);
        assertThat(OpenSsl.run(dir, "x509", "-in", certFile.getFileName().toString(), "-noout", "-subject"))
                .contains("CN = written " + algorithm);
        assertThat(Files.getPosixFilePermissions(keyFile))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void writesEncryptedKeyThatOpensslDecryptsWithThePassword() throws Exception {
        OpenSsl.assumeAvailable();
        CertifiedKey generated = SelfSignedCertificate.generate("encrypted", List.of(), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
        Path keyFile = dir.resolve("written-encrypted.key");
        Path certFile = dir.resolve("written-encrypted.pem");
        PemFiles.writeEncryptedPrivateKey(keyFile, generated.privateKey(), PASSWORD.toCharArray(), 5000,
                new SecureRandom());
        PemFiles.writeCertificates(certFile, generated.chain());

        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        String fromKey = OpenSsl.run(dir, "pkey", "-in", keyFile.getFileName().toString(),
                "-passin", "pass:" + PASSWORD, "-pubout");
        String fromCert = OpenSsl.run(dir, "x509", "-in", certFile.getFileName().toString(), "-noout", "-pubkey");
        assertThat(fromKey).isEqualTo(fromCert);
        assertThat(OpenSsl.runAllowingFailure(dir, "pkey", "-in", keyFile.getFileName().toString(),
                "-passin", "pass:wrong", "-pubout").exitCode()).isNotZero();
    }

    @Test
    void readsAChainWrittenByOpensslInOrder() throws Exception {
        OpenSsl.assumeAvailable();
        Path chainFile = dir.resolve("chain.pem");
        // openssl x509 -text puts a text dump before the block: text outside blocks is skipped
        String leafWithText = OpenSsl.run(dir, "x509", "-in", "rsa.pem", "-text");
        Files.writeString(chainFile, leafWithText + Files.readString(dir.resolve("ec.pem")));

        List<X509Certificate> chain = PemFiles.readCertificates(chainFile);
        assertThat(chain).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=pem rsa", "CN=pem ec");
    }
}
