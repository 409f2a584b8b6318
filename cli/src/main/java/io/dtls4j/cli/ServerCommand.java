package io.dtls4j.cli;

import io.dtls4j.config.ClientAuth;
import io.dtls4j.config.DtlsConfig;
import io.dtls4j.credentials.CertificateFingerprint;
import io.dtls4j.credentials.CertifiedKey;
import io.dtls4j.credentials.PreSharedKey;
import io.dtls4j.credentials.PskKeyStore;
import io.dtls4j.credentials.KeyAlgorithm;
import io.dtls4j.credentials.PeerVerifier;
import io.dtls4j.session.SessionCache;
import io.dtls4j.session.TicketKeyRing;
import io.dtls4j.transport.DtlsServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code dtls server}: accepts DTLS clients on a UDP port, like {@code openssl s_server -dtls1_2}.
 * Data from clients goes to stdout and stdin goes to every connected client, or, with
 * {@code --echo}, every record is sent back to its sender. Runs until interrupted, or until
 * {@code --naccept} sessions have ended.
 */
@Command(name = "server", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Accept DTLS clients on a UDP port, like openssl s_server -dtls1_2.",
                "Data from clients is written to stdout and stdin is sent to every connected client;"
                        + " with --echo each record goes back to its sender instead.",
                "Without --cert a self-signed certificate is generated; its fingerprint is printed for dtls client --fingerprint."
        })
public final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "4433",
            description = "UDP port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Local address to listen on. Default: ${DEFAULT-VALUE} (this machine only); "
                    + "0.0.0.0 or :: for every interface.")
    String bind;

    @Mixin
    IdentityOptions identity;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = KeyTypes.class, defaultValue = "ec",
            description = "Key of the generated certificate when --cert is not given: " + KeyTypes.NAMES
                    + ". Default: ${DEFAULT-VALUE}.")
    KeyAlgorithm keyType;

    @Option(names = "--verify",
            description = "Require a client certificate, trusted through --ca-file or --fingerprint "
                    + "(either of those alone implies --verify).")
    boolean verify;

    @Mixin
    TrustOptions trust;

    @Option(names = "--echo", description = "Send every record back to its sender (instead of bridging stdin/stdout).")
    boolean echo;

    @Option(names = "--naccept", paramLabel = "N",
            description = "Exit once N sessions have ended (closed, or failed during the handshake).")
    Integer naccept;

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Drop a client whose handshake has not completed within this time. Default: ${DEFAULT-VALUE}.")
    Duration handshakeTimeout;

    @Mixin
    PskOptions psk;

    @Option(names = "--psk-hint", paramLabel = "TEXT",
            description = "The PSK identity hint to send (RFC 4279), like openssl s_server -psk_hint. Needs --psk.")
    String pskHint;

    @Mixin
    TlsOptions tls;

    @Mixin
    NegotiationOptions negotiation;

    @Mixin
    KeyLogOption keyLogOption;

    @Mixin
    ResumptionOptions resumption;

    @Option(names = "--io", paramLabel = "IO", converter = ServerIo.Converter.class, defaultValue = "nio",
            description = {"What serves the UDP socket: " + ServerIo.NAMES + ". Default: ${DEFAULT-VALUE}.",
                    "nio: dtls4j's DtlsServer. netty: the Netty DtlsServerHandler on epoll where it is available, "
                            + "else on Netty's NIO; netty-nio, netty-epoll, netty-io_uring: that Netty transport, "
                            + "refused with the reason when this machine lacks it. Same output, echo and options either way."})
    ServerIo io;

    @Override
    public Integer call() throws Exception {
        if (naccept != null) {
            OptionChecks.atLeast("--naccept", naccept, 1);
        }
        OptionChecks.within("--port", port, 0, 65535, "");
        OptionChecks.positive("--handshake-timeout", handshakeTimeout);
        ServerIo serverIo = io.resolve();
        PrintWriter err = spec.commandLine().getErr();
        SessionCache sessionCache = resumption.sessionCache();
        SecureRandom random = new SecureRandom();
        TicketKeyRing ticketKeyRing = resumption.ticketKeyRing(random);

        if (verify && !trust.given()) {
            throw new CliException(ExitCode.USAGE, "--verify needs --ca-file or --fingerprint to decide which clients to trust");
        }
        PeerVerifier clientVerifier = trust.verifier();
        InetSocketAddress address = new InetSocketAddress(resolve(bind), port);
        CertifiedKey certifiedKey = identity.load(System.getenv());
        PreSharedKey preSharedKey = psk.load();
        if (pskHint != null && preSharedKey == null) {
            throw new CliException(ExitCode.USAGE, "--psk-hint needs --psk");
        }
        String origin = "certificate";
        if (certifiedKey == null && preSharedKey != null) {
            // like openssl s_server -nocert -psk: a server given only a key serves only PSK suites
            origin = "PSK only (identity " + preSharedKey.identity() + ")";
        } else if (certifiedKey == null) {
            certifiedKey = GeneratedIdentity.generate(keyType, "dtls4j server", random);
            origin = "generated self-signed " + KeyTypes.displayName(keyType) + " certificate";
        }

        try (KeyLogFile keyLog = keyLogOption.open(System.getenv())) {
            DtlsConfig.Builder builder = DtlsConfig.builder()
                    .certifiedKey(certifiedKey)
                    .random(random);
            if (preSharedKey != null) {
                builder.pskKeyStore(PskKeyStore.of(preSharedKey)).pskIdentityHint(pskHint);
            }
            if (clientVerifier != null) {
                builder.peerVerifier(clientVerifier).clientAuth(ClientAuth.REQUIRED);
            }
            if (keyLog != null) {
                builder.keyLog(keyLog);
            }
            tls.applyTo(builder, address.getAddress());
            negotiation.applyTo(builder);
            ServerSummary summary = new ServerSummary();
            ProgressBar screen = new ProgressBar(err, ProgressBar.interactive());
            ServerSessions sessions = new ServerSessions(err, echo, naccept, Main.debug(spec.commandLine().getParseResult()))
                    .reporting(negotiation)
                    .showing(screen, summary);
            Listening server;
            try {
                server = serverIo.netty() ? NettyServer.start(serverIo, builder.build(), address, handshakeTimeout,
                                sessionCache, ticketKeyRing, sessions)
                        : nio(builder.build(), address, sessionCache, ticketKeyRing, sessions);
            } catch (IOException e) {
                throw Failures.classify(e, HostPort.format(address));
            }
            Stopper stopper = new Stopper(server, sessions, summary, screen);
            stop = stopper;
            try {
                Thread hook = new Thread(stopper, "dtls-server-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                screen.println("listening on " + HostPort.format(server.localAddress()) + ", " + origin
                        + (certifiedKey == null ? "" : " " + CertificateFingerprint.sha256(certifiedKey.leaf()).toSdp()));
                if (serverIo.netty()) {
                    screen.println("I/O: Netty " + serverIo.toString().substring("netty-".length()));
                }
                if (keyLog != null) {
                    screen.println("writing session keys to " + keyLog.path());
                }
                stopper.startStatusLine();
                if (!echo) {
                    startStdinBridge(System.in, sessions, err);
                }
                ExitCode outcome = sessions.awaitEnd();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down (Ctrl-C): the hook is stopping the server and reporting
                }
                stopper.run();
                return outcome.code();
            } finally {
                server.close();
            }
        }
    }

    /** What the shutdown hook runs (also run on a normal stop); null until the server has started. */
    volatile Runnable stop;

    /**
     * Stops the server and prints the summary, once, whichever comes first: Ctrl-C (the shutdown
     * hook) or the end of {@code --naccept}. On a terminal it also redraws the status line every second.
     */
    private static final class Stopper implements Runnable {
        private static final long STATUS_PERIOD_MILLIS = 1000;

        private final Listening server;
        private final ServerSessions sessions;
        private final ServerSummary summary;
        private final ProgressBar screen;
        private final java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile Thread statusThread;

        Stopper(Listening server, ServerSessions sessions, ServerSummary summary, ProgressBar screen) {
            this.server = server;
            this.sessions = sessions;
            this.summary = summary;
            this.screen = screen;
        }

        void startStatusLine() {
            if (!screen.isInteractive()) {
                return;
            }
            Thread t = new Thread(() -> {
                try {
                    while (!reported.get()) {
                        screen.status(ServerSummary.statusLine(server.totals()));
                        Thread.sleep(STATUS_PERIOD_MILLIS);
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            }, "dtls-server-status");
            t.setDaemon(true);
            statusThread = t;
            t.start();
        }

        @Override
        public void run() {
            server.close();
            sessions.release();
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            Thread t = statusThread;
            if (t != null) {
                t.interrupt();
                try {
                    t.join(STATUS_PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            screen.clearStatus();
            for (String line : summary.lines(server.totals())) {
                screen.println(line);
            }
        }
    }

    /** The running server, whichever I/O serves it. */
    interface Listening extends AutoCloseable {
        InetSocketAddress localAddress();

        /** What the status line and the summary show. */
        ServerTotals totals();

        @Override
        void close();
    }

    private Listening nio(DtlsConfig config, InetSocketAddress address, SessionCache sessionCache,
                          TicketKeyRing ticketKeyRing, ServerSessions sessions) throws IOException {
        DtlsServer server = DtlsServer.builder(config)
                .bind(address)
                .listener(sessions)
                .handshakeTimeout(handshakeTimeout)
                .sessionCache(sessionCache)
                .ticketKeyRing(ticketKeyRing)
                .build();
        server.start();
        return new Listening() {
            @Override
            public InetSocketAddress localAddress() {
                return server.localAddress();
            }

            @Override
            public ServerTotals totals() {
                return ServerTotals.of(server.stats());
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    private static InetAddress resolve(String host) throws CliException {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new CliException(ExitCode.NETWORK, host + ": host name does not resolve", e);
        }
    }

    /** Reads stdin on a daemon thread and sends each chunk to every connected client. */
    private static void startStdinBridge(InputStream in, ServerSessions sessions, PrintWriter err) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[ServerSessions.STDIN_CHUNK];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0) {
                        sessions.broadcast(java.util.Arrays.copyOf(buffer, n));
                    }
                }
            } catch (IOException e) {
                err.println("stdin: " + e.getMessage());
                err.flush();
            }
        }, "dtls-server-stdin");
        t.setDaemon(true);
        t.start();
    }
}
