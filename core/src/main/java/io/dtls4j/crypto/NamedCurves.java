package io.dtls4j.crypto;

import io.dtls4j.config.NamedGroup;

import java.security.Key;
import java.security.spec.ECParameterSpec;

/**
 * The NIST prime curves dtls4j uses, recognised by their domain parameters rather than by a
 * provider's class or name, so EC keys from any provider (the JDK's, BouncyCastle's) are matched.
 */
public final class NamedCurves {
    static final String SECP256R1 = "secp256r1";
    static final String SECP384R1 = "secp384r1";
    static final String SECP521R1 = "secp521r1";

    private NamedCurves() {
    }

    /** The domain parameters of {@code name} (secp256r1, secp384r1 or secp521r1). */
    static ECParameterSpec parameters(String name) {
        for (NamedGroup group : NamedGroup.values()) {
            if (name.equals(nameOf(group))) {
                return group.ecParameters();
            }
        }
        throw new IllegalArgumentException("not a curve dtls4j uses: " + name);
    }

    /** secp256r1, secp384r1 or secp521r1 when {@code spec} has exactly that curve's parameters, else null. */
    static String nameOf(ECParameterSpec spec) {
        NamedGroup group = NamedGroup.ofCurve(spec);
        return group == null ? null : nameOf(group);
    }

    /** The supported_groups entry of the curve {@code key} is on: null for a key that is not EC, or on another curve. */
    public static NamedGroup groupOf(Key key) {
        return NamedGroup.ofCurveOf(key);
    }

    /** The curve name of a NIST group (secp256r1, secp384r1, secp521r1), or null for X25519. */
    static String nameOf(NamedGroup group) {
        return group.curveName();
    }

    /** Bytes of one field element: 32 for P-256, 48 for P-384, 66 for P-521. */
    static int fieldLength(ECParameterSpec spec) {
        return (spec.getCurve().getField().getFieldSize() + 7) / 8;
    }
}
