package io.dtls4j.cli;

import io.dtls4j.config.CipherSuite;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a {@code --ciphers} list: suite names separated by colons (as OpenSSL writes them) or
 * commas, each an OpenSSL name ({@code ECDHE-ECDSA-AES128-GCM-SHA256}) or an IANA name
 * ({@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}), in any case. The order is the preference order.
 */
public final class CipherSuiteNames implements ITypeConverter<List<CipherSuite>> {

    @Override
    public List<CipherSuite> convert(String value) {
        return parse(value);
    }

    /** The suites named in {@code list}, without repeats, in the order given. */
    public static List<CipherSuite> parse(String list) {
        Set<CipherSuite> suites = new LinkedHashSet<>();
        for (String token : list.split("[:,]")) {
            String name = token.trim();
            if (name.isEmpty()) {
                continue;
            }
            suites.add(byName(name));
        }
        if (suites.isEmpty()) {
            throw new TypeConversionException("no cipher suite named in '" + list + "'; supported: " + supported());
        }
        return new ArrayList<>(suites);
    }

    private static CipherSuite byName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (CipherSuite suite : CipherSuite.values()) {
            if (suite.openSslName().equals(upper) || suite.name().equals(upper)) {
                return suite;
            }
        }
        throw new TypeConversionException("unknown cipher suite '" + name + "'; supported: " + supported());
    }

    /** The OpenSSL names of every suite dtls4j implements, colon-separated. */
    public static String supported() {
        return Arrays.stream(CipherSuite.values()).map(CipherSuite::openSslName).collect(Collectors.joining(":"));
    }
}
