package io.dtls4j.cli;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.SessionInfo;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** What the client and the server negotiate for the application: DTLS-SRTP, ALPN, and exported keys. */
public final class NegotiationOptions {

    @Option(names = "--srtp", paramLabel = "PROFILE", split = "[:,]", splitSynopsisLabel = ":",
            converter = SrtpProfileNames.class,
            description = "DTLS-SRTP protection profiles (use_srtp, RFC 5764) in preference order, colon-separated, "
                    + "OpenSSL names: SRTP_AES128_CM_SHA1_80, SRTP_AES128_CM_SHA1_32, SRTP_AEAD_AES_128_GCM, "
                    + "SRTP_AEAD_AES_256_GCM. Without a common profile the session is plain DTLS, as with OpenSSL's -use_srtp.")
    List<SrtpProfile> srtp;

    @Option(names = "--alpn", paramLabel = "PROTO", split = ",",
            description = "Application protocols (ALPN, RFC 7301) in preference order, comma-separated, e.g. webrtc,c-webrtc. "
                    + "Without a common protocol the session has none, as with OpenSSL's -alpn.")
    List<String> alpn;

    @Option(names = "--export", paramLabel = "LABEL:LENGTH", converter = ExportRequest.Converter.class,
            description = "After the handshake print 'Keying material: <HEX>' exported with LABEL and no context (RFC 5705), "
                    + "LENGTH bytes, as openssl -keymatexport LABEL -keymatexportlen LENGTH does; "
                    + "e.g. EXTRACTOR-dtls_srtp:60 for the SRTP keys.")
    ExportRequest export;

    @Option(names = "--cid", paramLabel = "LENGTH",
            description = "Negotiate connection IDs (RFC 9146): ask the peer to put a connection ID of LENGTH bytes "
                    + "(0 to 255; 0 for records without one) in the records it sends, so that a session survives "
                    + "the peer's address changing (e.g. a NAT rebinding). Both sides must ask for it.")
    Integer cid;

    /** Applies --srtp, --alpn and --cid; a bad ALPN name or CID length is a usage failure. */
    void applyTo(DtlsConfig.Builder builder) throws CliException {
        if (cid != null) {
            if (cid < 0 || cid > 255) {
                throw new CliException(ExitCode.USAGE, "--cid: the connection ID length must be 0 to 255 bytes (RFC 9146), not " + cid);
            }
            builder.connectionIdLength(cid);
        }
        if (srtp != null) {
            builder.srtpProfiles(TlsOptions.withoutRepeats(srtp));
        }
        if (alpn != null) {
            try {
                builder.applicationProtocols(TlsOptions.withoutRepeats(alpn));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "--alpn: " + e.getMessage());
            }
        }
    }

    /** The lines to print after a handshake: the SRTP profile, the ALPN protocol and the exported keys, when any. */
    List<String> report(SessionInfo session, KeyExporter exporter) {
        List<String> lines = new ArrayList<>(SessionSummary.negotiated(session));
        if (export != null) {
            lines.add(ExportRequest.line(exporter.exportKeyingMaterial(export.label(), null, export.length())));
        }
        return lines;
    }
}
