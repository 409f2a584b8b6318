package io.dtls4j.cli;

import io.dtls4j.AlertDescription;
import io.dtls4j.DtlsException;
import io.dtls4j.credentials.CredentialException;
import io.dtls4j.credentials.PeerVerificationException;
import io.dtls4j.transport.DtlsTimeoutException;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    private static void check(Throwable failure, ExitCode code, String message) {
        CliException e = Failures.classify(failure, "127.0.0.1:4433");
        assertThat(e.exitCode()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    @Test
    void aCredentialProblemIsAFileFailureWithTheCredentialMessage() {
        check(new CredentialException("server.key", "no PEM block found"), ExitCode.FILE, "server.key: no PEM block found");
    }

    @Test
    void aMissingFileIsAFileFailure() {
        check(new NoSuchFileException("keys/x.pem"), ExitCode.FILE, "keys/x.pem: no such file");
    }

    @Test
    void aPortInUseIsANetworkFailure() {
        check(new BindException("Address already in use"), ExitCode.NETWORK,
                "127.0.0.1:4433: cannot listen: address already in use");
    }

    @Test
    void anUnknownHostAndAnUnreachablePortAreNetworkFailures() {
        check(new UnknownHostException("x.invalid"), ExitCode.NETWORK, "127.0.0.1:4433: host name does not resolve");
        check(new PortUnreachableException(), ExitCode.NETWORK,
                "127.0.0.1:4433: nothing listens there (ICMP port unreachable)");
    }

    @Test
    void aHandshakeTimeoutHasItsOwnCode() {
        check(new DtlsTimeoutException("no DTLS handshake within 1000 ms"), ExitCode.TIMEOUT,
                "127.0.0.1:4433: handshake timeout: no DTLS handshake within 1000 ms");
    }

    @Test
    void anAlertFromThePeerIsAHandshakeFailureNamingTheAlert() {
        check(new DtlsException(AlertDescription.HANDSHAKE_FAILURE, true, "peer sent fatal alert handshake_failure", null),
                ExitCode.HANDSHAKE, "127.0.0.1:4433: peer sent fatal alert handshake_failure");
    }

    @Test
    void aCertificateAlertFromThePeerIsStillAnAlertFromThePeer() {
        // the peer refused our certificate: we did not fail to verify anything
        check(new DtlsException(AlertDescription.BAD_CERTIFICATE, true, "peer sent fatal alert bad_certificate", null),
                ExitCode.HANDSHAKE, "127.0.0.1:4433: peer sent fatal alert bad_certificate");
    }

    @Test
    void thePeerClosingDuringTheHandshakeIsAHandshakeFailure() {
        check(new DtlsException(AlertDescription.CLOSE_NOTIFY, true, "closed", null),
                ExitCode.HANDSHAKE, "127.0.0.1:4433: the peer closed the connection during the handshake");
    }

    @Test
    void ourVerifierRefusingThePeerIsACertificateFailure() {
        PeerVerificationException refused = new PeerVerificationException(AlertDescription.UNKNOWN_CA, "no path to a trust anchor");
        check(new DtlsException(AlertDescription.UNKNOWN_CA, "peer certificate rejected: no path to a trust anchor", refused),
                ExitCode.CERTIFICATE, "127.0.0.1:4433: peer certificate rejected: no path to a trust anchor");
    }

    @Test
    void aProtocolErrorWeDetectedIsAHandshakeFailure() {
        check(new DtlsException(AlertDescription.DECRYPT_ERROR, "peer's Finished does not verify"),
                ExitCode.HANDSHAKE, "127.0.0.1:4433: peer's Finished does not verify");
    }

    @Test
    void anythingElseIsAnInternalErrorPointingAtDebug() {
        CliException e = Failures.classify(new IllegalStateException("boom"), null);
        assertThat(e.exitCode()).isEqualTo(ExitCode.SOFTWARE);
        assertThat(e.getMessage()).isEqualTo("internal error: java.lang.IllegalStateException: boom (run with --debug for the stack trace)");
    }

    @Test
    void aCliExceptionPassesUnchanged() {
        CliException original = new CliException(ExitCode.USAGE, "bad");
        assertThat(Failures.classify(original, "x")).isSameAs(original);
    }
}
