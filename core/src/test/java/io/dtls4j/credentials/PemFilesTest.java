package io.dtls4j.credentials;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PemFiles on files made in Java: round trips and every kind of bad file. */
class PemFilesTest {
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static CertifiedKey generate(KeyAlgorithm algorithm, String name) {
        return SelfSignedCertificate.generate(algorithm, name, List.of(name + ".test"), Duration.ofDays(10),
                new SecureRandom(), NOW);
    }

    private static CredentialException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        CredentialException e = catchThrowableOfType(call, CredentialException.class);
        assertThat(e).as("a CredentialException").isNotNull();
        return e;
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void writesAndReadsBackCertificateAndKey(KeyAlgorithm algorithm) throws Exception {
        CertifiedKey original = generate(algorithm, "round-trip");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        PemFiles.writeCertifiedKey(cert, key, original);

        CertifiedKey read = PemFiles.readCertifiedKey(cert, key, null);
        assertThat(read.leaf()).isEqualTo(original.leaf());
        assertThat(read.privateKey().getEncoded()).isEqualTo(original.privateKey().getEncoded());
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void writesAndReadsBackEncryptedKeyAndRefusesWrongPassword() throws Exception {
        CertifiedKey original = generate(KeyAlgorithm.ED25519, "encrypted");
        Path key = dir.resolve("key.pem");
        PemFiles.writeEncryptedPrivateKey(key, original.privateKey(), "s3cret".toCharArray(), 2000, new SecureRandom());

        assertThat(PemFiles.readPrivateKey(key, "s3cret".toCharArray()).getEncoded())
                .isEqualTo(original.privateKey().getEncoded());
        assertThat(failure(() -> PemFiles.readPrivateKey(key, "s3cret!".toCharArray())).problem())
                .isEqualTo("wrong password for the encrypted private key (or the key is damaged)");
        assertThat(failure(() -> PemFiles.readPrivateKey(key, null)).problem())
                .isEqualTo("encrypted private key needs a password");
        // both are password problems a caller can ask the user about, unlike a damaged file
        assertThat(failure(() -> PemFiles.readPrivateKey(key, "s3cret!".toCharArray()))).isInstanceOf(PasswordException.class);
        assertThat(failure(() -> PemFiles.readPrivateKey(key, null))).isInstanceOf(PasswordException.class);
    }

    @Test
    void encryptsByDefaultWithPbes2Pbkdf2HmacSha256Aes256CbcAndTheDocumentedIterations() throws Exception {
        Path key = dir.resolve("key.pem");
        PemFiles.writeEncryptedPrivateKey(key, generate(KeyAlgorithm.EC_P256, "k").privateKey(),
                "pw".toCharArray(), new SecureRandom());
        byte[] der = PemBlock.decodeAll(Files.readString(key), "key.pem").get(0).der();
        AlgorithmIdentifier algorithm =
                new PKCS8EncryptedPrivateKeyInfo(der).getEncryptionAlgorithm();
        assertThat(algorithm.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
        PBES2Parameters pbes2 =
                PBES2Parameters.getInstance(algorithm.getParameters());
        PBKDF2Params kdf =
                PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertThat(kdf.getIterationCount().intValue()).isEqualTo(PemFiles.PBKDF2_ITERATIONS);
        assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
        assertThat(pbes2.getEncryptionScheme().getAlgorithm())
                .isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
    }

    @Test
    void refusesTooFewIterations() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                PemFiles.writeEncryptedPrivateKey(dir.resolve("k.pem"),
                        generate(KeyAlgorithm.EC_P256, "k").privateKey(), "pw".toCharArray(), 999, new SecureRandom()));
    }

    @Test
    void readsChainInFileOrder() throws Exception {
        CertifiedKey a = generate(KeyAlgorithm.EC_P256, "a");
        CertifiedKey b = generate(KeyAlgorithm.EC_P256, "b");
        Path chain = dir.resolve("chain.pem");
        PemFiles.writeCertificates(chain, List.of(a.leaf(), b.leaf()));
        assertThat(PemFiles.readCertificates(chain)).containsExactly(a.leaf(), b.leaf());
    }

    @Test
    void readsFileStartingWithAByteOrderMarkAndCrLfLines() throws Exception {
        CertifiedKey generated = generate(KeyAlgorithm.EC_P256, "bom");
        Path cert = dir.resolve("bom.pem");
        PemFiles.writeCertificates(cert, generated.chain());
        String windows = "\uFEFF" + Files.readString(cert).replace("\n", "\r\n");
        Files.writeString(cert, windows, StandardCharsets.UTF_8);
        assertThat(PemFiles.readCertificates(cert)).containsExactly(generated.leaf());
    }

    @Test
    void refusesMissingFile() {
        Path missing = dir.resolve("missing.pem");
        CredentialException e = failure(() -> PemFiles.readCertificates(missing));
        assertThat(e.getMessage()).isEqualTo(missing + ": file not found");
    }

    @Test
    void refusesEmptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.pem"));
        assertThat(failure(() -> PemFiles.readPrivateKey(empty, null)).getMessage())
                .isEqualTo(empty + ": file is empty");
    }

    @Test
    void refusesDirectory() {
        assertThat(failure(() -> PemFiles.readCertificates(dir)).problem()).isEqualTo("is a directory, not a file");
    }

    @Test
    void refusesGarbageText() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "this is not a certificate\n\u0001\u0002 at all");
        assertThat(failure(() -> PemFiles.readCertificates(garbage)).getMessage()).isEqualTo(garbage
                + ": no PEM block found (expected lines like '-----BEGIN CERTIFICATE-----')");
    }

    @Test
    void refusesDerWithHint() throws Exception {
        Path der = dir.resolve("cert.der");
        Files.write(der, generate(KeyAlgorithm.EC_P256, "der").leaf().getEncoded());
        assertThat(failure(() -> PemFiles.readCertificates(der)).problem())
                .startsWith("looks like binary DER, not PEM text");
    }

    @Test
    void refusesOverlongFile() throws Exception {
        Path big = dir.resolve("big.pem");
        Files.write(big, new byte[CredentialFiles.MAX_FILE_BYTES + 1]);
        assertThat(failure(() -> PemFiles.readCertificates(big)).problem())
                .startsWith("file is larger than " + CredentialFiles.MAX_FILE_BYTES + " bytes");
    }

    @Test
    void refusesCertificateFileHoldingOnlyAKey() throws Exception {
        Path key = dir.resolve("key.pem");
        PemFiles.writePrivateKey(key, generate(KeyAlgorithm.EC_P256, "k").privateKey());
        assertThat(failure(() -> PemFiles.readCertificates(key)).getMessage())
                .isEqualTo(key + ": no CERTIFICATE block found (found PRIVATE KEY)");
    }

    @Test
    void refusesKeyFileHoldingOnlyCertificates() throws Exception {
        Path cert = dir.resolve("cert.pem");
        PemFiles.writeCertificates(cert, generate(KeyAlgorithm.EC_P256, "c").chain());
        assertThat(failure(() -> PemFiles.readPrivateKey(cert, null)).problem())
                .isEqualTo("no private key block found (found CERTIFICATE)");
    }

    @Test
    void refusesFileWithTwoKeys() throws Exception {
        Path key = dir.resolve("two.pem");
        PemFiles.writePrivateKey(key, generate(KeyAlgorithm.EC_P256, "k1").privateKey());
        String one = Files.readString(key);
        Files.writeString(key, one + one);
        long secondBegin = one.lines().count() + 1;
        assertThat(failure(() -> PemFiles.readPrivateKey(key, null)).problem())
                .isEqualTo("holds more than one private key (lines 1 and " + secondBegin + "); expected exactly one");
    }

    @Test
    void refusesCertificateBlockThatIsNotACertificate() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, new PemBlock("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}).encode());
        assertThat(failure(() -> PemFiles.readCertificates(bad)).problem())
                .startsWith("CERTIFICATE block at line 1 is not a valid X.509 certificate");
    }

    @Test
    void refusesCertificateWithTrailingBytes() throws Exception {
        byte[] der = generate(KeyAlgorithm.EC_P256, "t").leaf().getEncoded();
        byte[] padded = Arrays.copyOf(der, der.length + 2);
        Path bad = dir.resolve("trailing.pem");
        Files.writeString(bad, new PemBlock("CERTIFICATE", padded).encode());
        assertThat(failure(() -> PemFiles.readCertificates(bad)).problem())
                .contains("has bytes after the certificate");
    }

    @Test
    void refusesTruncatedKeyFile() throws Exception {
        Path key = dir.resolve("truncated.pem");
        PemFiles.writePrivateKey(key, generate(KeyAlgorithm.EC_P256, "k").privateKey());
        String text = Files.readString(key);
        Files.writeString(key, text.substring(0, text.length() / 2));
        assertThat(failure(() -> PemFiles.readPrivateKey(key, null)).problem())
                .isEqualTo("BEGIN PRIVATE KEY at line 1 has no matching END line (file truncated?)");
    }

    @Test
    void refusesPrivateKeyBlockWithGarbageInside() throws Exception {
        byte[] octetString = {0x04, 0x01, 0x00};
        Path pkcs8 = dir.resolve("garbage-pkcs8.pem");
        Files.writeString(pkcs8, new PemBlock("PRIVATE KEY", "not asn.1".getBytes(StandardCharsets.US_ASCII)).encode());
        assertThat(failure(() -> PemFiles.readPrivateKey(pkcs8, null)).problem())
                .isEqualTo("PRIVATE KEY block at line 1 is not a valid PKCS#8 private key structure");
        Path sec1 = dir.resolve("garbage-sec1.pem");
        Files.writeString(sec1, new PemBlock("EC PRIVATE KEY", octetString).encode());
        assertThat(failure(() -> PemFiles.readPrivateKey(sec1, null)).problem())
                .isEqualTo("EC PRIVATE KEY block at line 1 is not a valid SEC1 EC private key structure");
        Path pkcs1 = dir.resolve("garbage-pkcs1.pem");
        Files.writeString(pkcs1, new PemBlock("RSA PRIVATE KEY", octetString).encode());
        assertThat(failure(() -> PemFiles.readPrivateKey(pkcs1, null)).problem())
                .isEqualTo("RSA PRIVATE KEY block at line 1 is not a valid PKCS#1 RSA private key structure");
    }

    @Test
    void refusesEcKeyThatDoesNotNameItsCurve() throws Exception {
        // SEC1 ECPrivateKey { version 1, privateKey 32 bytes } without the optional [0] parameters
        byte[] sec1 = new byte[2 + 3 + 2 + 32];
        sec1[0] = 0x30;
        sec1[1] = (byte) (sec1.length - 2);
        sec1[2] = 0x02;
        sec1[3] = 0x01;
        sec1[4] = 0x01;
        sec1[5] = 0x04;
        sec1[6] = 32;
        sec1[7] = 1;
        Path key = dir.resolve("no-curve.pem");
        Files.writeString(key, new PemBlock("EC PRIVATE KEY", sec1).encode());
        assertThat(failure(() -> PemFiles.readPrivateKey(key, null)).problem())
                .isEqualTo("EC PRIVATE KEY block at line 1: EC private key does not name its curve");
    }

    @Test
    void refusesUnsupportedKeyAlgorithmNamingItsOid() throws Exception {
        PrivateKey x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPrivate();
        Path key = dir.resolve("x25519.pem");
        PemFiles.writePrivateKey(key, x25519);
        assertThat(failure(() -> PemFiles.readPrivateKey(key, null)).problem())
                .startsWith("private key algorithm 1.3.101.110 is not supported");
    }

    @Test
    void refusesOpensshKeyWithConversionHint() throws Exception {
        Path key = dir.resolve("id_ed25519");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII))
                + "\n-----END OPENSSH PRIVATE KEY-----\n");
        assertThat(failure(() -> PemFiles.readPrivateKey(key, null)).problem())
                .contains("OpenSSH private key format is not supported").contains("ssh-keygen -p -m PKCS8");
    }

    @Test
    void refusesPublicKeyFileWithoutPublicKey() throws Exception {
        Path cert = dir.resolve("cert.pem");
        PemFiles.writeCertificates(cert, generate(KeyAlgorithm.EC_P256, "c").chain());
        assertThat(failure(() -> PemFiles.readPublicKey(cert)).problem())
                .isEqualTo("no PUBLIC KEY block found (found CERTIFICATE)");
    }

    @Test
    void readsBackWrittenPublicKey() throws Exception {
        CertifiedKey generated = generate(KeyAlgorithm.RSA_2048, "p");
        Path pub = dir.resolve("pub.pem");
        PemFiles.writePublicKey(pub, generated.leaf().getPublicKey());
        assertThat(PemFiles.readPublicKey(pub)).isEqualTo(generated.leaf().getPublicKey());
    }

    @Test
    void refusesKeyThatDoesNotMatchTheLeaf() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        CertifiedKey a = generate(KeyAlgorithm.ED25519, "a");
        PemFiles.writeCertificates(cert, a.chain());
        PemFiles.writePrivateKey(key, generate(KeyAlgorithm.ED25519, "b").privateKey());
        assertThat(failure(() -> PemFiles.readCertifiedKey(cert, key, null)).getMessage()).isEqualTo(key
                + ": private key does not match the certificate's public key (certificate CN=a in " + cert + ")");
    }
}
