package io.dtls4j.session;

import io.dtls4j.config.CipherSuite;
import io.dtls4j.config.NamedGroup;
import io.dtls4j.config.SignatureScheme;
import io.dtls4j.config.SrtpProfile;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a completed handshake negotiated.
 *
 * @param protocolVersion    "DTLSv1.2"
 * @param cipherSuite        the suite in use
 * @param namedGroup         the ECDHE group, or null for a plain PSK session
 * @param peerSignatureScheme the scheme the peer signed with, or null when the peer did not sign (a client without certificate)
 * @param peerCertificates   the peer's chain, leaf first; empty when the peer sent none
 * @param extendedMasterSecret whether RFC 7627 was negotiated
 * @param peerPublicKey      the key the peer authenticated with (its leaf certificate's, or its raw public key), or null
 * @param pskIdentity        the PSK identity of a PSK or ECDHE_PSK session (RFC 4279), or null; never the key
 * @param srtpProfile        the DTLS-SRTP protection profile (RFC 5764 §4.1.2), or null when use_srtp was not negotiated
 * @param srtpMki            the SRTP Master Key Identifier both sides use (RFC 5764 §4.1.3); empty for none
 * @param applicationProtocol the ALPN protocol (RFC 7301), or null when none was negotiated
 * @param resumed            whether this connection resumed an earlier session (the abbreviated handshake,
 *                           RFC 5246 §7.3); then the suite, group and peer identity are the original session's
 * @param readConnectionId   the connection ID the peer writes in the records it sends us (RFC 9146; ours, possibly
 *                           empty), or null when connection_id was not negotiated
 * @param writeConnectionId  the connection ID we write in the records we send (the peer's, possibly empty), or null
 *                           when connection_id was not negotiated
 */
public record SessionInfo(String protocolVersion, CipherSuite cipherSuite, NamedGroup namedGroup,
                          SignatureScheme peerSignatureScheme, List<X509Certificate> peerCertificates,
                          boolean extendedMasterSecret, PublicKey peerPublicKey, String pskIdentity,
                          SrtpProfile srtpProfile, byte[] srtpMki, String applicationProtocol, boolean resumed,
                          byte[] readConnectionId, byte[] writeConnectionId) {

    private static final byte[] NO_MKI = {};

    public SessionInfo {
        // the usual empty MKI is one shared array (issue #11: a session's heap); srtpMki() hands out copies
        srtpMki = srtpMki == null || srtpMki.length == 0 ? NO_MKI : srtpMki.clone();
        if ((readConnectionId == null) != (writeConnectionId == null)) {
            throw new IllegalArgumentException("connection IDs are negotiated for both directions or for none (RFC 9146 §3)");
        }
        readConnectionId = readConnectionId == null ? null : readConnectionId.clone();
        writeConnectionId = writeConnectionId == null ? null : writeConnectionId.clone();
    }

    /** A session without connection IDs. */
    public SessionInfo(String protocolVersion, CipherSuite cipherSuite, NamedGroup namedGroup,
                       SignatureScheme peerSignatureScheme, List<X509Certificate> peerCertificates,
                       boolean extendedMasterSecret, PublicKey peerPublicKey, String pskIdentity,
                       SrtpProfile srtpProfile, byte[] srtpMki, String applicationProtocol, boolean resumed) {
        this(protocolVersion, cipherSuite, namedGroup, peerSignatureScheme, peerCertificates, extendedMasterSecret,
                peerPublicKey, pskIdentity, srtpProfile, srtpMki, applicationProtocol, resumed, null, null);
    }

    /** This session with the connection IDs its connection negotiated (RFC 9146); nulls for none. */
    public SessionInfo withConnectionIds(byte[] read, byte[] write) {
        return new SessionInfo(protocolVersion, cipherSuite, namedGroup, peerSignatureScheme, peerCertificates,
                extendedMasterSecret, peerPublicKey, pskIdentity, srtpProfile, srtpMki, applicationProtocol, resumed, read, write);
    }

    /** Whether connection_id was negotiated (RFC 9146), even with empty CIDs. */
    public boolean connectionIdNegotiated() {
        return readConnectionId != null;
    }

    /** Our connection ID, which the peer's records carry (a copy; empty when none; null when not negotiated). */
    @Override
    public byte[] readConnectionId() {
        return readConnectionId == null ? null : readConnectionId.clone();
    }

    /** The peer's connection ID, which our records carry (a copy; empty when none; null when not negotiated). */
    @Override
    public byte[] writeConnectionId() {
        return writeConnectionId == null ? null : writeConnectionId.clone();
    }

    /** A session of a full handshake. */
    public SessionInfo(String protocolVersion, CipherSuite cipherSuite, NamedGroup namedGroup,
                       SignatureScheme peerSignatureScheme, List<X509Certificate> peerCertificates,
                       boolean extendedMasterSecret, PublicKey peerPublicKey, String pskIdentity,
                       SrtpProfile srtpProfile, byte[] srtpMki, String applicationProtocol) {
        this(protocolVersion, cipherSuite, namedGroup, peerSignatureScheme, peerCertificates, extendedMasterSecret,
                peerPublicKey, pskIdentity, srtpProfile, srtpMki, applicationProtocol, false);
    }

    /** This session as resumed by a later connection, which negotiated {@code srtp}, {@code mki} and {@code alpn} anew. */
    public SessionInfo resumedWith(SrtpProfile srtp, byte[] mki, String alpn) {
        return new SessionInfo(protocolVersion, cipherSuite, namedGroup, peerSignatureScheme, peerCertificates,
                extendedMasterSecret, peerPublicKey, pskIdentity, srtp, mki, alpn, true);
    }

    /** A session without PSK, SRTP or ALPN. */
    public SessionInfo(String protocolVersion, CipherSuite cipherSuite, NamedGroup namedGroup,
                       SignatureScheme peerSignatureScheme, List<X509Certificate> peerCertificates,
                       boolean extendedMasterSecret, PublicKey peerPublicKey) {
        this(protocolVersion, cipherSuite, namedGroup, peerSignatureScheme, peerCertificates, extendedMasterSecret,
                peerPublicKey, null, null, null, null);
    }

    /** The SRTP Master Key Identifier (a copy); empty when no MKI is used. */
    @Override
    public byte[] srtpMki() {
        return srtpMki.clone();
    }

    /** True when the peer authenticated with a raw public key (RFC 7250) rather than a certificate. */
    public boolean peerUsedRawPublicKey() {
        return peerPublicKey != null && peerCertificates.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionInfo s
                && extendedMasterSecret == s.extendedMasterSecret
                && resumed == s.resumed
                && Objects.equals(protocolVersion, s.protocolVersion)
                && cipherSuite == s.cipherSuite
                && namedGroup == s.namedGroup
                && peerSignatureScheme == s.peerSignatureScheme
                && Objects.equals(peerCertificates, s.peerCertificates)
                && Objects.equals(peerPublicKey, s.peerPublicKey)
                && Objects.equals(pskIdentity, s.pskIdentity)
                && srtpProfile == s.srtpProfile
                && Arrays.equals(srtpMki, s.srtpMki)
                && Objects.equals(applicationProtocol, s.applicationProtocol)
                && Arrays.equals(readConnectionId, s.readConnectionId)
                && Arrays.equals(writeConnectionId, s.writeConnectionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocolVersion, cipherSuite, namedGroup, peerSignatureScheme, peerCertificates,
                extendedMasterSecret, peerPublicKey, pskIdentity, srtpProfile, Arrays.hashCode(srtpMki), applicationProtocol, resumed,
                Arrays.hashCode(readConnectionId), Arrays.hashCode(writeConnectionId));
    }

    @Override
    public String toString() {
        return "SessionInfo[protocolVersion=" + protocolVersion + ", cipherSuite=" + cipherSuite
                + ", namedGroup=" + namedGroup + ", peerSignatureScheme=" + peerSignatureScheme
                + ", peerCertificates=" + peerCertificates.size() + ", extendedMasterSecret=" + extendedMasterSecret
                + ", peerUsedRawPublicKey=" + peerUsedRawPublicKey() + ", pskIdentity=" + pskIdentity + ", srtpProfile=" + srtpProfile
                + ", srtpMki=" + HexFormat.of().formatHex(srtpMki) + ", applicationProtocol=" + applicationProtocol
                + ", resumed=" + resumed
                + (readConnectionId == null ? "" : ", readConnectionId=" + HexFormat.of().formatHex(readConnectionId)
                        + ", writeConnectionId=" + HexFormat.of().formatHex(writeConnectionId))
                + "]";
    }
}
