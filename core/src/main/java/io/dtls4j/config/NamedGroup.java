package io.dtls4j.config;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.spec.ECParameterSpec;

/** Groups for ECDHE (RFC 8422 §5.1.1, supported_groups). */
public enum NamedGroup {
    X25519(29, 32),
    SECP256R1(23, 65),
    SECP384R1(24, 97),
    SECP521R1(25, 133);

    private final int id;
    private final int publicKeyLength;

    NamedGroup(int id, int publicKeyLength) {
        this.id = id;
        this.publicKeyLength = publicKeyLength;
    }

    public int id() {
        return id;
    }

    /** Length of the encoded public value: raw u-coordinate for X25519, uncompressed point for NIST curves. */
    public int publicKeyLength() {
        return publicKeyLength;
    }

    /** The curve's domain parameters for the NIST groups; null for X25519, which is no Weierstrass curve. */
    public ECParameterSpec ecParameters() {
        switch (this) {
            case SECP256R1: return EcCurves.P256;
            case SECP384R1: return EcCurves.P384;
            case SECP521R1: return EcCurves.P521;
            default: return null;
        }
    }

    /**
     * The standard name of a NIST group's curve, as the JCA knows it (secp256r1, secp384r1,
     * secp521r1); null for X25519.
     */
    public String curveName() {
        switch (this) {
            case SECP256R1: return "secp256r1";
            case SECP384R1: return "secp384r1";
            case SECP521R1: return "secp521r1";
            default: return null;
        }
    }

    /** The NIST group whose curve has exactly these parameters, or null. */
    public static NamedGroup ofCurve(ECParameterSpec parameters) {
        if (parameters == null) {
            return null;
        }
        for (NamedGroup group : values()) {
            ECParameterSpec own = group.ecParameters();
            if (own != null && EcCurves.same(parameters, own)) {
                return group;
            }
        }
        return null;
    }

    /**
     * The group of the curve an EC key is on, or null for a key that is not EC or is on another
     * curve. RFC 8422 §5.3: a client must list the curve of the server's ECDSA certificate in
     * supported_groups, so a client that narrows its groups adds this one.
     */
    public static NamedGroup ofCurveOf(Key key) {
        return key instanceof ECKey ec ? ofCurve(ec.getParams()) : null;
    }

    public static NamedGroup fromId(int id) {
        for (NamedGroup g : values()) {
            if (g.id == id) {
                return g;
            }
        }
        return null;
    }
}
