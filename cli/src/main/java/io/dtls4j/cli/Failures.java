package io.dtls4j.cli;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.credentials.CredentialException;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.transport.DtlsTimeoutException;

import java.io.FileNotFoundException;
import java.net.BindException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Turns whatever ended a command into the one line the user reads and the exit status a script
 * tests. The rules live here only, so that every subcommand reports the same failure the same way.
 */
public final class Failures {
    private Failures() {
    }

    /**
     * Classifies {@code failure}. {@code where} says what the command was doing, for example
     * {@code "127.0.0.1:4433"}; it prefixes network and handshake messages (may be null).
     */
    public static CliException classify(Throwable failure, String where) {
        String prefix = where == null ? "" : where + ": ";
        if (failure instanceof CliException cli) {
            return cli;
        }
        if (failure instanceof CredentialException e) {
            return new CliException(ExitCode.FILE, e.getMessage(), e);
        }
        if (failure instanceof NoSuchFileException || failure instanceof FileNotFoundException
                || failure instanceof AccessDeniedException || failure instanceof FileSystemException) {
            return new CliException(ExitCode.FILE, reason(failure), failure);
        }
        if (failure instanceof DtlsTimeoutException e) {
            return new CliException(ExitCode.TIMEOUT, prefix + "handshake timeout: " + e.getMessage(), e);
        }
        if (failure instanceof DtlsException e) {
            return classifyDtls(e, prefix);
        }
        if (failure instanceof BindException e) {
            return new CliException(ExitCode.NETWORK, prefix + "cannot listen: " + lower(e.getMessage()), e);
        }
        if (failure instanceof UnknownHostException || failure instanceof UnresolvedAddressException) {
            return new CliException(ExitCode.NETWORK, prefix + "host name does not resolve", failure);
        }
        if (failure instanceof PortUnreachableException) {
            return new CliException(ExitCode.NETWORK, prefix + "nothing listens there (ICMP port unreachable)", failure);
        }
        if (failure instanceof SocketException e) {
            return new CliException(ExitCode.NETWORK, prefix + lower(e.getMessage()), e);
        }
        return new CliException(ExitCode.SOFTWARE, prefix + "internal error: " + failure
                + " (run with --debug for the stack trace)", failure);
    }

    private static CliException classifyDtls(DtlsException e, String prefix) {
        AlertDescription alert = e.alert();
        if (!e.alertFromPeer() && (hasCause(e, PeerVerificationException.class) || isCertificateAlert(alert))) {
            return new CliException(ExitCode.CERTIFICATE, prefix + e.getMessage(), e);
        }
        if (e.alertFromPeer() && alert == AlertDescription.CLOSE_NOTIFY) {
            return new CliException(ExitCode.HANDSHAKE, prefix + "the peer closed the connection during the handshake", e);
        }
        if (e.alertFromPeer()) {
            String name = alert == null ? "an unknown alert" : alertName(alert);
            return new CliException(ExitCode.HANDSHAKE, prefix + "peer sent fatal alert " + name, e);
        }
        return new CliException(ExitCode.HANDSHAKE, prefix + e.getMessage(), e);
    }

    /** The alert as the RFCs spell it: {@code handshake_failure}. */
    public static String alertName(AlertDescription alert) {
        return alert.name().toLowerCase(Locale.ROOT);
    }

    /** An alert that refuses a certificate (RFC 5246 §7.2.2), ours or the peer's. */
    static boolean isCertificateAlert(AlertDescription alert) {
        if (alert == null) {
            return false;
        }
        switch (alert) {
            case BAD_CERTIFICATE:
            case UNSUPPORTED_CERTIFICATE:
            case CERTIFICATE_REVOKED:
            case CERTIFICATE_EXPIRED:
            case CERTIFICATE_UNKNOWN:
            case UNKNOWN_CA:
                return true;
            default:
                return false;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** A file system failure in words: {@code server.key: no such file}. */
    static String reason(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + lower(f.getReason());
        }
        return String.valueOf(e.getMessage());
    }

    private static String lower(String message) {
        if (message == null || message.isEmpty()) {
            return "failed";
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
