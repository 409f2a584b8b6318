package io.dtls4j.cli;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.config.SrtpProfile;
import io.dtls4j.session.KeyExporter;
import io.dtls4j.session.SessionInfo;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What the client and the server negotiate for the application: DTLS-SRTP, ALPN, and exported keys. */
public final class NegotiationOptions {

    @Option(names = "--srtp", paramLabel = "PROFILE", split = "[:,]", splitSynopsisLabel = ":",
            converter = SrtpProfileNames.class,
            description = "DTLS-SRTP protection profiles (use_srtp, RFC 5764) in preference order, colon-separated, "
                    + "OpenSSL names: SRTP_AES128_CM_SHA1_80, SRTP_AES128_CM_SHA1_32, SRTP_AEAD_AES_128_GCM, "
                    + "SRTP_AEAD_AES_256_GCM. Without a common profile the session is plain DTLS, as with OpenSSL's -use_srtp.")
    List<SrtpProfile> srtp;

    @Option(names = "--srtp-mki", paramLabel = "HEX",
            description = "Client only: the SRTP Master Key Identifier to offer in use_srtp (RFC 5764 §4.1.3), 1 to 255 bytes "
                    + "as hex, e.g. 0A0B. OpenSSL has no such flag (it always sends an empty MKI and ignores the peer's); "
                    + "the server decides with --srtp-accept-mki whether the MKI is used. Needs --srtp.")
    String srtpMki;

    @Option(names = "--srtp-accept-mki",
            description = "Server only: echo the MKI a client offers in use_srtp, agreeing to carry it in every SRTP packet "
                    + "(RFC 5764 §4.1.3). Without it the server answers with an empty MKI: no MKI is used. Needs --srtp.")
    boolean srtpAcceptMki;

    /** The command this mixin is part of: the MKI flags mean something for one role each. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

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
        applyMki(builder);
        if (alpn != null) {
            try {
                builder.applicationProtocols(TlsOptions.withoutRepeats(alpn));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "--alpn: " + e.getMessage());
            }
        }
    }

    /** --srtp-mki on a client, --srtp-accept-mki on a server; each is a usage failure elsewhere or without --srtp. */
    private void applyMki(DtlsConfig.Builder builder) throws CliException {
        boolean server = command != null && "server".equals(command.name());
        if (srtpMki != null) {
            if (server) {
                throw new CliException(ExitCode.USAGE, "--srtp-mki: the client offers the MKI; a server accepts it "
                        + "with --srtp-accept-mki");
            }
            if (srtp == null) {
                throw new CliException(ExitCode.USAGE, "--srtp-mki: needs --srtp (the MKI travels in use_srtp)");
            }
            byte[] mki;
            try {
                mki = HexFormat.of().parseHex(srtpMki.strip());
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, "--srtp-mki: '" + srtpMki + "' is not hex (e.g. 0A0B)");
            }
            if (mki.length == 0 || mki.length > 255) {
                throw new CliException(ExitCode.USAGE, "--srtp-mki: an MKI is 1 to 255 bytes, not " + mki.length);
            }
            builder.srtpMki(mki);
        }
        if (srtpAcceptMki) {
            if (!server) {
                throw new CliException(ExitCode.USAGE, "--srtp-accept-mki: a server option; a client offers one with --srtp-mki");
            }
            if (srtp == null) {
                throw new CliException(ExitCode.USAGE, "--srtp-accept-mki: needs --srtp (the MKI travels in use_srtp)");
            }
            builder.acceptSrtpMki(true);
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
