package io.dtls4j.credentials;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PBES2 decryption with JDK primitives across schemes, and the bounds on work taken from the file. */
class EncryptedPrivateKeyDecryptorTest {
    // ASCII: BouncyCastle's encryptor turns characters into bytes its own way for HMAC-SHA1 (PemFilesOpenSslTest
    // checks a non-ASCII password against OpenSSL, which uses the UTF-8 bytes as dtls4j does)
    private static final char[] PASSWORD = "password".toCharArray();
    private static final byte[] PKCS8 = SelfSignedCertificate.generate("k", List.of(), Duration.ofDays(1),
            new SecureRandom(), 0L).privateKey().getEncoded();

    private static byte[] encryptWithBouncyCastle(ASN1ObjectIdentifier cipher, AlgorithmIdentifier prf) throws Exception {
        return new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(PKCS8))
                .build(new JceOpenSSLPKCS8EncryptorBuilder(cipher)
                        .setPRF(prf)
                        .setIterationCount(1000)
                        .setPassword(PASSWORD)
                        .setRandom(new SecureRandom())
                        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                        .build())
                .getEncoded();
    }

    private static CredentialException failure(byte[] der, char[] password) {
        CredentialException e = catchThrowableOfType(() -> EncryptedPrivateKeyDecryptor.decrypt(der, password,
                "k.pem", "ENCRYPTED PRIVATE KEY block at line 1"), CredentialException.class);
        assertThat(e).as("a CredentialException").isNotNull();
        return e;
    }

    private static byte[] pbes2(AlgorithmIdentifier kdf, byte[] iv) throws Exception {
        EncryptionScheme scheme = new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv));
        PBES2Parameters parameters = new PBES2Parameters(KeyDerivationFunc.getInstance(kdf.toASN1Primitive()), scheme);
        return new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, parameters),
                new byte[48]).getEncoded();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"aes128, sha1", "aes192, sha224", "aes256, sha256", "aes256, sha384", "des3, sha512"})
    void decryptsPbes2OfEveryCipherAndPrf(String cipher, String prf) throws Exception {
        ASN1ObjectIdentifier cipherOid = switch (cipher) {
            case "aes128" -> PKCS8Generator.AES_128_CBC;
            case "aes192" -> PKCS8Generator.AES_192_CBC;
            case "aes256" -> PKCS8Generator.AES_256_CBC;
            default -> PKCS8Generator.DES3_CBC;
        };
        AlgorithmIdentifier prfId = switch (prf) {
            case "sha1" -> PKCS8Generator.PRF_HMACSHA1;
            case "sha224" -> PKCS8Generator.PRF_HMACSHA224;
            case "sha256" -> PKCS8Generator.PRF_HMACSHA256;
            case "sha384" -> PKCS8Generator.PRF_HMACSHA384;
            default -> PKCS8Generator.PRF_HMACSHA512;
        };
        byte[] der = encryptWithBouncyCastle(cipherOid, prfId);
        byte[] decrypted = EncryptedPrivateKeyDecryptor.decrypt(der, PASSWORD, "k.pem", "block");
        assertThat(decrypted).isEqualTo(PKCS8);
        assertThat(failure(der, "passwort".toCharArray()).problem())
                .isEqualTo("wrong password for the encrypted private key (or the key is damaged)");
    }

    @Test
    void refusesPbkdf2IterationCountAboveTheBoundBeforeDerivingAnything() throws Exception {
        AlgorithmIdentifier kdf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBKDF2,
                new PBKDF2Params(new byte[16], Integer.MAX_VALUE, 32, PKCS8Generator.PRF_HMACSHA256));
        assertThat(failure(pbes2(kdf, new byte[16]), PASSWORD).problem()).isEqualTo("ENCRYPTED PRIVATE KEY block "
                + "at line 1: PBKDF2 iteration count 2147483647 is outside 1.." + EncryptedPrivateKeyDecryptor.MAX_ITERATIONS);
    }

    @Test
    void refusesScryptParametersNeedingTooMuchMemory() throws Exception {
        // N = 2^20, r = 8: 1 GiB
        AlgorithmIdentifier kdf = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.4.11"),
                new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new DEROctetString(new byte[16]),
                        new ASN1Integer(1 << 20), new ASN1Integer(8), new ASN1Integer(1)}));
        assertThat(failure(pbes2(kdf, new byte[16]), PASSWORD).problem())
                .isEqualTo("ENCRYPTED PRIVATE KEY block at line 1: scrypt parameters need 1024 MiB, more than the 64 MiB allowed");
    }

    @Test
    void refusesScryptWithoutTheOptionalModuleNamingIt() throws Exception {
        AlgorithmIdentifier kdf = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.4.11"),
                new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new DEROctetString(new byte[16]),
                        new ASN1Integer(1 << 14), new ASN1Integer(8), new ASN1Integer(1)}));
        assertThat(OptionalDecryptors.all()).as("core's tests run without the optional module").isEmpty();
        assertThat(failure(pbes2(kdf, new byte[16]), PASSWORD).problem())
                .startsWith("ENCRYPTED PRIVATE KEY block at line 1: the scrypt key derivation function needs the "
                        + "optional module dtls4j-bouncycastle (Maven io.dtls4j:dtls4j-bouncycastle, JPMS module "
                        + "io.dtls4j.bouncycastle)");
    }

    @ParameterizedTest
    @CsvSource({"1.2.840.113549.1.12.1.3", "1.2.840.113549.1.12.1.6"})
    void decryptsPasswordSchemesOfPkcs12AndPbes1WithTheJdk(String oid) throws Exception {
        byte[] der = new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(PKCS8))
                .build(new org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder(new ASN1ObjectIdentifier(oid))
                        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                        .setIterationCount(1000)
                        .build(PASSWORD))
                .getEncoded();
        assertThat(EncryptedPrivateKeyDecryptor.decrypt(der, PASSWORD, "k.pem", "block")).isEqualTo(PKCS8);
        assertThat(failure(der, "passwort".toCharArray()).problem())
                .isEqualTo("wrong password for the encrypted private key (or the key is damaged)");
    }

    @Test
    void writesPbes2ThatBouncyCastleDecrypts() throws Exception {
        byte[] der = EncryptedPrivateKeyDecryptor.encryptPbes2(PKCS8, PASSWORD, 1000, new byte[16], new byte[16]);
        PrivateKeyInfo info = new org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo(der).decryptPrivateKeyInfo(
                new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(PASSWORD));
        assertThat(info.getEncoded()).isEqualTo(PKCS8);
    }

    @Test
    void refusesUnknownKeyDerivationAndBadIv() throws Exception {
        AlgorithmIdentifier unknown = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.3.4"), DERNull.INSTANCE);
        assertThat(failure(pbes2(unknown, new byte[16]), PASSWORD).problem())
                .isEqualTo("ENCRYPTED PRIVATE KEY block at line 1: key derivation function 1.2.3.4 is not supported");

        AlgorithmIdentifier kdf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBKDF2,
                new PBKDF2Params(new byte[16], 1000, PKCS8Generator.PRF_HMACSHA256));
        assertThat(failure(pbes2(kdf, new byte[7]), PASSWORD).problem())
                .isEqualTo("ENCRYPTED PRIVATE KEY block at line 1: IV of 7 bytes does not fit AES/CBC/PKCS5Padding");
    }

    @Test
    void refusesMalformedStructures() throws Exception {
        assertThat(failure(new byte[] {0x04, 0x00}, PASSWORD).problem())
                .isEqualTo("ENCRYPTED PRIVATE KEY block at line 1 is not a valid encrypted PKCS#8 structure");
        byte[] badParameters = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2,
                new DEROctetString(new byte[3])), new byte[16]).getEncoded();
        assertThat(failure(badParameters, PASSWORD).problem())
                .isEqualTo("ENCRYPTED PRIVATE KEY block at line 1: encryption parameters are malformed");
        assertThat(failure(badParameters, null).problem()).isEqualTo("encrypted private key needs a password");
    }
}
