package io.dtls4j.handshake.message;

import io.dtls4j.AlertDescription;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.nio.charset.StandardCharsets;

/** Encoders and decoders for the data of the extensions dtls4j understands. */
public final class ExtensionCodecs {
    private ExtensionCodecs() {
    }

    private static byte[] u16List(int[] values) {
        WireWriter w = new WireWriter(2 + 2 * values.length);
        int mark = w.startLength16();
        for (int v : values) {
            w.u16(v);
        }
        w.endLength16(mark);
        return w.toByteArray();
    }

    private static int[] parseU16List(byte[] data, String what) throws DecodeException {
        WireReader r = new WireReader(data);
        WireReader list = r.sub16();
        r.expectEnd();
        if (list.remaining() == 0 || list.remaining() % 2 != 0) {
            throw DecodeException.decodeError(what + " list has a bad length " + list.remaining());
        }
        int[] values = new int[list.remaining() / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.u16();
        }
        return values;
    }

    /** supported_groups (RFC 8422 §5.1.1): NamedGroup named_group_list<2..2^16-1>. */
    public static byte[] supportedGroups(int[] groups) {
        return u16List(groups);
    }

    public static int[] parseSupportedGroups(byte[] data) throws DecodeException {
        return parseU16List(data, "supported_groups");
    }

    /** ec_point_formats (RFC 8422 §5.1.2): ECPointFormat ec_point_format_list<1..2^8-1>. */
    public static byte[] ecPointFormats(byte[] formats) {
        return new WireWriter(1 + formats.length).vector8(formats).toByteArray();
    }

    public static byte[] parseEcPointFormats(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        byte[] formats = r.vector8();
        r.expectEnd();
        if (formats.length == 0) {
            throw DecodeException.decodeError("empty ec_point_formats");
        }
        return formats;
    }

    /** signature_algorithms (RFC 5246 §7.4.1.4.1, as 16-bit schemes per RFC 8446 §4.2.3). */
    public static byte[] signatureAlgorithms(int[] schemes) {
        return u16List(schemes);
    }

    public static int[] parseSignatureAlgorithms(byte[] data) throws DecodeException {
        return parseU16List(data, "signature_algorithms");
    }

    /** renegotiation_info (RFC 5746 §3.2): opaque renegotiated_connection<0..255>. */
    public static byte[] renegotiationInfo(byte[] renegotiatedConnection) {
        return new WireWriter(1 + renegotiatedConnection.length).vector8(renegotiatedConnection).toByteArray();
    }

    public static byte[] parseRenegotiationInfo(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        byte[] value = r.vector8();
        r.expectEnd();
        return value;
    }

    /** client/server_certificate_type in a ClientHello (RFC 7250 §3): CertificateType list<1..2^8-1>. */
    public static byte[] certificateTypes(byte[] types) {
        return new WireWriter(1 + types.length).vector8(types).toByteArray();
    }

    public static byte[] parseCertificateTypes(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        byte[] types = r.vector8();
        r.expectEnd();
        if (types.length == 0) {
            throw DecodeException.decodeError("empty certificate type list");
        }
        return types;
    }

    /** client/server_certificate_type in a ServerHello: the one type chosen. */
    public static int parseCertificateType(byte[] data) throws DecodeException {
        if (data.length != 1) {
            throw DecodeException.decodeError("certificate type extension of " + data.length + " bytes in ServerHello");
        }
        return data[0] & 0xFF;
    }

    /** server_name (RFC 6066 §3) with one host_name entry. */
    public static byte[] serverName(String host) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        WireWriter w = new WireWriter(5 + name.length);
        int mark = w.startLength16();
        w.u8(0).vector16(name);
        w.endLength16(mark);
        return w.toByteArray();
    }

    /** The host_name of a server_name extension, or null when it holds none. */
    public static String parseServerName(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        WireReader list = r.sub16();
        r.expectEnd();
        if (list.remaining() == 0) {
            throw DecodeException.decodeError("empty server_name list");
        }
        String host = null;
        while (list.remaining() > 0) {
            int type = list.u8();
            byte[] name = list.vector16();
            if (type == 0) {
                if (host != null || name.length == 0) {
                    throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "bad or repeated host_name");
                }
                for (byte c : name) {
                    if (c <= 0x20 || c >= 0x7F) {
                        throw new DecodeException(AlertDescription.ILLEGAL_PARAMETER, "host_name is not printable ASCII");
                    }
                }
                host = new String(name, StandardCharsets.US_ASCII);
            }
        }
        return host;
    }
}
