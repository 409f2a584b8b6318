package io.dtls4j.crypto;

import io.dtls4j.config.SignatureScheme;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignaturesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "client_random + server_random + ServerECDHParams".getBytes(StandardCharsets.US_ASCII);

    private static KeyPair p256;
    private static KeyPair p384;
    private static KeyPair p521;
    private static KeyPair ed25519;
    private static KeyPair rsa;
    private static final Map<SignatureScheme, KeyPair> KEYS = new EnumMap<>(SignatureScheme.class);

    @BeforeAll
    static void generateKeys() throws Exception {
        p256 = ec("secp256r1", null);
        p384 = ec("secp384r1", null);
        p521 = ec("secp521r1", null);
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048, RANDOM);
        rsa = rsaGenerator.generateKeyPair();
        for (SignatureScheme scheme : SignatureScheme.values()) {
            KEYS.put(scheme, keyFor(scheme));
        }
    }

    private static KeyPair ec(String curve, Provider provider) throws Exception {
        KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("EC") : KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec(curve), RANDOM);
        return generator.generateKeyPair();
    }

    private static KeyPair keyFor(SignatureScheme scheme) {
        switch (scheme) {
            case ECDSA_SECP256R1_SHA256:
                return p256;
            case ECDSA_SECP384R1_SHA384:
                return p384;
            case ECDSA_SECP521R1_SHA512:
                return p521;
            case ED25519:
                return ed25519;
            default:
                return rsa;
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void signThenVerifyRoundTrips(SignatureScheme scheme) throws Exception {
        KeyPair keys = KEYS.get(scheme);
        byte[] signature = Signatures.sign(scheme, keys.getPrivate(), MESSAGE, RANDOM);
        assertThat(Signatures.verify(scheme, keys.getPublic(), MESSAGE, signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void verifyFailsForAnotherMessageOrAModifiedSignature(SignatureScheme scheme) throws Exception {
        KeyPair keys = KEYS.get(scheme);
        byte[] signature = Signatures.sign(scheme, keys.getPrivate(), MESSAGE, RANDOM);
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[0] ^= 1;
        assertThat(Signatures.verify(scheme, keys.getPublic(), otherMessage, signature)).isFalse();
        for (int i : new int[] {0, signature.length / 2, signature.length - 1}) {
            byte[] modified = signature.clone();
            modified[i] ^= 0x10;
            assertThat(Signatures.verify(scheme, keys.getPublic(), MESSAGE, modified)).as("byte %d", i).isFalse();
        }
        assertThat(Signatures.verify(scheme, keys.getPublic(), MESSAGE, new byte[0])).isFalse();
        assertThat(Signatures.verify(scheme, keys.getPublic(), MESSAGE, Arrays.copyOf(signature, signature.length + 1))).isFalse();
        assertThat(Signatures.verify(scheme, keys.getPublic(), MESSAGE, Arrays.copyOf(signature, signature.length - 1))).isFalse();
    }

    @Test
    void rsaPssAndPkcs1SignaturesAreNotInterchangeable() throws Exception {
        byte[] pss = Signatures.sign(SignatureScheme.RSA_PSS_RSAE_SHA256, rsa.getPrivate(), MESSAGE, RANDOM);
        byte[] pkcs1 = Signatures.sign(SignatureScheme.RSA_PKCS1_SHA256, rsa.getPrivate(), MESSAGE, RANDOM);
        assertThat(Signatures.verify(SignatureScheme.RSA_PKCS1_SHA256, rsa.getPublic(), MESSAGE, pss)).isFalse();
        assertThat(Signatures.verify(SignatureScheme.RSA_PSS_RSAE_SHA256, rsa.getPublic(), MESSAGE, pkcs1)).isFalse();
        assertThat(Signatures.verify(SignatureScheme.RSA_PSS_RSAE_SHA384, rsa.getPublic(), MESSAGE, pss)).isFalse();
    }

    @Test
    void ecdsaSignatureInBerFormIsRefused() throws Exception {
        byte[] der = Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, p256.getPrivate(), MESSAGE, RANDOM);
        assertThat(der[1] & 0xFF).isLessThan(0x80);
        // the same SEQUENCE with a long-form length: valid BER, not DER
        byte[] ber = new byte[der.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        ber[2] = der[1];
        System.arraycopy(der, 2, ber, 3, der.length - 2);
        assertThat(Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, p256.getPublic(), MESSAGE, ber)).isFalse();
    }

    @Test
    void canSignMatchesKeyKindAndInDtls12AnyEcdsaHashGoesWithAnyOfOurCurves() {
        // RFC 5246 §7.4.1.4.1: in (D)TLS 1.2 an ECDSA code names a hash, not a curve
        for (KeyPair ec : new KeyPair[] {p256, p384, p521}) {
            for (SignatureScheme ecdsa : new SignatureScheme[] {SignatureScheme.ECDSA_SECP256R1_SHA256,
                    SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ECDSA_SECP521R1_SHA512}) {
                assertThat(Signatures.canSign(ecdsa, ec.getPrivate())).as(ecdsa + " " + ec.getPublic()).isTrue();
                assertThat(Signatures.canVerify(ecdsa, ec.getPublic())).as(ecdsa + " " + ec.getPublic()).isTrue();
            }
        }
        assertThat(Signatures.canSign(SignatureScheme.ED25519, ed25519.getPrivate())).isTrue();
        assertThat(Signatures.canSign(SignatureScheme.ED25519, p256.getPrivate())).isFalse();
        assertThat(Signatures.canSign(SignatureScheme.ECDSA_SECP256R1_SHA256, ed25519.getPrivate())).isFalse();
        for (SignatureScheme rsaScheme : new SignatureScheme[] {SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384,
                SignatureScheme.RSA_PSS_RSAE_SHA512, SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PKCS1_SHA384,
                SignatureScheme.RSA_PKCS1_SHA512}) {
            assertThat(Signatures.canSign(rsaScheme, rsa.getPrivate())).as(rsaScheme.name()).isTrue();
            assertThat(Signatures.canSign(rsaScheme, p256.getPrivate())).as(rsaScheme.name()).isFalse();
            assertThat(Signatures.canVerify(rsaScheme, ed25519.getPublic())).as(rsaScheme.name()).isFalse();
        }
        assertThat(Signatures.canSign(SignatureScheme.ECDSA_SECP256R1_SHA256, rsa.getPrivate())).isFalse();
    }

    @Test
    void matchesCurvePairsEachEcdsaSchemeWithItsOwnCurveOnly() {
        assertThat(Signatures.matchesCurve(SignatureScheme.ECDSA_SECP256R1_SHA256, p256.getPublic())).isTrue();
        assertThat(Signatures.matchesCurve(SignatureScheme.ECDSA_SECP384R1_SHA384, p384.getPrivate())).isTrue();
        assertThat(Signatures.matchesCurve(SignatureScheme.ECDSA_SECP521R1_SHA512, p521.getPublic())).isTrue();
        assertThat(Signatures.matchesCurve(SignatureScheme.ECDSA_SECP256R1_SHA256, p384.getPublic())).isFalse();
        assertThat(Signatures.matchesCurve(SignatureScheme.ECDSA_SECP521R1_SHA512, p256.getPrivate())).isFalse();
        assertThat(Signatures.matchesCurve(SignatureScheme.RSA_PSS_RSAE_SHA256, rsa.getPublic())).isTrue();
        assertThat(Signatures.matchesCurve(SignatureScheme.ED25519, ed25519.getPublic())).isTrue();
    }

    @Test
    void anEcKeyOnACurveWeDoNotUseFitsNoScheme() throws Exception {
        KeyPair k1 = ec("secp256k1", new BouncyCastleProvider());
        assertThat(Signatures.canSign(SignatureScheme.ECDSA_SECP256R1_SHA256, k1.getPrivate())).isFalse();
        assertThat(Signatures.canVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, k1.getPublic())).isFalse();
    }

    @Test
    void canVerifyMatchesKeyKind() {
        assertThat(Signatures.canVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, p256.getPublic())).isTrue();
        assertThat(Signatures.canVerify(SignatureScheme.ED25519, ed25519.getPublic())).isTrue();
        assertThat(Signatures.canVerify(SignatureScheme.RSA_PSS_RSAE_SHA256, rsa.getPublic())).isTrue();
        assertThat(Signatures.canVerify(SignatureScheme.RSA_PSS_RSAE_SHA256, p256.getPublic())).isFalse();
    }

    @Test
    void verifyWithAKeyOfTheWrongKindIsFalseNotAnException() throws Exception {
        byte[] signature = Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, p256.getPrivate(), MESSAGE, RANDOM);
        assertThat(Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, p384.getPublic(), MESSAGE, signature)).isFalse();
        assertThat(Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, rsa.getPublic(), MESSAGE, signature)).isFalse();
        assertThat(Signatures.verify(SignatureScheme.RSA_PSS_RSAE_SHA256, p256.getPublic(), MESSAGE, signature)).isFalse();
    }

    @Test
    void signRefusesAKeyThatDoesNotFitTheScheme() {
        assertThatThrownBy(() -> Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, rsa.getPrivate(), MESSAGE, RANDOM))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Signatures.sign(SignatureScheme.RSA_PSS_RSAE_SHA256, p384.getPrivate(), MESSAGE, RANDOM))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Signatures.sign(SignatureScheme.ED25519, rsa.getPrivate(), MESSAGE, RANDOM))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void bouncyCastleKeysAreRecognisedByTheirCurve() throws Exception {
        Provider bc = new BouncyCastleProvider();
        KeyPair bcP256 = ec("secp256r1", bc);
        KeyPair bcP384 = ec("secp384r1", bc);
        assertThat(Signatures.canSign(SignatureScheme.ECDSA_SECP256R1_SHA256, bcP256.getPrivate())).isTrue();
        assertThat(Signatures.canVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, bcP256.getPublic())).isTrue();
        assertThat(Signatures.matchesCurve(SignatureScheme.ECDSA_SECP384R1_SHA384, bcP256.getPrivate())).isFalse();
        assertThat(Signatures.matchesCurve(SignatureScheme.ECDSA_SECP384R1_SHA384, bcP384.getPrivate())).isTrue();
        assertThat(Signatures.canSign(SignatureScheme.ECDSA_SECP384R1_SHA384, bcP384.getPrivate())).isTrue();
        byte[] signature = Signatures.sign(SignatureScheme.ECDSA_SECP256R1_SHA256, bcP256.getPrivate(), MESSAGE, RANDOM);
        assertThat(Signatures.verify(SignatureScheme.ECDSA_SECP256R1_SHA256, bcP256.getPublic(), MESSAGE, signature)).isTrue();

        // a 256-bit curve that is not secp256r1 does not pass for it
        KeyPair brainpool = ec("brainpoolP256r1", bc);
        assertThat(Signatures.canSign(SignatureScheme.ECDSA_SECP256R1_SHA256, brainpool.getPrivate())).isFalse();
        assertThat(Signatures.canVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, brainpool.getPublic())).isFalse();

        KeyPair bcEd = KeyPairGenerator.getInstance("Ed25519", bc).generateKeyPair();
        assertThat(Signatures.canSign(SignatureScheme.ED25519, bcEd.getPrivate())).isTrue();
        assertThat(Signatures.canVerify(SignatureScheme.ED25519, bcEd.getPublic())).isTrue();
        assertThat(Signatures.canSign(SignatureScheme.ECDSA_SECP256R1_SHA256, bcEd.getPrivate())).isFalse();
    }
}
