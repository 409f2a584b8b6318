package io.dtls4j.credentials;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PEM block: a label, optional RFC 1421 headers (only the legacy OpenSSL encryption uses them)
 * and the DER bytes, in the textual encoding of RFC 7468. Text outside blocks is ignored, as RFC 7468
 * §2 allows (for example the dump that {@code openssl x509 -text} writes before the block).
 */
record PemBlock(String label, Map<String, String> headers, byte[] der, int line) {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final int LINE_LENGTH = 64;

    PemBlock {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    PemBlock(String label, byte[] der) {
        this(label, Map.of(), der, 0);
    }

    /**
     * Decodes every block of a PEM text.
     *
     * @param source names the text in error messages
     * @throws CredentialException when a block is unterminated, mislabelled or not valid base64
     */
    static List<PemBlock> decodeAll(String text, String source) throws CredentialException {
        List<PemBlock> blocks = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        int i = 0;
        while (i < lines.length) {
            String beginLine = lines[i].strip();
            int beginLineNumber = i + 1;
            i++;
            if (!beginLine.startsWith(BEGIN)) {
                continue;
            }
            String label = labelOf(beginLine, BEGIN);
            if (label == null) {
                throw new CredentialException(source, "line " + beginLineNumber + ": malformed BEGIN line");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            boolean ended = false;
            while (i < lines.length) {
                String bodyLine = lines[i].strip();
                int bodyLineNumber = i + 1;
                i++;
                if (bodyLine.startsWith(END)) {
                    String endLabel = labelOf(bodyLine, END);
                    if (!label.equals(endLabel)) {
                        throw new CredentialException(source, "line " + bodyLineNumber + ": END line does not match "
                                + "BEGIN " + label + " at line " + beginLineNumber);
                    }
                    ended = true;
                    break;
                }
                if (bodyLine.startsWith(BEGIN)) {
                    break;
                }
                int colon = bodyLine.indexOf(':');
                if (colon > 0 && base64.length() == 0) {
                    // RFC 1421 §4.6 encapsulated header, such as Proc-Type and DEK-Info
                    headers.put(bodyLine.substring(0, colon).strip(), bodyLine.substring(colon + 1).strip());
                } else {
                    base64.append(bodyLine);
                }
            }
            if (!ended) {
                throw new CredentialException(source, "BEGIN " + label + " at line " + beginLineNumber
                        + " has no matching END line (file truncated?)");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new CredentialException(source, label + " block at line " + beginLineNumber
                        + " is not valid base64", e);
            }
            if (der.length == 0) {
                throw new CredentialException(source, label + " block at line " + beginLineNumber + " is empty");
            }
            blocks.add(new PemBlock(label, headers, der, beginLineNumber));
        }
        return blocks;
    }

    private static String labelOf(String line, String prefix) {
        if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
            return null;
        }
        String label = line.substring(prefix.length(), line.length() - DASHES.length());
        // RFC 7468 §3: labels are printable ASCII without hyphen-minus at either end
        for (int k = 0; k < label.length(); k++) {
            char c = label.charAt(k);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return label.isEmpty() || label.startsWith("-") || label.endsWith("-") ? null : label;
    }

    /** The block in RFC 7468 form: base64 lines of 64 characters, LF line ends, headers omitted. */
    String encode() {
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder(base64.length() + base64.length() / LINE_LENGTH + 2 * label.length() + 40);
        out.append(BEGIN).append(label).append(DASHES).append('\n');
        for (int start = 0; start < base64.length(); start += LINE_LENGTH) {
            out.append(base64, start, Math.min(base64.length(), start + LINE_LENGTH)).append('\n');
        }
        out.append(END).append(label).append(DASHES).append('\n');
        return out.toString();
    }

    /** The block's text as bytes, for writing to a file. */
    byte[] encodeBytes() {
        return encode().getBytes(StandardCharsets.US_ASCII);
    }
}
