package io.dtls4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.HexFormat;
import java.util.Set;

/**
 * {@code --export LABEL:LENGTH}: keying material to export after the handshake (RFC 5705), printed as
 * {@code openssl s_client -keymatexport LABEL -keymatexportlen LENGTH} prints it.
 */
record ExportRequest(String label, int length) {
    /** RFC 5705 §4: the labels of the TLS handshake itself cannot be exported with. */
    private static final Set<String> HANDSHAKE_LABELS = Set.of(
            "master secret", "extended master secret", "key expansion", "client finished", "server finished");

    /** {@code Keying material: <HEX>}, uppercase, the line OpenSSL prints. */
    static String line(byte[] material) {
        return "Keying material: " + HexFormat.of().withUpperCase().formatHex(material);
    }

    /** Splits at the last colon, so that a label may itself hold colons. */
    static final class Converter implements ITypeConverter<ExportRequest> {
        @Override
        public ExportRequest convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new TypeConversionException("'" + value + "' is not LABEL:LENGTH (e.g. EXTRACTOR-dtls_srtp:60)");
            }
            String label = value.substring(0, colon);
            if (HANDSHAKE_LABELS.contains(label)) {
                throw new TypeConversionException("'" + label + "' is a TLS handshake label, not an exporter label");
            }
            int length;
            try {
                length = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 1 || length > 0xFFFF) {
                throw new TypeConversionException("length in '" + value + "' must be a number 1..65535");
            }
            return new ExportRequest(label, length);
        }
    }
}
