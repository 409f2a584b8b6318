package io.dtls4j.crypto;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.CipherSuite.PrfHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrfTest {
    private static final byte[] CLIENT_RANDOM = filled(32, 0x11);
    private static final byte[] SERVER_RANDOM = filled(32, 0x22);
    private static final byte[] MASTER = filled(48, 0x33);

    private static byte[] filled(int length, int start) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * Independent reference: P_hash written out as in RFC 5246 §5, with a fresh Mac per HMAC,
     * producing whole blocks and cutting at the end.
     */
    private static byte[] referencePrf(PrfHash hash, byte[] secret, String label, byte[] seed, int length) throws Exception {
        byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a = labelSeed;
        while (out.size() < length) {
            a = hmac(hash, secret, a);
            out.writeBytes(hmac(hash, secret, concat(a, labelSeed)));
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    private static byte[] hmac(PrfHash hash, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(hash.hmacAlgorithm);
        mac.init(new SecretKeySpec(key, hash.hmacAlgorithm));
        return mac.doFinal(data);
    }

    @Test
    void matchesThePublishedSha256TestVector() {
        // TLS WG mailing list test vectors for the TLS 1.2 PRF (msg03416), P_SHA256
        byte[] out = Prf.compute(PrfHash.SHA256, Hex.decode("9bbe436ba940f017b17652849a71db35"), "test label",
                Hex.decode("a0ba9f936cda311827a6f796ffd5198c"), 100);
        assertThat(Hex.encode(out)).isEqualTo("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                + "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                + "87347b66");
    }

    @Test
    void matchesThePublishedSha384TestVector() {
        byte[] out = Prf.compute(PrfHash.SHA384, Hex.decode("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                Hex.decode("cd665cf6a8447dd6ff8b27555edb7465"), 148);
        assertThat(Hex.encode(out)).isEqualTo("7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd"
                + "e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
                + "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
                + "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
                + "91c8f3a26854308d5eaa3be85e0990703d73e56f");
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void agreesWithTheReferenceAtEveryLengthAroundBlockBoundaries(PrfHash hash) throws Exception {
        byte[] secret = filled(20, 5);
        byte[] seed = filled(13, 9);
        for (int length = 0; length <= 3 * hash.length + 1; length++) {
            assertThat(Prf.compute(hash, secret, "a label", seed, length)).as("length %d", length)
                    .isEqualTo(referencePrf(hash, secret, "a label", seed, length));
        }
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void masterSecretIsThePrfOfThePremasterOverClientThenServerRandom(PrfHash hash) throws Exception {
        byte[] premaster = filled(32, 0x44);
        assertThat(Prf.masterSecret(hash, premaster, CLIENT_RANDOM, SERVER_RANDOM))
                .isEqualTo(referencePrf(hash, premaster, "master secret", concat(CLIENT_RANDOM, SERVER_RANDOM), 48));
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void extendedMasterSecretIsThePrfOverTheSessionHash(PrfHash hash) throws Exception {
        byte[] premaster = filled(48, 0x55);
        byte[] sessionHash = filled(hash.length, 0x66);
        byte[] ems = Prf.extendedMasterSecret(hash, premaster, sessionHash);
        assertThat(ems).hasSize(48)
                .isEqualTo(referencePrf(hash, premaster, "extended master secret", sessionHash, 48));
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void verifyDataIsTwelveBytesWithTheSidesLabel(PrfHash hash) throws Exception {
        byte[] handshakeHash = filled(hash.length, 0x77);
        byte[] client = Prf.verifyData(hash, MASTER, true, handshakeHash);
        byte[] server = Prf.verifyData(hash, MASTER, false, handshakeHash);
        assertThat(client).hasSize(12).isEqualTo(referencePrf(hash, MASTER, "client finished", handshakeHash, 12));
        assertThat(server).hasSize(12).isEqualTo(referencePrf(hash, MASTER, "server finished", handshakeHash, 12));
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void keyBlockIsCutInRfcOrderFromServerThenClientRandom(CipherSuite suite) throws Exception {
        CipherSuite.Aead aead = suite.aead();
        int k = aead.keyLength;
        int iv = aead.fixedIvLength;
        byte[] expected = referencePrf(suite.prfHash(), MASTER, "key expansion", concat(SERVER_RANDOM, CLIENT_RANDOM),
                2 * k + 2 * iv);
        KeyBlock block = Prf.keyBlock(suite, MASTER, CLIENT_RANDOM, SERVER_RANDOM);
        assertThat(block.clientWriteKey()).isEqualTo(Arrays.copyOfRange(expected, 0, k));
        assertThat(block.serverWriteKey()).isEqualTo(Arrays.copyOfRange(expected, k, 2 * k));
        assertThat(block.clientWriteIv()).isEqualTo(Arrays.copyOfRange(expected, 2 * k, 2 * k + iv));
        assertThat(block.serverWriteIv()).isEqualTo(Arrays.copyOfRange(expected, 2 * k + iv, 2 * k + 2 * iv));
    }

    @Test
    void keyBlockLengthsFitEachAead() {
        KeyBlock gcm = Prf.keyBlock(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, MASTER, CLIENT_RANDOM, SERVER_RANDOM);
        assertThat(gcm.clientWriteKey()).hasSize(16);
        assertThat(gcm.serverWriteIv()).hasSize(4);
        KeyBlock gcm256 = Prf.keyBlock(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, MASTER, CLIENT_RANDOM, SERVER_RANDOM);
        assertThat(gcm256.serverWriteKey()).hasSize(32);
        assertThat(gcm256.clientWriteIv()).hasSize(4);
        KeyBlock chacha = Prf.keyBlock(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, MASTER, CLIENT_RANDOM, SERVER_RANDOM);
        assertThat(chacha.clientWriteKey()).hasSize(32);
        assertThat(chacha.clientWriteIv()).hasSize(12);
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void exporterSeedIsTheRandomsWithAnOptionalLengthPrefixedContext(PrfHash hash) throws Exception {
        String label = "EXPERIMENTAL dtls4j";
        byte[] context = filled(5, 0x70);
        byte[] noContext = Prf.exportKeyingMaterial(hash, MASTER, label, CLIENT_RANDOM, SERVER_RANDOM, null, 40);
        byte[] emptyContext = Prf.exportKeyingMaterial(hash, MASTER, label, CLIENT_RANDOM, SERVER_RANDOM, new byte[0], 40);
        byte[] withContext = Prf.exportKeyingMaterial(hash, MASTER, label, CLIENT_RANDOM, SERVER_RANDOM, context, 40);
        assertThat(noContext).isEqualTo(referencePrf(hash, MASTER, label, concat(CLIENT_RANDOM, SERVER_RANDOM), 40));
        assertThat(emptyContext).isEqualTo(
                referencePrf(hash, MASTER, label, concat(CLIENT_RANDOM, SERVER_RANDOM, new byte[] {0, 0}), 40));
        assertThat(withContext).isEqualTo(
                referencePrf(hash, MASTER, label, concat(CLIENT_RANDOM, SERVER_RANDOM, new byte[] {0, 5}, context), 40));
        assertThat(noContext).isNotEqualTo(emptyContext);
    }

    @Test
    void exporterRefusesHandshakeLabelsAndOversizedInput() {
        for (String label : new String[] {"master secret", "key expansion", "client finished", "server finished",
                "extended master secret"}) {
            assertThatThrownBy(() -> Prf.exportKeyingMaterial(PrfHash.SHA256, MASTER, label, CLIENT_RANDOM, SERVER_RANDOM, null, 32))
                    .as(label).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Prf.exportKeyingMaterial(PrfHash.SHA256, MASTER, "EXPORTER x", CLIENT_RANDOM, SERVER_RANDOM,
                new byte[0x10000], 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Prf.compute(PrfHash.SHA256, MASTER, "x", new byte[0], Prf.MAX_OUTPUT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Prf.compute(PrfHash.SHA256, MASTER, "x", new byte[0], -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void anEmptySecretIsHmacWithTheEmptyKey(PrfHash hash) throws Exception {
        // HMAC from its definition (RFC 2104 §2) over MessageDigest, with K = "" padded to the block
        int block = hash == PrfHash.SHA256 ? 64 : 128; // the hash's block size in bytes
        byte[] seed = filled(10, 1);
        byte[] labelSeed = concat("l".getBytes(StandardCharsets.US_ASCII), seed);
        byte[] a1 = rawHmac(hash, block, labelSeed);
        byte[] expected = Arrays.copyOf(rawHmac(hash, block, concat(a1, labelSeed)), 10);
        assertThat(Prf.compute(hash, new byte[0], "l", seed, 10)).isEqualTo(expected);
    }

    private static byte[] rawHmac(PrfHash hash, int blockSize, byte[] message) throws Exception {
        byte[] ipad = new byte[blockSize];
        byte[] opad = new byte[blockSize];
        Arrays.fill(ipad, (byte) 0x36);
        Arrays.fill(opad, (byte) 0x5c);
        MessageDigest digest = MessageDigest.getInstance(hash.digestAlgorithm);
        byte[] inner = digest.digest(concat(ipad, message));
        return digest.digest(concat(opad, inner));
    }
}
