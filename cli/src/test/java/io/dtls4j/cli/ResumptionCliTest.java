package io.dtls4j.cli;

import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.SelfSignedCertificate;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.DtlsServerListener;
import io.dtls4j.transport.PeerSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dtls client --reconnect}, {@code --session-out} and {@code --session-in} against a
 * {@link DtlsServer} in this JVM, and the server's session cache options; run through picocli with
 * an empty stdin, so each client run ends after its handshakes.
 */
@Timeout(60)
class ResumptionCliTest {
    private static final Pattern SUMMARY = Pattern.compile("connected to 127\\.0\\.0\\.1:\\d+: DTLSv1\\.2 .*, (New|Reused) session, handshake .*");
    @TempDir
    static Path dir;
    static CertifiedKey serverKey;

    private InputStream stdin;

    @BeforeAll
    static void credentials() throws Exception {
        serverKey = SelfSignedCertificate.generate("localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1),
                new SecureRandom(), System.currentTimeMillis());
    }

    @BeforeEach
    void emptyStdin() {
        stdin = System.in;
        System.setIn(new ByteArrayInputStream(new byte[0]));
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    /** A server with {@code cache} (null: none) that records whether each session was resumed. */
    private static final class Server implements AutoCloseable, DtlsServerListener {
        final List<Boolean> resumed = Collections.synchronizedList(new ArrayList<>());
        final DtlsServer server;

        Server(SessionCache cache) throws Exception {
            server = DtlsServer.builder(DtlsConfig.builder().certifiedKey(serverKey).build())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .listener(this).threads(1).sessionCache(cache).build();
            server.start();
        }

        String target() {
            return "127.0.0.1:" + server.localAddress().getPort();
        }

        @Override
        public void sessionEstablished(PeerSession s) {
            resumed.add(s.session().resumed());
        }

        @Override
        public void dataReceived(PeerSession s, byte[] data) {
        }

        @Override
        public void sessionClosed(PeerSession s) {
        }

        @Override
        public void sessionFailed(InetSocketAddress peer, io.dtls4j.DtlsException cause) {
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static InProcess.Outcome client(Server server, String... options) {
        List<String> args = new ArrayList<>(List.of("client", server.target(), "--fingerprint",
                CertificateFingerprint.sha256(serverKey.leaf()).toSdp(), "--linger", "0", "--timeout", "10s"));
        args.addAll(Arrays.asList(options));
        return InProcess.run(args.toArray(String[]::new));
    }

    /** New or Reused, from each summary line the client printed. */
    private static List<String> summaries(InProcess.Outcome outcome) {
        List<String> words = new ArrayList<>();
        for (String line : outcome.errLines()) {
            var m = SUMMARY.matcher(line);
            if (m.matches()) {
                words.add(m.group(1));
            }
        }
        return words;
    }

    @Test
    void reconnectMakesOneFullHandshakeThenResumesFiveTimes() throws Exception {
        try (Server server = new Server(new SessionCache())) {
            InProcess.Outcome outcome = client(server, "--reconnect");
            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            assertThat(summaries(outcome)).as(outcome.err())
                    .containsExactly("New", "Reused", "Reused", "Reused", "Reused", "Reused");
            assertThat(server.resumed).containsExactly(false, true, true, true, true, true);
        }
    }

    @Test
    void reconnectToAServerWithoutCacheIsNewEveryTime() throws Exception {
        try (Server server = new Server(null)) {
            InProcess.Outcome outcome = client(server, "--reconnect");
            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            assertThat(summaries(outcome)).as(outcome.err()).containsExactly("New", "New", "New", "New", "New", "New");
        }
    }

    @Test
    void aSessionSavedBySessionOutIsResumedBySessionInAndTheFileIsTheOwnersOnly() throws Exception {
        Path file = dir.resolve("saved.session");
        try (Server server = new Server(new SessionCache())) {
            InProcess.Outcome first = client(server, "--session-out", file.toString());
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(summaries(first)).containsExactly("New");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file)).startsWith(SessionFile.BEGIN).contains(SessionFile.END);

            InProcess.Outcome second = client(server, "--session-in", file.toString(), "--session-out", file.toString());
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(summaries(second)).as(second.err()).containsExactly("Reused");
            InProcess.Outcome third = client(server, "--session-in", file.toString());
            assertThat(summaries(third)).as(third.err()).containsExactly("Reused");
            assertThat(server.resumed).containsExactly(false, true, true);
        }
    }

    @Test
    void anExistingSessionOutFileIsReplacedByOneOnlyItsOwnerReads() throws Exception {
        Path file = dir.resolve("world-readable.session");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (Server server = new Server(new SessionCache())) {
            assertThat(client(server, "--session-out", file.toString()).exitCode()).isZero();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith(SessionFile.BEGIN);
    }

    @Test
    void aSessionFromAnotherPortIsNotOfferedThere() throws Exception {
        Path file = dir.resolve("port-a.session");
        SessionCache shared = new SessionCache(); // B would resume it if it were offered
        try (Server a = new Server(shared); Server b = new Server(shared)) {
            assertThat(client(a, "--session-out", file.toString()).exitCode()).isZero();
            InProcess.Outcome atB = client(b, "--session-in", file.toString());
            assertThat(atB.exitCode()).as(atB.err()).isZero();
            assertThat(summaries(atB)).containsExactly("New");
            assertThat(b.resumed).containsExactly(false);
        }
    }

    @Test
    void aServerWithoutCacheLeavesNothingToSave() throws Exception {
        Path file = dir.resolve("never-written.session");
        try (Server server = new Server(null)) {
            InProcess.Outcome outcome = client(server, "--session-out", file.toString());
            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            assertThat(outcome.err()).contains("the server keeps no session for resumption: nothing saved in " + file);
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void aCorruptSessionFileIsOneLineNamingTheFile() throws Exception {
        Path garbage = dir.resolve("garbage.session");
        Files.writeString(garbage, "not a session\n");
        assertOneLineFileError(garbage, garbage + ": not a dtls4j session file: no " + SessionFile.BEGIN);

        Path mangled = dir.resolve("mangled.session");
        Files.writeString(mangled, SessionFile.BEGIN + "\nAQQAAAAB3q2+7w==\n" + SessionFile.END + "\n");
        assertOneLineFileError(mangled, mangled + ": not a dtls4j session file: ");

        Path badVersion = dir.resolve("version.session");
        Files.writeString(badVersion, SessionFile.BEGIN + "\nCQQ=\n" + SessionFile.END + "\n");
        assertOneLineFileError(badVersion, badVersion + ": not a dtls4j session file: saved session format version 9");

        Path missing = dir.resolve("missing.session");
        assertOneLineFileError(missing, missing + ": no such file");
    }

    @Test
    void aTruncatedSessionFileIsRefused() throws Exception {
        Path file = dir.resolve("whole.session");
        try (Server server = new Server(new SessionCache())) {
            assertThat(client(server, "--session-out", file.toString()).exitCode()).isZero();
        }
        String text = Files.readString(file);
        String body = text.substring(SessionFile.BEGIN.length(), text.indexOf(SessionFile.END)).strip();
        Path truncated = dir.resolve("truncated.session");
        Files.writeString(truncated, SessionFile.BEGIN + "\n" + body.substring(0, body.length() / 2 / 4 * 4) + "\n" + SessionFile.END);
        assertOneLineFileError(truncated, truncated + ": not a dtls4j session file: ");
    }

    private static void assertOneLineFileError(Path file, String expected) {
        InProcess.Outcome outcome = InProcess.run("client", "127.0.0.1:4433", "--insecure", "--session-in", file.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.FILE.code());
        assertThat(outcome.errLines()).as(outcome.err()).hasSize(1);
        assertThat(outcome.err()).contains(expected).doesNotContain("\tat ");
    }

    @Test
    void serverCacheOptionsAreChecked() {
        InProcess.Outcome both = InProcess.run("server", "--no-session-cache", "--session-cache-size", "10");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(both.err()).contains("--session-cache-size cannot be combined with --no-session-cache");
        InProcess.Outcome zero = InProcess.run("server", "--session-cache-size", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(zero.err()).contains("--session-cache-size: must be 1..");
        InProcess.Outcome noTickets = InProcess.run("server", "--no-tickets", "--ticket-key-rotation", "60m");
        assertThat(noTickets.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(noTickets.err()).contains("--ticket-key-rotation cannot be combined with --no-tickets");
        InProcess.Outcome tooOften = InProcess.run("server", "--ticket-key-rotation", "1s");
        assertThat(tooOften.exitCode()).as(tooOften.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(tooOften.errLines()).as(tooOften.err()).hasSize(1);
        assertThat(tooOften.err()).contains("--ticket-key-rotation: ").contains("got 1s");
        InProcess.Outcome zeroRotation = InProcess.run("server", "--ticket-key-rotation", "0s");
        assertThat(zeroRotation.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(zeroRotation.err()).contains("--ticket-key-rotation: must be positive");
    }

    @Test
    void theSummaryLineSaysNewOrReused() {
        SessionInfo full = new SessionInfo("DTLSv1.2", io.dtls4j.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                null, null, List.of(), true, null);
        assertThat(SessionSummary.oneLine(full, null)).endsWith(", New session");
        assertThat(SessionSummary.oneLine(full.resumedWith(null, null, null), Duration.ofMillis(2)))
                .endsWith(", Reused session, handshake 2.0 ms");
    }
}
