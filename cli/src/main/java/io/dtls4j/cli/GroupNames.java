package io.dtls4j.cli;

import io.dtls4j.config.NamedGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads one name of a {@code --groups} list (picocli splits the list at colons and commas), in
 * OpenSSL's spellings ({@code X25519}, {@code P-256} or {@code prime256v1}, {@code P-384}, {@code P-521}) or
 * the IANA ones ({@code x25519}, {@code secp256r1}, {@code secp384r1}, {@code secp521r1}), in any case. Also names groups
 * for display.
 */
public final class GroupNames implements ITypeConverter<NamedGroup> {

    @Override
    public NamedGroup convert(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "x25519":
                return NamedGroup.X25519;
            case "p-256":
            case "secp256r1":
            case "prime256v1":
                return NamedGroup.SECP256R1;
            case "p-384":
            case "secp384r1":
                return NamedGroup.SECP384R1;
            case "p-521":
            case "secp521r1":
                return NamedGroup.SECP521R1;
            default:
                throw new TypeConversionException("unknown group '" + value + "'; supported: " + supported());
        }
    }

    /** The short name of a group as OpenSSL prints it: X25519, P-256, P-384, P-521. */
    public static String displayName(NamedGroup group) {
        switch (group) {
            case X25519: return "X25519";
            case SECP256R1: return "P-256";
            case SECP384R1: return "P-384";
            case SECP521R1: return "P-521";
            default: throw new AssertionError(group);
        }
    }

    /** Every group dtls4j implements, colon-separated. */
    public static String supported() {
        return Arrays.stream(NamedGroup.values()).map(GroupNames::displayName).collect(Collectors.joining(":"));
    }
}
