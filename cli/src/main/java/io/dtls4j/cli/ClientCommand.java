package io.dtls4j.cli;

import io.dtls4j.DtlsException;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PeerVerifier;
import io.dtls4j.credentials.PeerVerifiers;
import io.dtls4j.transport.DtlsClient;
import io.dtls4j.transport.SavedSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code dtls client HOST:PORT}: connects, prints a one-line handshake summary on stderr, then sends
 * stdin to the server and writes what the server sends to stdout, like
 * {@code openssl s_client -dtls1_2 -quiet}.
 */
@Command(name = "client", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Connect to a DTLS server, like openssl s_client -dtls1_2 -quiet.",
                "Stdin is sent to the server, what the server sends is written to stdout,"
                        + " and a one-line handshake summary goes to stderr.",
                "The server's certificate must be trusted: by --ca-file, by --fingerprint, by the system's"
                        + " trusted CAs (the default), or not checked at all with --insecure."
        })
public final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPort.Converter.class,
            description = "The server, e.g. 127.0.0.1:4433 or [::1]:4433.")
    HostPort target;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "Name to send as SNI and to check the certificate against. Default: HOST "
                    + "(an IP address is checked against the certificate but not sent as SNI).")
    String serverName;

    @Mixin
    TrustOptions trust;

    @Option(names = "--insecure",
            description = "Accept any server certificate. For tests only: anyone on the path can read and change the data.")
    boolean insecure;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Give up when the handshake has not completed in this time. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--linger", paramLabel = "DURATION", defaultValue = "1s",
            description = "After stdin ends, keep writing what the server sends until it has been quiet this long. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration linger;

    @Mixin
    PskOptions psk;

    @Mixin
    TlsOptions tls;

    @Mixin
    NegotiationOptions negotiation;

    @Mixin
    KeyLogOption keyLogOption;

    @Mixin
    SessionFileOptions sessionFiles;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        OptionChecks.positive("--timeout", timeout);
        PreSharedKey preSharedKey = psk.load();
        SavedSession offered = sessionFiles.load();
        // with --psk and no trust named, only PSK suites are offered: there is no certificate to check
        PeerVerifier verifier = preSharedKey != null && !trust.given() && !insecure ? null : serverVerifier();
        CertifiedKey certifiedKey = identity.load(System.getenv());
        InetSocketAddress address = target.resolve();
        // the engine sends a host name as SNI but never an IP address (RFC 6066 §3); verification checks either
        String name = serverName != null ? serverName : target.host();

        try (KeyLogFile keyLog = keyLogOption.open(System.getenv())) {
            DtlsConfig.Builder builder = DtlsConfig.builder().peerVerifier(verifier);
            if (preSharedKey != null) {
                builder.psk(preSharedKey);
            }
            if (certifiedKey != null) {
                builder.certifiedKey(certifiedKey);
            }
            if (keyLog != null) {
                builder.keyLog(keyLog);
            }
            tls.applyTo(builder, address.getAddress());
            negotiation.applyTo(builder);
            DtlsConfig config = builder.build();

            // s_client -reconnect: each connection after the first offers the session the one before it made
            for (int i = 1; i < sessionFiles.connections(); i++) {
                try (DtlsClient client = connect(address, config, name, offered, err)) {
                    SavedSession made = client.savedSession();
                    offered = made != null ? made : offered;
                }
            }
            DtlsClient client = connect(address, config, name, offered, err);
            try (client) {
                if (sessionFiles.sessionOut != null) {
                    save(client, sessionFiles.sessionOut, err);
                }
                // Ctrl-C still says goodbye: close_notify tells the server the session is over
                Thread hook = new Thread(client::close, "dtls-client-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                int status = bridge(client, System.in, System.out, err);
                Runtime.getRuntime().removeShutdownHook(hook);
                return status;
            }
        }
    }

    /** Connects offering {@code offered} (may be null) and prints the summary line: New or Reused among it. */
    private DtlsClient connect(InetSocketAddress address, DtlsConfig config, String name, SavedSession offered,
                               PrintWriter err) throws CliException {
        long start = System.nanoTime();
        DtlsClient client;
        try {
            client = DtlsClient.connect(address, config, name, offered, timeout);
        } catch (IOException e) {
            throw Failures.classify(e, target.toString());
        } catch (DtlsException e) {
            CliException failure = Failures.classify(e, target.toString());
            HandshakeHints.forClient(e, config).forEach(failure::withHint);
            throw failure;
        }
        Duration handshake = Duration.ofNanos(System.nanoTime() - start);
        err.println("connected to " + target + ": " + SessionSummary.oneLine(client.session(), handshake)
                + (insecure ? " (NOT verified: --insecure)" : ""));
        negotiation.report(client.session(), client::exportKeyingMaterial).forEach(err::println);
        err.flush();
        return client;
    }

    /** --session-out: the session to offer next time, or a line saying there is none. */
    private static void save(DtlsClient client, Path file, PrintWriter err) throws CliException {
        SavedSession saved = client.savedSession();
        if (saved == null) {
            // the ServerHello named no session (RFC 5246 §7.4.1.3: the server will not cache it)
            err.println("the server keeps no session for resumption: nothing saved in " + file);
        } else {
            SessionFile.write(file, saved);
        }
        err.flush();
    }

    private PeerVerifier serverVerifier() throws CliException {
        if (insecure && trust.given()) {
            throw new CliException(ExitCode.USAGE, "--insecure cannot be combined with --ca-file or --fingerprint");
        }
        if (insecure) {
            return PeerVerifiers.insecureAcceptAnyCertificate();
        }
        PeerVerifier named = trust.verifier();
        return named != null ? named : PeerVerifiers.systemDefault();
    }

    /**
     * Copies stdin to the server and the server's records to stdout until both sides are done, then
     * says on stderr how many records and bytes went each way, so that a shortfall is visible.
     */
    private int bridge(DtlsClient client, InputStream in, OutputStream out, PrintWriter err) throws Exception {
        Traffic traffic = new Traffic();
        try {
            return bridge(client, in, out, err, traffic);
        } finally {
            err.println(traffic);
            err.flush();
        }
    }

    /** Records and bytes each way; the pump thread counts what it sent, the main thread what it received. */
    private static final class Traffic {
        private final LongAdder recordsSent = new LongAdder();
        private final LongAdder bytesSent = new LongAdder();
        private long recordsReceived;
        private long bytesReceived;

        @Override
        public String toString() {
            return "sent " + recordsSent.sum() + " records, " + bytesSent.sum() + " bytes; received "
                    + recordsReceived + " records, " + bytesReceived + " bytes";
        }
    }

    private int bridge(DtlsClient client, InputStream in, OutputStream out, PrintWriter err, Traffic traffic)
            throws Exception {
        // stdin is cut into chunks of at most one record each (DtlsClient.send takes no more)
        StdinPump pump = StdinPump.start(in, chunk -> {
            client.send(chunk);
            traffic.recordsSent.increment();
            traffic.bytesSent.add(chunk.length);
        }, client.maxSendSize());
        long lastActivity = System.nanoTime();
        while (true) {
            byte[] data;
            try {
                data = client.receive(Duration.ofMillis(100));
            } catch (EOFException e) {
                err.println("server closed the session");
                err.flush();
                return ExitCode.OK.code();
            } catch (IOException | DtlsException e) {
                throw Failures.classify(e, target.toString());
            }
            if (data != null) {
                traffic.recordsReceived++;
                traffic.bytesReceived += data.length;
                out.write(data);
                out.flush();
                lastActivity = System.nanoTime();
                continue;
            }
            Exception sendFailure = pump.failure();
            if (sendFailure instanceof EOFException) {
                err.println("server closed the session");
                err.flush();
                return ExitCode.OK.code();
            }
            if (sendFailure != null) {
                throw Failures.classify(sendFailure, target.toString());
            }
            if (pump.finished()) {
                long quietSince = Math.max(lastActivity, pump.finishedAt());
                if (System.nanoTime() - quietSince >= linger.toNanos()) {
                    return ExitCode.OK.code();
                }
            }
        }
    }
}
