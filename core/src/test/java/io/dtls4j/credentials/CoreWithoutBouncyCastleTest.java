package io.dtls4j.credentials;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core's runtime dependencies are the JDK and the SLF4J API only: its module descriptor requires no
 * Bouncy Castle module, and a JVM that has nothing but core's classes and slf4j-api on its module
 * path reads every key format core supports, and names the optional module for the formats it leaves
 * to that module.
 */
class CoreWithoutBouncyCastleTest {
    private static final String PASSWORD = "pass word";
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    @TempDir
    static Path dir;

    private static Path coreClasses;
    private static Path slf4jApi;

    @BeforeAll
    static void locate() throws Exception {
        coreClasses = Path.of(PemFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        slf4jApi = Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void moduleDescriptorRequiresOnlyJdkModulesAndSlf4j() throws IOException {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(coreClasses.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertThat(descriptor.name()).isEqualTo("io.dtls4j.core");
        List<String> required = descriptor.requires().stream().map(ModuleDescriptor.Requires::name).sorted().toList();
        assertThat(required).allSatisfy(name -> assertThat(name.startsWith("java.") || name.startsWith("jdk.")
                || name.equals("org.slf4j")).as(name).isTrue());
        assertThat(required).contains("org.slf4j").noneMatch(name -> name.startsWith("org.bouncycastle"));
        assertThat(descriptor.uses()).contains(PrivateKeyDecryptor.class.getName());
    }

    @Test
    void readsJdkMadeKeyFormatsInAJvmWithoutBouncyCastle() throws Exception {
        CertifiedKey ec = SelfSignedCertificate.generate(KeyAlgorithm.EC_P256, "no bc", List.of("nobc.example"),
                Duration.ofDays(1), new SecureRandom(), System.currentTimeMillis());
        PemFiles.writeCertificates(dir.resolve("ec.pem"), ec.chain());
        PemFiles.writePrivateKey(dir.resolve("ec-pkcs8.key"), ec.privateKey());
        PemFiles.writeEncryptedPrivateKey(dir.resolve("ec-pkcs8-encrypted.key"), ec.privateKey(),
                PASSWORD.toCharArray(), PemFiles.MIN_PBKDF2_ITERATIONS, new SecureRandom());
        for (String type : List.of("PKCS12", "JKS")) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            store.setKeyEntry("key", ec.privateKey(), PASSWORD.toCharArray(),
                    ec.chain().toArray(new java.security.cert.Certificate[0]));
            try (var out = Files.newOutputStream(dir.resolve("ec." + type.toLowerCase()))) {
                store.store(out, PASSWORD.toCharArray());
            }
        }

        List<String> lines = runWithoutBouncyCastle(
                "pem ec.pem ec-pkcs8.key -",
                "pem ec.pem ec-pkcs8-encrypted.key " + PASSWORD,
                "store ec.pkcs12 " + PASSWORD,
                "store ec.jks " + PASSWORD,
                "generate EC_P256", "generate ED25519");
        assertThat(lines).containsExactly(
                "bouncycastle absent",
                "ok ec-pkcs8.key EC",
                "ok ec-pkcs8-encrypted.key EC",
                "ok ec.pkcs12 EC",
                "ok ec.jks EC",
                "ok generated EC_P256 self-signed",
                "ok generated ED25519 self-signed");
    }

    @Test
    void readsOpensslMadeKeyFormatsInAJvmWithoutBouncyCastleAndNamesTheOptionalModule() throws Exception {
        OpenSsl.assumeAvailable();
        new OpenSslPki(dir).key("o-ec", "EC");
        new OpenSslPki(dir).key("o-rsa", "RSA");
        OpenSsl.run(dir, "req", "-x509", "-new", "-key", "o-ec.key", "-subj", "/CN=o ec", "-days", "2", "-out", "o-ec.pem");
        OpenSsl.run(dir, "req", "-x509", "-new", "-key", "o-rsa.key", "-subj", "/CN=o rsa", "-days", "2", "-out", "o-rsa.pem");
        OpenSsl.run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "o-ec.key", "-passout", "pass:" + PASSWORD,
                "-out", "o-ec-pkcs8-encrypted.key");
        OpenSsl.run(dir, "ec", "-in", "o-ec.key", "-out", "o-ec-sec1.key");
        OpenSsl.run(dir, "rsa", "-in", "o-rsa.key", "-traditional", "-out", "o-rsa-pkcs1.key");
        OpenSsl.run(dir, "ec", "-in", "o-ec.key", "-aes256", "-passout", "pass:" + PASSWORD, "-out", "o-ec-legacy.key");
        OpenSsl.run(dir, "pkcs12", "-export", "-in", "o-ec.pem", "-inkey", "o-ec.key", "-passout", "pass:" + PASSWORD,
                "-out", "o-ec.p12");

        List<String> lines = runWithoutBouncyCastle(
                "pem o-ec.pem o-ec.key -",
                "pem o-ec.pem o-ec-pkcs8-encrypted.key " + PASSWORD,
                "pem o-ec.pem o-ec-sec1.key -",
                "pem o-rsa.pem o-rsa-pkcs1.key -",
                "store o-ec.p12 " + PASSWORD,
                "pem o-ec.pem o-ec-legacy.key " + PASSWORD);
        assertThat(lines).hasSize(7);
        assertThat(lines.subList(0, 6)).containsExactly(
                "bouncycastle absent",
                "ok o-ec.key EC",
                "ok o-ec-pkcs8-encrypted.key EC",
                "ok o-ec-sec1.key EC",
                "ok o-rsa-pkcs1.key RSA",
                "ok o-ec.p12 EC");
        assertThat(lines.get(6)).startsWith("refused o-ec-legacy.key CredentialException ")
                .contains("needs the optional module dtls4j-bouncycastle (Maven io.dtls4j:dtls4j-bouncycastle, "
                        + "JPMS module io.dtls4j.bouncycastle)");
    }

    /**
     * Runs {@code Probe} (below) in a new JVM whose module path holds only core's classes and
     * slf4j-api, one line of output per command.
     */
    private static List<String> runWithoutBouncyCastle(String... commands) throws Exception {
        Path probe = dir.resolve("Probe.java");
        Files.writeString(probe, PROBE);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", coreClasses + java.io.File.pathSeparator + slf4jApi,
                "--add-modules", "io.dtls4j.core",
                probe.toString()));
        for (String c : commands) {
            command.add(c.replace(' ', '|'));
        }
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not stop:\n" + output);
        }
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().filter(line -> !line.contains("SLF4J")).toList();
    }

    /** The child's program: every key is read through core's public API only. */
    private static final String PROBE = """
            import io.dtls4j.credentials.*;
            import java.nio.file.Path;
            import java.security.SecureRandom;
            import java.time.Duration;
            import java.util.List;

            public class Probe {
                public static void main(String[] args) throws Exception {
                    try {
                        Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider");
                        System.out.println("bouncycastle present");
                    } catch (ClassNotFoundException e) {
                        System.out.println("bouncycastle absent");
                    }
                    for (String arg : args) {
                        String[] c = arg.split("\\\\|", -1);
                        String file = c[0].equals("generate") ? "generated" : c[c.length - 2];
                        try {
                            switch (c[0]) {
                                case "pem" -> {
                                    char[] password = c[3].equals("-") ? null : String.join(" ", List.of(c).subList(3, c.length)).toCharArray();
                                    file = c[2];
                                    CertifiedKey key = PemFiles.readCertifiedKey(Path.of(c[1]), Path.of(c[2]), password);
                                    System.out.println("ok " + c[2] + " " + key.privateKey().getAlgorithm());
                                }
                                case "store" -> {
                                    file = c[1];
                                    char[] password = String.join(" ", List.of(c).subList(2, c.length)).toCharArray();
                                    CertifiedKey key = KeyStoreFiles.readCertifiedKey(Path.of(c[1]), password);
                                    System.out.println("ok " + c[1] + " " + key.privateKey().getAlgorithm());
                                }
                                case "generate" -> {
                                    CertifiedKey key = SelfSignedCertificate.generate(KeyAlgorithm.valueOf(c[1]), "probe",
                                            List.of("probe.example"), Duration.ofDays(1), new SecureRandom(),
                                            System.currentTimeMillis());
                                    System.out.println("ok generated " + c[1]
                                            + (SelfSignedCertificate.isSelfSigned(key.leaf()) ? " self-signed" : " broken"));
                                }
                                default -> System.out.println("unknown " + arg);
                            }
                        } catch (Exception e) {
                            System.out.println("refused " + file + " " + e.getClass().getSimpleName() + " " + e.getMessage());
                        }
                    }
                }
            }
            """;
}
