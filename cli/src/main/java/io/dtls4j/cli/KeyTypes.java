package io.dtls4j.cli;

import io.dtls4j.credentials.KeyAlgorithm;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * Reads {@code --key-type}: {@code ec} (ECDSA P-256, the default), {@code ec-p384}, {@code ec-p521}, {@code ed25519},
 * {@code rsa} (2048 bits) or {@code rsa-3072}.
 */
public final class KeyTypes implements ITypeConverter<KeyAlgorithm> {
    /** The accepted spellings, for help texts. */
    public static final String NAMES = "ec, ec-p384, ec-p521, ed25519, rsa, rsa-3072";

    @Override
    public KeyAlgorithm convert(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "ec":
            case "ec-p256":
            case "p-256":
                return KeyAlgorithm.EC_P256;
            case "ec-p384":
            case "p-384":
                return KeyAlgorithm.EC_P384;
            case "ec-p521":
            case "p-521":
                return KeyAlgorithm.EC_P521;
            case "ed25519":
                return KeyAlgorithm.ED25519;
            case "rsa":
            case "rsa-2048":
                return KeyAlgorithm.RSA_2048;
            case "rsa-3072":
                return KeyAlgorithm.RSA_3072;
            default:
                throw new TypeConversionException("unknown key type '" + value + "'; use one of " + NAMES);
        }
    }

    /** How a key type is named in messages: {@code EC P-256}. */
    public static String displayName(KeyAlgorithm algorithm) {
        switch (algorithm) {
            case EC_P256: return "EC P-256";
            case EC_P384: return "EC P-384";
            case EC_P521: return "EC P-521";
            case ED25519: return "Ed25519";
            case RSA_2048: return "RSA 2048";
            case RSA_3072: return "RSA 3072";
            default: return algorithm.name();
        }
    }
}
