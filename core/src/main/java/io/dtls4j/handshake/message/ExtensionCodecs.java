package io.dtls4j.handshake.message;

import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoders and decoders for the extension_data of the extensions DTLS 1.2 negotiates. Each parse method
 * takes the extension_data alone and rejects trailing bytes and lists shorter than the RFC allows
 * (DECODE_ERROR); encoders throw IllegalArgumentException for values the RFC does not allow.
 */
public final class ExtensionCodecs {

    /** ServerName.name_type host_name (RFC 6066 §3). */
    public static final int NAME_TYPE_HOST_NAME = 0;
    /** ECPointFormat uncompressed (RFC 8422 §5.1.2), the only one allowed. */
    public static final int POINT_FORMAT_UNCOMPRESSED = 0;

    private ExtensionCodecs() {
    }

    /** supported_groups: {@code NamedCurve named_curve_list<2..2^16-1>} (RFC 8422 §5.1.1). */
    public static byte[] supportedGroups(int[] groups) {
        int[] g = Vectors.copyU16List(groups, 2, 0xFFFE, "named_curve_list");
        WireWriter w = new WireWriter(2 + 2 * g.length);
        Vectors.writeU16List(w, g);
        return w.toByteArray();
    }

    public static int[] parseSupportedGroups(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        int[] groups = Vectors.readU16List(r, 2, 0xFFFE, "named_curve_list");
        r.expectEnd();
        return groups;
    }

    /** ec_point_formats: {@code ECPointFormat ec_point_format_list<1..2^8-1>} (RFC 8422 §5.1.2). */
    public static byte[] ecPointFormats(byte[] formats) {
        return new WireWriter(1 + formats.length).vector8(Vectors.copy(formats, 1, 0xFF, "ec_point_format_list")).toByteArray();
    }

    public static byte[] parseEcPointFormats(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        byte[] formats = Vectors.read8(r, 1, 0xFF, "ec_point_format_list");
        r.expectEnd();
        return formats;
    }

    /**
     * signature_algorithms and signature_algorithms_cert: {@code supported_signature_algorithms<2..2^16-2>},
     * each a 16-bit SignatureScheme (RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3).
     */
    public static byte[] signatureAlgorithms(int[] schemes) {
        int[] s = Vectors.copyU16List(schemes, 2, 0xFFFE, "supported_signature_algorithms");
        WireWriter w = new WireWriter(2 + 2 * s.length);
        Vectors.writeU16List(w, s);
        return w.toByteArray();
    }

    public static int[] parseSignatureAlgorithms(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        int[] schemes = Vectors.readU16List(r, 2, 0xFFFE, "supported_signature_algorithms");
        r.expectEnd();
        return schemes;
    }

    /**
     * renegotiation_info: {@code opaque renegotiated_connection<0..255>} (RFC 5746 §3.2); empty on an initial
     * handshake.
     */
    public static byte[] renegotiationInfo(byte[] renegotiatedConnection) {
        byte[] v = Vectors.copy(renegotiatedConnection, 0, 0xFF, "renegotiated_connection");
        return new WireWriter(1 + v.length).vector8(v).toByteArray();
    }

    public static byte[] parseRenegotiationInfo(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        byte[] v = r.vector8();
        r.expectEnd();
        return v;
    }

    /**
     * client_certificate_type / server_certificate_type as a client sends them (RFC 7250 §3):
     * {@code CertificateType types<1..2^8-1>}.
     */
    public static byte[] certificateTypes(byte[] types) {
        return new WireWriter(1 + types.length).vector8(Vectors.copy(types, 1, 0xFF, "certificate type list")).toByteArray();
    }

    public static byte[] parseCertificateTypes(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        byte[] types = Vectors.read8(r, 1, 0xFF, "certificate type list");
        r.expectEnd();
        return types;
    }

    /** client_certificate_type / server_certificate_type in a ServerHello (RFC 7250 §3): the one type chosen. */
    public static int parseCertificateType(byte[] data) throws DecodeException {
        if (data.length != 1) {
            throw DecodeException.decodeError("certificate type of " + data.length + " bytes in a ServerHello");
        }
        return data[0] & 0xFF;
    }

    /**
     * server_name as a client sends it: a ServerNameList with one host_name (RFC 6066 §3). The host must be
     * non-empty ASCII without a trailing dot; IllegalArgumentException otherwise.
     */
    public static byte[] serverName(String host) {
        if (host == null || host.isEmpty() || host.length() > 0xFFFF - 5 || !host.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("not an ASCII host name: " + host);
        }
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        if (!isValidHostName(name)) {
            throw new IllegalArgumentException("not an ASCII host name: " + host);
        }
        WireWriter w = new WireWriter(5 + name.length);
        int list = w.startLength16();
        w.u8(NAME_TYPE_HOST_NAME).vector16(name);
        w.endLength16(list);
        return w.toByteArray();
    }

    /**
     * Parses a client's server_name: {@code ServerName server_name_list<1..2^16-1>} where each entry is
     * {@code name_type(1)} and a 16-bit-length vector (RFC 6066 §3 requires every name type to start so, which
     * lets unknown types be skipped). Returns the host_name, or null when none is present.
     * DECODE_ERROR for an empty list or empty name; ILLEGAL_PARAMETER for two host_names or a host_name that is
     * not printable ASCII or ends in a dot.
     */
    public static String parseServerName(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        WireReader list = r.sub16();
        r.expectEnd();
        Vectors.checkLength(list.remaining(), 1, 0xFFFF, "server_name_list");
        String host = null;
        while (list.remaining() > 0) {
            int type = list.u8();
            byte[] name = Vectors.read16(list, 1, 0xFFFF, "server name");
            if (type != NAME_TYPE_HOST_NAME) {
                continue;
            }
            if (host != null) {
                // RFC 6066 §3: the list MUST NOT contain more than one name of the same name_type
                throw DecodeException.illegalParameter("more than one host_name");
            }
            if (!isValidHostName(name)) {
                throw DecodeException.illegalParameter("host_name is not an ASCII DNS name");
            }
            host = new String(name, StandardCharsets.US_ASCII);
        }
        return host;
    }

    /** Printable ASCII without a trailing dot (RFC 6066 §3: "ASCII encoding without a trailing dot"). */
    private static boolean isValidHostName(byte[] name) {
        for (byte b : name) {
            if (b <= 0x20 || b >= 0x7F) {
                return false;
            }
        }
        return name[name.length - 1] != '.';
    }

    /** UseSRTPData (RFC 5764 §4.1.1): the protection profiles (u16 code points) and the srtp_mki. */
    public record UseSrtpData(int[] profiles, byte[] mki) {
    }

    /**
     * use_srtp: {@code SRTPProtectionProfile SRTPProtectionProfiles<2..2^16-1>; opaque srtp_mki<0..255>}
     * (RFC 5764 §4.1.1); a server sends exactly one profile.
     */
    public static byte[] useSrtp(int[] profiles, byte[] mki) {
        int[] p = Vectors.copyU16List(profiles, 2, 0xFFFE, "SRTPProtectionProfiles");
        byte[] m = Vectors.copy(mki, 0, 0xFF, "srtp_mki");
        WireWriter w = new WireWriter(3 + 2 * p.length + m.length);
        Vectors.writeU16List(w, p);
        return w.vector8(m).toByteArray();
    }

    /** Parses UseSRTPData; an empty or odd-length profile list or trailing bytes are DECODE_ERROR. */
    public static UseSrtpData parseUseSrtp(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        int[] profiles = Vectors.readU16List(r, 2, 0xFFFE, "SRTPProtectionProfiles");
        byte[] mki = r.vector8();
        r.expectEnd();
        return new UseSrtpData(profiles, mki);
    }

    /**
     * application_layer_protocol_negotiation: {@code ProtocolName protocol_name_list<2..2^16-1>}, each
     * {@code opaque ProtocolName<1..2^8-1>} (RFC 7301 §3.1).
     */
    public static byte[] protocolNames(List<byte[]> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("protocol_name_list is empty");
        }
        WireWriter w = new WireWriter(64);
        int list = w.startLength16();
        for (byte[] name : names) {
            w.vector8(Vectors.copy(name, 1, 0xFF, "ProtocolName"));
        }
        w.endLength16(list);
        return w.toByteArray();
    }

    /** Parses a protocol_name_list; an empty list, an empty name or trailing bytes are DECODE_ERROR. */
    public static List<byte[]> parseProtocolNames(byte[] data) throws DecodeException {
        WireReader r = new WireReader(data);
        WireReader list = r.sub16();
        r.expectEnd();
        Vectors.checkLength(list.remaining(), 2, 0xFFFF, "protocol_name_list");
        List<byte[]> names = new ArrayList<>();
        while (list.remaining() > 0) {
            // RFC 7301 §3.1: empty strings MUST NOT be included
            names.add(Vectors.read8(list, 1, 0xFF, "ProtocolName"));
        }
        return names;
    }

    /**
     * Checks that an extension whose extension_data must be empty (extended_master_secret RFC 7627 §5.1,
     * encrypt_then_mac, a server's server_name RFC 6066 §3) is empty; DECODE_ERROR otherwise.
     */
    public static void requireEmpty(int type, byte[] data) throws DecodeException {
        if (data.length != 0) {
            throw DecodeException.decodeError(ExtensionType.name(type) + " must be empty, has " + data.length + " bytes");
        }
    }
}
