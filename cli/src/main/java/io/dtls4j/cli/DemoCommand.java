package io.dtls4j.cli;

import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.session.SessionInfo;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.DtlsServer;
import io.dtls4j.transport.EchoListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code dtls demo}: a server and a client on loopback with freshly generated keys. Shows what the
 * handshake negotiated, then echoes records and reports throughput; exits 0 when every record came
 * back intact.
 */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Run a server and a client on 127.0.0.1 with freshly generated keys.",
                "Prints what the handshake negotiated, echoes records through the server and prints the throughput.",
                "Exits 0 when every record came back intact."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--records", paramLabel = "N", defaultValue = "2000",
            description = "Records to echo. Default: ${DEFAULT-VALUE}.")
    int records;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1000",
            description = "Bytes per record, at most what fits in one datagram (--max-datagram-size, or --mtu less the IP and UDP headers). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = KeyTypes.class, defaultValue = "ec",
            description = "Key of the server's generated certificate: " + KeyTypes.NAMES + ". Default: ${DEFAULT-VALUE}.")
    KeyAlgorithm keyType;

    @Mixin
    TlsOptions tls;

    @Mixin
    KeyLogOption keyLogOption;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--records", records, 1);
        PrintWriter out = spec.commandLine().getOut();
        SecureRandom random = new SecureRandom();

        long keysStart = System.nanoTime();
        CertifiedKey serverKey = GeneratedIdentity.generate(keyType, "dtls4j demo server", random);
        Duration keygen = Duration.ofNanos(System.nanoTime() - keysStart);
        CertificateFingerprint fingerprint = CertificateFingerprint.sha256(serverKey.leaf());

        try (KeyLogFile keyLog = keyLogOption.open(System.getenv())) {
            DtlsConfig.Builder serverConfig = DtlsConfig.builder().certifiedKey(serverKey).random(random);
            // the client trusts exactly the certificate just generated: pinned by fingerprint
            DtlsConfig.Builder clientConfig = DtlsConfig.builder()
                    .peerVerifier(PeerVerifiers.fingerprints(List.of(fingerprint)))
                    .random(random);
            tls.applyTo(serverConfig);
            tls.applyToClientOf(clientConfig, serverKey);
            if (keyLog != null) {
                clientConfig.keyLog(keyLog);
            }
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            DtlsServer server = DtlsServer.builder(serverConfig.build())
                    .bind(loopback)
                    .listener(new EchoListener())
                    .threads(1)
                    .build();
            try {
                try {
                    server.start();
                } catch (IOException e) {
                    throw Failures.classify(e, "demo server");
                }
                String where = HostPort.format(server.localAddress());
                out.println("dtls4j demo: server and client on " + where + ", keys generated just now");
                out.printf(Locale.ROOT, "  server key     %s, self-signed certificate, generated in %s ms%n",
                        KeyTypes.displayName(keyType), SessionSummary.millis(keygen));
                out.flush();

                long start = System.nanoTime();
                DtlsClient client;
                try {
                    client = DtlsClient.connect(server.localAddress(), clientConfig.build(), null, Duration.ofSeconds(10));
                } catch (IOException | DtlsException e) {
                    throw Failures.classify(e, where);
                }
                try (client) {
                    Duration handshake = Duration.ofNanos(System.nanoTime() - start);
                    SessionInfo session = client.session();
                    out.printf(Locale.ROOT, "  version        %s%n", session.protocolVersion());
                    out.printf(Locale.ROOT, "  cipher suite   %s (%s)%n", session.cipherSuite().openSslName(),
                            session.cipherSuite().name());
                    out.printf(Locale.ROOT, "  group          %s%n", GroupNames.displayName(session.namedGroup()));
                    out.printf(Locale.ROOT, "  server         %s (pinned by the client)%n", SessionSummary.peerIdentity(session));
                    out.printf(Locale.ROOT, "  handshake      %s ms%n", SessionSummary.millis(handshake));
                    if (keyLog != null) {
                        out.printf(Locale.ROOT, "  key log        %s%n", keyLog.path());
                    }
                    out.flush();

                    EchoExchange.Result echo;
                    try {
                        echo = EchoExchange.run(client, records, size);
                    } catch (IOException | DtlsException e) {
                        throw Failures.classify(e, where);
                    }
                    double seconds = echo.elapsed().toNanos() / 1e9;
                    out.printf(Locale.ROOT, "  echo           %d records of %d bytes in %.3f s: %.0f records/s, %.1f MB/s each way%s%n",
                            echo.records(), echo.size(), seconds, echo.records() / seconds,
                            echo.bytes() / seconds / 1e6, echo.resent() == 0 ? "" : " (" + echo.resent() + " resent)");
                }
                out.println("ok: every record came back intact");
                out.flush();
                return ExitCode.OK.code();
            } finally {
                server.close();
            }
        }
    }
}
