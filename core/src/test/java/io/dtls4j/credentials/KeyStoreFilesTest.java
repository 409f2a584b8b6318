package io.dtls4j.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PKCS#12 files made by openssl and JKS files made with the JDK's KeyStore API. */
class KeyStoreFilesTest {
    private static final char[] STORE_PASSWORD = "store-pass".toCharArray();
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static CertifiedKey generate(String name) {
        return SelfSignedCertificate.generate(name, List.of(name + ".test"), Duration.ofDays(30),
                new SecureRandom(), NOW);
    }

    private static CredentialException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        CredentialException e = catchThrowableOfType(call, CredentialException.class);
        assertThat(e).as("a CredentialException").isNotNull();
        return e;
    }

    private Path saveJks(KeyStore store) throws Exception {
        Path file = dir.resolve("store.jks");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD);
        }
        return file;
    }

    private static KeyStore emptyJks() throws Exception {
        KeyStore store = KeyStore.getInstance("JKS");
        store.load(null, null);
        return store;
    }

    @Test
    void readsKeyAndChainFromOpensslPkcs12() throws Exception {
        OpenSsl.assumeAvailable();
        OpenSslPki pki = new OpenSslPki(dir).createCas();
        pki.createLeaf("server", "EC", "p12 server", OpenSslPki.INTERMEDIATE, null, 30);
        OpenSsl.run(dir, "pkcs12", "-export", "-inkey", "server.key", "-in", "server.pem",
                "-certfile", OpenSslPki.INTERMEDIATE + ".pem", "-name", "server",
                "-passout", "pass:" + new String(STORE_PASSWORD), "-out", "server.p12");

        CertifiedKey read = KeyStoreFiles.readCertifiedKey(dir.resolve("server.p12"), STORE_PASSWORD);
        assertThat(read.chain()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=p12 server", "CN=dtls4j Test Intermediate");
        CertifiedKey fromPem = PemFiles.readCertifiedKey(dir.resolve("server.pem"), dir.resolve("server.key"), null);
        assertThat(read.leaf()).isEqualTo(fromPem.leaf());
        assertThat(read.privateKey().getEncoded()).isEqualTo(fromPem.privateKey().getEncoded());

        // and the chain verifies to the root
        PeerVerifiers.pkix(PemFiles.readCertificates(dir.resolve(OpenSslPki.ROOT + ".pem")))
                .verify(read.chain(), new PeerContext(true, "leaf.test", System.currentTimeMillis()));

        CredentialException wrong = failure(() -> KeyStoreFiles.readCertifiedKey(dir.resolve("server.p12"),
                "wrong".toCharArray()));
        assertThat(wrong.getMessage()).isEqualTo(dir.resolve("server.p12")
                + ": wrong key store password (or the file is damaged)");
        assertThat(wrong).isInstanceOf(PasswordException.class);
    }

    @Test
    void readsTheOnlyKeyEntryOfAJksFile() throws Exception {
        CertifiedKey generated = generate("jks");
        KeyStore store = emptyJks();
        store.setKeyEntry("the-key", generated.privateKey(), STORE_PASSWORD, generated.chain().toArray(new Certificate[0]));
        store.setCertificateEntry("some-ca", generate("ca").leaf());
        Path file = saveJks(store);

        CertifiedKey read = KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD);
        assertThat(read.leaf()).isEqualTo(generated.leaf());
        assertThat(read.privateKey().getEncoded()).isEqualTo(generated.privateKey().getEncoded());
    }

    @Test
    void needsAnAliasWhenThereAreSeveralKeys() throws Exception {
        CertifiedKey a = generate("a");
        CertifiedKey b = generate("b");
        KeyStore store = emptyJks();
        store.setKeyEntry("b", b.privateKey(), STORE_PASSWORD, b.chain().toArray(new Certificate[0]));
        store.setKeyEntry("a", a.privateKey(), STORE_PASSWORD, a.chain().toArray(new Certificate[0]));
        Path file = saveJks(store);

        assertThat(failure(() -> KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD)).problem())
                .isEqualTo("holds 2 private key entries [a, b]; name the alias to use");
        assertThat(KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD, "b", STORE_PASSWORD).leaf())
                .isEqualTo(b.leaf());
        assertThat(failure(() -> KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD, "c", STORE_PASSWORD))
                .problem()).startsWith("has no entry named 'c' (entries: ");
    }

    @Test
    void refusesWrongKeyPasswordAndTrustedEntryAsKey() throws Exception {
        CertifiedKey generated = generate("k");
        KeyStore store = emptyJks();
        store.setKeyEntry("key", generated.privateKey(), "key-pass".toCharArray(),
                generated.chain().toArray(new Certificate[0]));
        store.setCertificateEntry("ca", generate("ca").leaf());
        Path file = saveJks(store);

        assertThat(failure(() -> KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD, "key", STORE_PASSWORD))
                .problem()).isEqualTo("wrong password for the key of entry 'key'");
        assertThat(failure(() -> KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD, "key", STORE_PASSWORD)))
                .isInstanceOf(PasswordException.class);
        assertThat(KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD, "key", "key-pass".toCharArray()).leaf())
                .isEqualTo(generated.leaf());
        assertThat(failure(() -> KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD, "ca", STORE_PASSWORD))
                .problem()).isEqualTo("entry 'ca' is not a private key entry");
    }

    @Test
    void refusesWrongJksStorePassword() throws Exception {
        KeyStore store = emptyJks();
        store.setCertificateEntry("ca", generate("ca").leaf());
        Path file = saveJks(store);
        assertThat(failure(() -> KeyStoreFiles.load(file, "nope".toCharArray())).problem())
                .isEqualTo("wrong key store password (or the file is damaged)");
    }

    @Test
    void refusesKeyEntryWhoseKeyDoesNotMatchItsCertificate() throws Exception {
        CertifiedKey a = generate("a");
        CertifiedKey b = generate("b");
        KeyStore store = emptyJks();
        store.setKeyEntry("mixed", a.privateKey(), STORE_PASSWORD, b.chain().toArray(new Certificate[0]));
        Path file = saveJks(store);
        assertThat(failure(() -> KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD)).problem())
                .isEqualTo("entry 'mixed': private key does not match the certificate's public key (certificate CN=b)");
    }

    @Test
    void refusesStoreWithoutKeyEntry() throws Exception {
        KeyStore store = emptyJks();
        store.setCertificateEntry("ca", generate("ca").leaf());
        Path file = saveJks(store);
        assertThat(failure(() -> KeyStoreFiles.readCertifiedKey(file, STORE_PASSWORD)).problem())
                .isEqualTo("holds no private key entry");
    }

    @Test
    void readsTrustedCertificatesOnlyFromTrustedEntries() throws Exception {
        CertifiedKey ca = generate("ca");
        CertifiedKey own = generate("own");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca.leaf());
        store.setKeyEntry("own", own.privateKey(), STORE_PASSWORD, own.chain().toArray(new Certificate[0]));
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD);
        }
        assertThat(KeyStoreFiles.readTrustedCertificates(file, STORE_PASSWORD)).containsExactly(ca.leaf());

        KeyStore keysOnly = emptyJks();
        keysOnly.setKeyEntry("own", own.privateKey(), STORE_PASSWORD, own.chain().toArray(new Certificate[0]));
        Path keysOnlyFile = saveJks(keysOnly);
        assertThat(failure(() -> KeyStoreFiles.readTrustedCertificates(keysOnlyFile, STORE_PASSWORD)).problem())
                .isEqualTo("holds no trusted certificate entries");
    }

    @Test
    void refusesFilesThatAreNoKeyStores() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.p12"), "garbage, not a store".getBytes());
        assertThat(failure(() -> KeyStoreFiles.load(garbage, STORE_PASSWORD)).problem())
                .isEqualTo("is neither a PKCS#12 nor a JKS/JCEKS key store");

        Path pem = dir.resolve("cert.pem");
        PemFiles.writeCertificates(pem, generate("pem").chain());
        assertThat(failure(() -> KeyStoreFiles.load(pem, STORE_PASSWORD)).problem())
                .startsWith("is a PEM file, not a PKCS#12 or JKS key store");

        Path broken = Files.write(dir.resolve("broken.p12"), new byte[] {0x30, (byte) 0x82, 0x10, 0x00, 0x02, 0x01});
        assertThat(failure(() -> KeyStoreFiles.load(broken, STORE_PASSWORD)).problem())
                .startsWith("not a valid PKCS12 file");

        Path empty = Files.createFile(dir.resolve("empty.p12"));
        assertThat(failure(() -> KeyStoreFiles.load(empty, STORE_PASSWORD)).problem()).isEqualTo("file is empty");

        Path missing = dir.resolve("missing.jks");
        assertThat(failure(() -> KeyStoreFiles.load(missing, STORE_PASSWORD)).getMessage())
                .isEqualTo(missing + ": file not found");
    }
}
