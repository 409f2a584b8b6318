package io.dtls4j.session;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.wire.DecodeException;
import io.dtls4j.wire.WireReader;
import io.dtls4j.wire.WireWriter;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link ResumableSession} (format version {@value #VERSION}), in the
 * presentation language of RFC 5246 §4:
 * <pre>
 * uint8  format_version = 1;
 * opaque session_id&lt;0..32&gt;;
 * opaque master_secret[48];
 * uint8  flags;                          // which optional fields follow, see the FLAG_ constants
 * int64  created_at_millis;
 * opaque server_name&lt;0..2^16-1&gt;;        // UTF-8, if FLAG_SERVER_NAME
 * opaque protocol_version&lt;1..255&gt;;      // UTF-8, "DTLSv1.2"
 * uint16 cipher_suite;
 * uint16 named_group;                    // if FLAG_GROUP
 * uint16 peer_signature_scheme;          // if FLAG_SIGNATURE_SCHEME
 * uint8  certificate_count;              // at most MAX_CERTIFICATES, leaf first
 * opaque certificate&lt;1..2^24-1&gt;;        // DER, certificate_count times
 * opaque key_algorithm&lt;1..255&gt;;         // if FLAG_PUBLIC_KEY: the JCA algorithm name
 * opaque public_key&lt;1..2^16-1&gt;;         // if FLAG_PUBLIC_KEY: SubjectPublicKeyInfo DER
 * opaque psk_identity&lt;0..2^16-1&gt;;       // UTF-8, if FLAG_PSK_IDENTITY
 * uint16 srtp_profile;                   // if FLAG_SRTP
 * opaque srtp_mki&lt;0..255&gt;;
 * opaque application_protocol&lt;1..255&gt;;  // UTF-8, if FLAG_ALPN
 * opaque ticket&lt;0..2^16-1&gt;;             // RFC 5077 §3.3; empty: none
 * uint32 ticket_lifetime_hint;           // seconds
 * int64  ticket_received_at_millis;
 * </pre>
 * Nothing may follow. Every length is checked against what is there before anything is allocated,
 * and the whole input is bounded by {@link ResumableSession#MAX_ENCODED_LENGTH}.
 */
final class SessionCodec {
    static final int VERSION = 1;
    /** A peer chain longer than this is not kept (the handshake's own bound is lower in practice). */
    static final int MAX_CERTIFICATES = 16;
    static final int MASTER_SECRET_LENGTH = 48;

    private static final int FLAG_SERVER_NAME = 1;
    private static final int FLAG_EXTENDED_MASTER_SECRET = 1 << 1;
    private static final int FLAG_GROUP = 1 << 2;
    private static final int FLAG_SIGNATURE_SCHEME = 1 << 3;
    private static final int FLAG_PUBLIC_KEY = 1 << 4;
    private static final int FLAG_PSK_IDENTITY = 1 << 5;
    private static final int FLAG_SRTP = 1 << 6;
    private static final int FLAG_ALPN = 1 << 7;

    private SessionCodec() {
    }

    static byte[] encode(ResumableSession session) {
        SessionInfo info = session.info();
        List<X509Certificate> chain = info.peerCertificates() == null ? List.of() : info.peerCertificates();
        if (chain.size() > MAX_CERTIFICATES) {
            chain = chain.subList(0, MAX_CERTIFICATES);
        }
        int flags = (session.serverName() != null ? FLAG_SERVER_NAME : 0)
                | (info.extendedMasterSecret() ? FLAG_EXTENDED_MASTER_SECRET : 0)
                | (info.namedGroup() != null ? FLAG_GROUP : 0)
                | (info.peerSignatureScheme() != null ? FLAG_SIGNATURE_SCHEME : 0)
                | (info.peerPublicKey() != null ? FLAG_PUBLIC_KEY : 0)
                | (info.pskIdentity() != null ? FLAG_PSK_IDENTITY : 0)
                | (info.srtpProfile() != null ? FLAG_SRTP : 0)
                | (info.applicationProtocol() != null ? FLAG_ALPN : 0);
        WireWriter w = new WireWriter(256);
        byte[] secret = session.masterSecret();
        try {
            w.u8(VERSION).vector8(session.id()).bytes(secret).u8(flags);
            int64(w, session.createdAtMillis());
            if (session.serverName() != null) {
                w.vector16(utf8(session.serverName()));
            }
            w.vector8(utf8(info.protocolVersion()));
            w.u16(info.cipherSuite().id());
            if (info.namedGroup() != null) {
                w.u16(info.namedGroup().id());
            }
            if (info.peerSignatureScheme() != null) {
                w.u16(info.peerSignatureScheme().id());
            }
            w.u8(chain.size());
            for (X509Certificate certificate : chain) {
                w.vector24(certificate.getEncoded());
            }
            if (info.peerPublicKey() != null) {
                w.vector8(utf8(info.peerPublicKey().getAlgorithm())).vector16(info.peerPublicKey().getEncoded());
            }
            if (info.pskIdentity() != null) {
                w.vector16(utf8(info.pskIdentity()));
            }
            if (info.srtpProfile() != null) {
                w.u16(info.srtpProfile().id());
            }
            w.vector8(info.srtpMki());
            if (info.applicationProtocol() != null) {
                w.vector8(utf8(info.applicationProtocol()));
            }
            byte[] ticket = session.ticket();
            w.vector16(ticket == null ? new byte[0] : ticket);
            w.u16((int) (session.ticketLifetimeHintSeconds() >>> 16)).u16((int) (session.ticketLifetimeHintSeconds() & 0xFFFF));
            int64(w, session.ticketReceivedAtMillis());
            return w.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the peer's certificate cannot be encoded: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    static ResumableSession decode(byte[] bytes) throws SessionFormatException {
        if (bytes == null || bytes.length == 0) {
            throw new SessionFormatException("no session: the input is empty");
        }
        if (bytes.length > ResumableSession.MAX_ENCODED_LENGTH) {
            throw new SessionFormatException("a session is at most " + ResumableSession.MAX_ENCODED_LENGTH
                    + " bytes, and this input has " + bytes.length);
        }
        if ((bytes[0] & 0xFF) != VERSION) {
            throw new SessionFormatException("session format version " + (bytes[0] & 0xFF) + " is not known; this library reads "
                    + VERSION);
        }
        WireReader r = new WireReader(bytes, 1, bytes.length - 1);
        byte[] secret = null;
        try {
            byte[] id = r.vector8();
            if (id.length > 32) {
                throw new SessionFormatException("a session ID has at most 32 bytes, this one " + id.length);
            }
            secret = r.bytes(MASTER_SECRET_LENGTH);
            int flags = r.u8();
            long createdAt = int64(r);
            String serverName = (flags & FLAG_SERVER_NAME) != 0 ? string(r.vector16(), "server name") : null;
            String protocolVersion = string(r.vector8(), "protocol version");
            CipherSuite suite = CipherSuite.fromId(r.u16());
            if (suite == null) {
                throw new SessionFormatException("the session's cipher suite is not one this library knows");
            }
            NamedGroup group = null;
            if ((flags & FLAG_GROUP) != 0) {
                group = NamedGroup.fromId(r.u16());
                if (group == null) {
                    throw new SessionFormatException("the session's named group is not one this library knows");
                }
            }
            SignatureScheme scheme = null;
            if ((flags & FLAG_SIGNATURE_SCHEME) != 0) {
                scheme = SignatureScheme.fromId(r.u16());
                if (scheme == null) {
                    throw new SessionFormatException("the session's signature scheme is not one this library knows");
                }
            }
            int count = r.u8();
            if (count > MAX_CERTIFICATES) {
                throw new SessionFormatException("a session keeps at most " + MAX_CERTIFICATES + " certificates, this one " + count);
            }
            List<X509Certificate> chain = new ArrayList<>(count);
            CertificateFactory factory = count == 0 ? null : CertificateFactory.getInstance("X.509");
            for (int i = 0; i < count; i++) {
                byte[] der = r.vector24();
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            PublicKey key = null;
            if ((flags & FLAG_PUBLIC_KEY) != 0) {
                String algorithm = string(r.vector8(), "key algorithm");
                key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(r.vector16()));
            }
            String pskIdentity = (flags & FLAG_PSK_IDENTITY) != 0 ? string(r.vector16(), "PSK identity") : null;
            SrtpProfile srtp = null;
            if ((flags & FLAG_SRTP) != 0) {
                srtp = SrtpProfile.fromId(r.u16());
                if (srtp == null) {
                    throw new SessionFormatException("the session's SRTP profile is not one this library knows");
                }
            }
            byte[] mki = r.vector8();
            String alpn = (flags & FLAG_ALPN) != 0 ? string(r.vector8(), "application protocol") : null;
            byte[] ticket = r.vector16();
            long hint = ((long) r.u16() << 16) | r.u16();
            long ticketReceivedAt = int64(r);
            r.expectEnd();
            SessionInfo info = new SessionInfo(protocolVersion, suite, group, scheme, List.copyOf(chain),
                    (flags & FLAG_EXTENDED_MASTER_SECRET) != 0, key, pskIdentity, srtp, mki, alpn);
            ResumableSession session = new ResumableSession(id, secret, info, serverName, createdAt);
            return ticket.length == 0 ? session : session.withTicket(ticket, hint, ticketReceivedAt);
        } catch (DecodeException e) {
            throw new SessionFormatException("malformed session: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SessionFormatException("the session's peer certificate or key does not decode: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // a certificate parser that throws unchecked on odd DER must not crash the caller either
            throw new SessionFormatException("malformed session: " + e, e);
        } finally {
            if (secret != null) {
                java.util.Arrays.fill(secret, (byte) 0);
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes, String what) throws SessionFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SessionFormatException("the session's " + what + " is not UTF-8", e);
        }
    }

    private static void int64(WireWriter w, long v) {
        w.bytes(ByteBuffer.allocate(Long.BYTES).putLong(v).array());
    }

    private static long int64(WireReader r) throws DecodeException {
        return ByteBuffer.wrap(r.bytes(Long.BYTES)).getLong();
    }
}
