package io.dtls4j.handshake.extension;

import io.dtls4j.auth.LocalIdentity;
import io.dtls4j.auth.PeerAuthenticator;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.handshake.message.CertificateType;

/**
 * What the hello extensions of one handshake learned, on either side. The extensions write it; the
 * handshake reads it to choose (server) or to check (client) the rest. Not thread-safe: one handshake.
 */
public final class HelloNegotiation {
    public final DtlsConfig config;
    /** True on the client. */
    public final boolean client;
    public final LocalIdentity identity;
    public final PeerAuthenticator peers;
    /** The client's: the name it connects to (may be an IP literal, never sent), or null. */
    public final String serverName;

    /** The server's: the host_name of the client's server_name (RFC 6066 §3), or null when it sent none. */
    public String requestedServerName;
    /** supported_groups of the client (RFC 8422 §5.1.1), null when it sent none. */
    public int[] clientGroups;
    /** signature_algorithms of the client (RFC 5246 §7.4.1.4.1), empty when it sent none. */
    public int[] clientSignatureSchemes = new int[0];
    /** RFC 7627: both sides use the extended master secret. */
    public boolean extendedMasterSecret;
    /** RFC 5746: the peer signalled secure renegotiation (extension or, from a client, the SCSV). */
    public boolean secureRenegotiation;
    /** The peer sent ec_point_formats (RFC 8422 §5.1.2), so the server answers with it. */
    public boolean peerSentPointFormats;
    /** RFC 7250: the certificate type the server authenticates with, and whether it was negotiated by extension. */
    public int serverCertificateType = CertificateType.X509;
    public boolean serverCertificateTypeNegotiated;
    /** RFC 7250: the certificate type the client authenticates with, and whether it was negotiated by extension. */
    public int clientCertificateType = CertificateType.X509;
    public boolean clientCertificateTypeNegotiated;
    /** Server: it asks for a client certificate (CertificateRequest). */
    public boolean requestClientCertificate;
    /** RFC 5764: the negotiated SRTP protection profile, null when none. */
    public SrtpProfile srtpProfile;
    /** RFC 5764 §4.1.3: the MKI both sides use (empty for none); the server's answer once negotiated. */
    public byte[] srtpMki = new byte[0];
    /** RFC 7301: the negotiated application protocol, null when none. */
    public String applicationProtocol;
    /**
     * RFC 9146: the connection ID the peer writes in the records it sends us (ours, possibly empty),
     * and the one we write in ours (the peer's); both null unless connection_id was negotiated.
     */
    public byte[] readConnectionId;
    public byte[] writeConnectionId;
    /** RFC 5077 §3.2, client: the ticket it offers in ClientHello, or null to ask for a new one. */
    public byte[] offeredTicket;
    /** RFC 5077 §3.2, server: the client's SessionTicket extension_data (empty: it asks for one), null when absent. */
    public byte[] clientTicket;
    /** RFC 5077 §3.2: the ServerHello carries the empty SessionTicket extension, so NewSessionTicket follows. */
    public boolean sessionTicketIssued;
    /**
     * RFC 8449: once record_size_limit is negotiated (both sides sent it), the largest plaintext of a
     * protected record the peer accepts (capped at the DTLS 1.2 maximum of 2^14), else 0.
     */
    public int peerRecordSizeLimit;
    /** RFC 8449: once negotiated, the limit we advertised (what the peer's protected records must respect), else 0. */
    public int ownRecordSizeLimit;

    public HelloNegotiation(DtlsConfig config, boolean client, String serverName) {
        this.config = config;
        this.client = client;
        this.identity = new LocalIdentity(config);
        this.peers = new PeerAuthenticator(config);
        this.serverName = serverName;
    }

    /** "client" or "server": the peer, for messages. */
    public String peerName() {
        return client ? "server" : "client";
    }
}
