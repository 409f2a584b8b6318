package io.dtls4j.bouncycastle;

import io.dtls4j.credentials.CredentialException;
import io.dtls4j.credentials.PasswordException;
import io.dtls4j.credentials.PemFiles;
import io.dtls4j.credentials.PrivateKeyDecryptor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With this module present, core's PemFiles reads the OpenSSL key encryptions the JDK cannot decrypt. */
class BouncyCastleKeyDecryptorTest {
    private static final String PASSWORD = "pässwörd €";

    @TempDir
    static Path dir;
    private static boolean openssl;

    @BeforeAll
    static void makeKeys() throws Exception {
        openssl = run("version") == 0;
        if (!openssl) {
            return;
        }
        Files.write(dir.resolve("password.txt"), PASSWORD.getBytes(StandardCharsets.UTF_8));
        check(run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key"));
        check(run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa.key"));
        for (String cipher : List.of("aes128", "aes256", "des3")) {
            check(run("ec", "-in", "ec.key", "-" + cipher, "-passout", "file:password.txt",
                    "-out", "ec-legacy-" + cipher + ".key"));
        }
        check(run("rsa", "-in", "rsa.key", "-traditional", "-aes256", "-passout", "file:password.txt",
                "-out", "rsa-legacy.key"));
        check(run("pkcs8", "-topk8", "-scrypt", "-in", "ec.key", "-passout", "file:password.txt",
                "-out", "ec-scrypt.key"));
    }

    @Test
    void isDeclaredAsAServiceOnTheModulePathAndTheClassPath() throws IOException {
        java.lang.module.ModuleDescriptor descriptor = BouncyCastleKeyDecryptor.class.getModule().getDescriptor();
        if (descriptor != null) {
            assertThat(descriptor.provides()).anySatisfy(provides -> {
                assertThat(provides.service()).isEqualTo(PrivateKeyDecryptor.class.getName());
                assertThat(provides.providers()).containsExactly(BouncyCastleKeyDecryptor.class.getName());
            });
        }
        try (InputStream in = BouncyCastleKeyDecryptor.class.getResourceAsStream(
                "/META-INF/services/" + PrivateKeyDecryptor.class.getName())) {
            assertThat(in).as("the class-path service file").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(BouncyCastleKeyDecryptor.class.getName());
        }
    }

    @ParameterizedTest
    @CsvSource({"ec-legacy-aes128.key, ec.key", "ec-legacy-aes256.key, ec.key", "ec-legacy-des3.key, ec.key",
            "rsa-legacy.key, rsa.key", "ec-scrypt.key, ec.key"})
    void readsOpensslLegacyAndScryptKeysWithANonAsciiPassword(String encrypted, String plain) throws Exception {
        Assumptions.assumeTrue(openssl, "the 'openssl' command is not on the PATH (CI installs it)");
        PrivateKey key = PemFiles.readPrivateKey(dir.resolve(encrypted), PASSWORD.toCharArray());
        assertThat(secret(key)).isEqualTo(secret(PemFiles.readPrivateKey(dir.resolve(plain), null)));
        assertThat(key.getClass().getName()).as("a JDK key object").doesNotStartWith("org.bouncycastle");
    }

    @ParameterizedTest
    @CsvSource({"ec-legacy-aes256.key", "rsa-legacy.key", "ec-scrypt.key"})
    void refusesAWrongPassword(String encrypted) {
        Assumptions.assumeTrue(openssl, "the 'openssl' command is not on the PATH (CI installs it)");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(dir.resolve(encrypted), "wrong".toCharArray()))
                .isInstanceOf(PasswordException.class)
                .hasMessageEndingWith("wrong password for the encrypted private key (or the key is damaged)");
    }

    @Test
    void refusesAnUnknownLegacyCipherAsUnsupported() throws Exception {
        Path file = dir.resolve("unknown-cipher.key");
        Files.writeString(file, "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: NO-SUCH-CIPHER,00112233445566778899AABBCCDDEEFF\n\nAAAAAAAAAAAAAAAAAAAAAA==\n"
                + "-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(file, "x".toCharArray()))
                .isInstanceOf(CredentialException.class)
                .isNotInstanceOf(PasswordException.class)
                .hasMessageEndingWith("encryption NO-SUCH-CIPHER is not supported");
    }

    /** The private scalar or exponent: SEC1 keys wrapped into PKCS#8 keep their curve inside, so encodings differ. */
    private static java.math.BigInteger secret(PrivateKey key) {
        if (key instanceof java.security.interfaces.ECPrivateKey ec) {
            return ec.getS();
        }
        return ((java.security.interfaces.RSAPrivateKey) key).getPrivateExponent();
    }

    private static void check(int exitCode) {
        assertThat(exitCode).as("openssl exit code").isZero();
    }

    private static int run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return -1; // no openssl command
        }
        process.getOutputStream().close();
        try (InputStream in = process.getInputStream()) {
            in.readAllBytes();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
