package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads one name of a {@code --ciphers} list (picocli splits the list at colons and commas): an
 * OpenSSL name ({@code ECDHE-ECDSA-AES128-GCM-SHA256}) or an IANA name
 * ({@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}), in any case.
 */
public final class CipherSuiteNames implements ITypeConverter<CipherSuite> {

    @Override
    public CipherSuite convert(String value) {
        String upper = value.trim().toUpperCase(Locale.ROOT);
        for (CipherSuite suite : CipherSuite.values()) {
            if (suite.openSslName().equals(upper) || suite.name().equals(upper)) {
                return suite;
            }
        }
        throw new TypeConversionException("unknown cipher suite '" + value + "'; supported: " + supported());
    }

    /** The OpenSSL names of every suite dtls4j implements, colon-separated. */
    public static String supported() {
        return Arrays.stream(CipherSuite.values()).map(CipherSuite::openSslName).collect(Collectors.joining(":"));
    }
}
