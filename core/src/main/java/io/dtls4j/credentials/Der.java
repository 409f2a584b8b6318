package io.dtls4j.credentials;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The subset of ASN.1 DER (ITU-T X.690 §8 and §10) that key files and certificates need, with the JDK
 * only: a reader over one byte array and static encoders. The reader checks every length against
 * what is left, so a damaged or hostile file gives an {@link IllegalArgumentException}, never an
 * out-of-bounds read or a large allocation; callers turn that into a {@link CredentialException}.
 */
final class Der {
    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int PRINTABLE_STRING = 0x13;
    static final int T61_STRING = 0x14;
    static final int IA5_STRING = 0x16;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int UNIVERSAL_STRING = 0x1c;
    static final int BMP_STRING = 0x1e;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    /** Far longer than any OID in a key or certificate; bounds the text an OID decodes to. */
    private static final int MAX_OID_BYTES = 64;

    private Der() {
    }

    /** Reads the elements of one constructed value (or a whole encoding) in order. */
    static final class Reader {
        private final byte[] data;
        private int position;
        private final int end;

        /** Reads {@code data}, which must be exactly one element: use {@link #sequence()} and friends. */
        Reader(byte[] data) {
            this(data, 0, data.length);
        }

        private Reader(byte[] data, int start, int end) {
            this.data = data;
            this.position = start;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        /** The tag of the next element, without consuming it. */
        int peekTag() {
            if (position >= end) {
                throw new IllegalArgumentException("DER: element expected, found the end");
            }
            return data[position] & 0xff;
        }

        /** Fails unless every byte has been read: DER leaves nothing after the value. */
        void expectEnd() {
            if (position != end) {
                throw new IllegalArgumentException("DER: " + (end - position) + " bytes after the value");
            }
        }

        /** The whole next element, tag and length included. */
        byte[] element() {
            int start = position;
            int length = header(peekTag());
            position += length;
            return Arrays.copyOfRange(data, start, position);
        }

        /** The contents of the next element, which must carry {@code tag}. */
        byte[] contents(int tag) {
            int length = header(tag);
            byte[] contents = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return contents;
        }

        /** A reader over the contents of the next element, which must carry the constructed {@code tag}. */
        Reader constructed(int tag) {
            int length = header(tag);
            Reader inner = new Reader(data, position, position + length);
            position += length;
            return inner;
        }

        Reader sequence() {
            return constructed(SEQUENCE);
        }

        /** The contents of a context-specific constructed {@code [number]}, as for EXPLICIT tags. */
        Reader explicit(int number) {
            return constructed(0xa0 | number);
        }

        /** True when the next element is the context-specific constructed {@code [number]}. */
        boolean nextIsExplicit(int number) {
            return hasMore() && peekTag() == (0xa0 | number);
        }

        BigInteger integer() {
            byte[] contents = contents(INTEGER);
            if (contents.length == 0) {
                throw new IllegalArgumentException("DER: empty INTEGER");
            }
            return new BigInteger(contents);
        }

        byte[] octetString() {
            return contents(OCTET_STRING);
        }

        /** A BIT STRING's bytes; only whole bytes (no unused bits) occur in keys and signatures. */
        byte[] bitString() {
            byte[] contents = contents(BIT_STRING);
            if (contents.length == 0 || contents[0] != 0) {
                throw new IllegalArgumentException("DER: BIT STRING with unused bits");
            }
            return Arrays.copyOfRange(contents, 1, contents.length);
        }

        void nullValue() {
            if (contents(NULL).length != 0) {
                throw new IllegalArgumentException("DER: NULL with contents");
            }
        }

        /** An OBJECT IDENTIFIER in dotted form (X.690 §8.19). */
        String oid() {
            byte[] contents = contents(OID);
            if (contents.length == 0 || contents.length > MAX_OID_BYTES) {
                throw new IllegalArgumentException("DER: OBJECT IDENTIFIER of " + contents.length + " bytes");
            }
            StringBuilder text = new StringBuilder();
            long value = 0;
            boolean first = true;
            for (int i = 0; i < contents.length; i++) {
                int b = contents[i] & 0xff;
                if (value == 0 && b == 0x80) {
                    throw new IllegalArgumentException("DER: OBJECT IDENTIFIER arc with a leading zero byte");
                }
                value = (value << 7) | (b & 0x7f);
                if (value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("DER: OBJECT IDENTIFIER arc too large");
                }
                if ((b & 0x80) != 0) {
                    if (i == contents.length - 1) {
                        throw new IllegalArgumentException("DER: OBJECT IDENTIFIER ends inside an arc");
                    }
                    continue;
                }
                if (first) {
                    // §8.19.4: the first two arcs share one subidentifier, 40·X + Y
                    int x = value < 40 ? 0 : value < 80 ? 1 : 2;
                    text.append(x).append('.').append(value - 40L * x);
                    first = false;
                } else {
                    text.append('.').append(value);
                }
                value = 0;
            }
            return text.toString();
        }

        /**
         * A directory string (RFC 5280 §4.1.2.4) as text: UTF8String, PrintableString, IA5String,
         * TeletexString (read as Latin-1, as most software does), BMPString or UniversalString.
         */
        String string() {
            int tag = peekTag();
            byte[] contents = contents(tag);
            switch (tag) {
                case UTF8_STRING:
                    return new String(contents, StandardCharsets.UTF_8);
                case PRINTABLE_STRING:
                case IA5_STRING:
                    return new String(contents, StandardCharsets.US_ASCII);
                case T61_STRING:
                    return new String(contents, StandardCharsets.ISO_8859_1);
                case BMP_STRING:
                    return new String(contents, StandardCharsets.UTF_16BE);
                case UNIVERSAL_STRING:
                    if (contents.length % 4 != 0) {
                        throw new IllegalArgumentException("DER: UniversalString of " + contents.length + " bytes");
                    }
                    StringBuilder text = new StringBuilder(contents.length / 4);
                    for (int i = 0; i < contents.length; i += 4) {
                        text.appendCodePoint(((contents[i] & 0xff) << 24) | ((contents[i + 1] & 0xff) << 16)
                                | ((contents[i + 2] & 0xff) << 8) | (contents[i + 3] & 0xff));
                    }
                    return text.toString();
                default:
                    throw new IllegalArgumentException("DER: tag 0x" + Integer.toHexString(tag) + " is not a string");
            }
        }

        /** Reads tag and length (X.690 §8.1.3, definite form only, §10.1) and returns the length. */
        private int header(int expectedTag) {
            if (position >= end) {
                throw new IllegalArgumentException("DER: element expected, found the end");
            }
            int tag = data[position] & 0xff;
            if (tag != expectedTag) {
                throw new IllegalArgumentException("DER: tag 0x" + Integer.toHexString(tag) + " where 0x"
                        + Integer.toHexString(expectedTag) + " belongs");
            }
            if ((tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("DER: multi-byte tags are not used here");
            }
            position++;
            if (position >= end) {
                throw new IllegalArgumentException("DER: length missing");
            }
            int first = data[position++] & 0xff;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 3) {
                    // 0x80 is BER's indefinite length; three length bytes already exceed any credential file
                    throw new IllegalArgumentException("DER: unsupported length form 0x" + Integer.toHexString(first));
                }
                if (end - position < count) {
                    throw new IllegalArgumentException("DER: length truncated");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (data[position++] & 0xff);
                }
                if (length < 0x80 || (count > 1 && length < (1 << (8 * (count - 1))))) {
                    throw new IllegalArgumentException("DER: length not in its shortest form");
                }
            }
            if (length > end - position) {
                throw new IllegalArgumentException("DER: length " + length + " runs past the end");
            }
            return length;
        }
    }

    // ---- encoders ----

    /** One element: tag, definite length, the concatenated contents. */
    static byte[] tlv(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] part : contents) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] part : contents) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, elements);
    }

    static byte[] set(byte[]... elements) {
        return tlv(SET, elements);
    }

    static byte[] explicit(int number, byte[] element) {
        return tlv(0xa0 | number, element);
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    static byte[] bitString(byte[] value) {
        return tlv(BIT_STRING, new byte[] {0}, value);
    }

    static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    static byte[] bool(boolean value) {
        return new byte[] {BOOLEAN, 1, (byte) (value ? 0xff : 0)};
    }

    static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An OBJECT IDENTIFIER from its dotted form (X.690 §8.19). */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("OID needs two arcs: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, 40L * Long.parseLong(arcs[0]) + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            out.write((int) ((value >>> (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
        }
    }

    /** AlgorithmIdentifier (RFC 5280 §4.1.1.2) with the given parameters, or none when null. */
    static byte[] algorithm(String oid, byte[] parameters) {
        return parameters == null ? sequence(oid(oid)) : sequence(oid(oid), parameters);
    }

    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; seconds, Zulu. */
    static byte[] time(long epochMillis) {
        ZonedDateTime time = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        if (time.getYear() >= 1950 && time.getYear() < 2050) {
            return tlv(UTC_TIME, time.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'"))
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(GENERALIZED_TIME, time.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'"))
                .getBytes(StandardCharsets.US_ASCII));
    }
}
