package io.dtls4j.crypto;

import io.dtls4j.config.NamedGroup;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wycheproof key agreement vectors through {@link EcdheKeyPair#agree}. Policy: "valid" must give
 * the expected secret; "invalid" must be rejected; "acceptable" may go either way but a secret,
 * when given, must be the expected one, except that an all-zero X25519 secret must always be
 * rejected (RFC 8422 §5.11).
 */
class WycheproofKeyAgreementTest {
    private static final byte[] ID_EC_PUBLIC_KEY = Hex.decode("2a8648ce3d0201");
    private static final byte[] OID_SECP256R1 = Hex.decode("2a8648ce3d030107");
    private static final byte[] OID_SECP384R1 = Hex.decode("2b81040022");

    @Test
    void x25519() throws Exception {
        KeyFactory factory = KeyFactory.getInstance("XDH");
        List<String> failures = new ArrayList<>();
        int ran = 0;
        int zeroSecrets = 0;
        for (Wycheproof.Case c : Wycheproof.cases("x25519_test.json")) {
            PrivateKey key = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, c.hex("private")));
            boolean zero = c.hasFlag("ZeroSharedSecret");
            zeroSecrets += zero ? 1 : 0;
            boolean mustAccept = c.result().equals("valid") && !zero;
            boolean mustReject = c.result().equals("invalid") || zero;
            check(c, NamedGroup.X25519, key, c.hex("public"), mustAccept, mustReject, failures);
            ran++;
        }
        assertThat(ran).isGreaterThan(0);
        assertThat(zeroSecrets).as("zero-secret cases seen").isGreaterThan(0);
        System.out.printf("Wycheproof x25519_test.json: %d cases ran (%d with a zero secret, rejected)%n", ran, zeroSecrets);
        assertThat(failures).as("%d cases ran", ran).isEmpty();
    }

    @Test
    void ecdhSecp256r1() throws Exception {
        runEcdh("ecdh_secp256r1_test.json", NamedGroup.SECP256R1, NamedCurves.SECP256R1, OID_SECP256R1);
    }

    @Test
    void ecdhSecp384r1() throws Exception {
        runEcdh("ecdh_secp384r1_test.json", NamedGroup.SECP384R1, NamedCurves.SECP384R1, OID_SECP384R1);
    }

    /**
     * The vectors give the peer key as DER SubjectPublicKeyInfo; DTLS sends only the point. Cases whose
     * SPKI is not id-ecPublicKey with this curve's named OID (bad ASN.1, explicit or other curve
     * parameters) test key parsing, not the wire format, and are skipped and counted; every other case
     * runs its BIT STRING contents through agree.
     */
    private void runEcdh(String file, NamedGroup group, String curve, byte[] curveOid) throws Exception {
        KeyFactory factory = KeyFactory.getInstance("EC");
        List<String> failures = new ArrayList<>();
        int ran = 0;
        int skipped = 0;
        int compressed = 0;
        List<Wycheproof.Case> cases = Wycheproof.cases(file);
        for (Wycheproof.Case c : cases) {
            byte[] point = namedCurvePoint(c.hex("public"), curveOid);
            if (point == null) {
                skipped++;
                assertThat(c.result()).as("only non-valid cases have keys the test cannot take apart: %s", c)
                        .isNotEqualTo("valid");
                continue;
            }
            // the wire format allows uncompressed points only: agree must reject compressed ones
            boolean isCompressed = point.length > 0 && (point[0] == 2 || point[0] == 3);
            compressed += isCompressed ? 1 : 0;
            PrivateKey key = factory.generatePrivate(
                    new ECPrivateKeySpec(new BigInteger(1, c.hex("private")), NamedCurves.parameters(curve)));
            check(c, group, key, point, c.result().equals("valid"), c.result().equals("invalid") || isCompressed, failures);
            ran++;
        }
        assertThat(ran).isGreaterThan(0);
        assertThat(compressed).as("compressed points seen").isGreaterThan(0);
        assertThat(ran + skipped).isEqualTo(cases.size());
        System.out.printf("Wycheproof %s: %d cases ran, %d skipped (SPKI not id-ecPublicKey + named %s)%n", file, ran, skipped, curve);
        assertThat(failures).as("%d cases ran, %d skipped (undecodable SPKI)", ran, skipped).isEmpty();
    }

    /** The point of an SPKI whose algorithm is id-ecPublicKey with namedCurve {@code curveOid}, or null. */
    private static byte[] namedCurvePoint(byte[] spki, byte[] curveOid) {
        try {
            DerReader outer = new DerReader(spki);
            DerReader info = outer.enter(0x30);
            outer.expectEnd();
            DerReader algorithm = info.enter(0x30);
            byte[] bitString = info.read(0x03);
            info.expectEnd();
            byte[] oid = algorithm.read(0x06);
            byte[] params = algorithm.read(0x06);
            algorithm.expectEnd();
            if (!Arrays.equals(oid, ID_EC_PUBLIC_KEY) || !Arrays.equals(params, curveOid)
                    || bitString.length == 0 || bitString[0] != 0) {
                return null;
            }
            return Arrays.copyOfRange(bitString, 1, bitString.length);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void check(Wycheproof.Case c, NamedGroup group, PrivateKey key, byte[] peer,
                              boolean mustAccept, boolean mustReject, List<String> failures) {
        byte[] expected = c.hex("shared");
        try {
            byte[] secret = EcdheKeyPair.agree(group, key, peer);
            if (mustReject) {
                failures.add(c + ": accepted, secret " + Hex.encode(secret));
            } else if (!Arrays.equals(secret, expected)) {
                failures.add(c + ": secret " + Hex.encode(secret) + " expected " + Hex.encode(expected));
            }
        } catch (InvalidKeyException e) {
            if (mustAccept) {
                failures.add(c + ": rejected: " + e.getMessage());
            }
        }
    }
}
